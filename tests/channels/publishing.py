"""Test set-up for publishing: hub products made through the catalog service, a channel for a
sandbox store with its publish settings, and readings of what the sandbox holds."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

from stockbridge.catalog.models import Product
from stockbridge.catalog.services import create_product, create_season
from stockbridge.catalog.specs import AttributeSpec, ImageSpec, ProductSpec, VariantSpec
from stockbridge.channels.access import seal
from stockbridge.channels.models import Channel, OperationSettings
from stockbridge.channels.port import Credentials
from stockbridge.platform import clock
from stockbridge.sync.models import Run, RunItem
from stockbridge.sync.operations import run_operation
from tests.support.shopify_stores import Store

TAXONOMY = Path(__file__).resolve().parents[2].parent / "shared/shopify/taxonomy/categories.txt"

READ = """query($id: ID!) {
  product(id: $id) {
    id handle title status descriptionHtml vendor productType tags
    seo { title description }
    category { id fullName }
    options { name position values }
    media(first: 50) { nodes { id ... on MediaImage { image { url } } } }
    variants(first: 250) {
      nodes {
        id sku barcode price compareAtPrice position title
        selectedOptions { name value }
        media(first: 5) { nodes { id } }
        metafields(first: 10) { nodes { namespace key value } }
        inventoryItem { tracked unitCost { amount } measurement { weight { unit value } } }
      }
    }
  }
}"""


def channel_for(store: Store, **settings: Any) -> Channel:
    channel = Channel.objects.create(
        kind="shopify",
        name=store.domain,
        domain=store.domain,
        base_url=store.base_url,
        credentials=seal(Credentials(access_token=store.token)),
        status="connected",
        currency="USD",
        created_at=clock.now(),
    )
    OperationSettings.objects.create(
        channel=channel, operation="publish_listings", settings=settings
    )
    return channel


def set_publish(channel: Channel, **settings: Any) -> None:
    row = OperationSettings.objects.get(channel=channel, operation="publish_listings")
    row.settings = {**row.settings, **settings}
    row.save()


def season(name: str) -> None:
    create_season(name=name)


def jacket(
    handle: str = "harbour-jacket",
    *,
    season_name: str | None = "SS27",
    title: str = "Harbour Jacket",
    image_md5: str = "a" * 32,
    attributes: int = 2,
) -> Product:
    """A product with `attributes` attributes (Colour, Size, Fit, Lining, Zip)."""
    names = ("Colour", "Size", "Fit", "Lining", "Zip")[:attributes]
    values = {
        "Colour": ("Navy", "Moss"),
        "Size": ("S", "M"),
        "Fit": ("Slim",),
        "Lining": ("Fleece",),
        "Zip": ("YKK",),
    }
    combos: list[tuple[str, ...]] = [()]
    for name in names:
        combos = [(*c, v) for c in combos for v in values[name]]
    variants = tuple(
        VariantSpec(
            sku=f"{handle.upper()}-{'-'.join(c)}",
            price=Decimal("54.00"),
            compare_at_price=Decimal("60.00"),
            cost=Decimal("20.50"),
            barcode=f"400{i:04d}",
            weight=Decimal("0.8"),
            weight_unit="kg",
            attribute_values=c,
            currency="USD",
            # hub positions deliberately reversed: option order decides on create
            position=len(combos) - i,
        )
        for i, c in enumerate(combos)
    )
    return create_product(
        spec=ProductSpec(
            title=title,
            handle=handle,
            description_html="<p>Waxed cotton.</p>",
            status="active",
            vendor="Quay & Co",
            product_type="Outerwear",
            category="Live Animals > Ponies > Shetland",
            season=season_name,
            tags=("rain",),
            custom_fields={"seo_title": "Harbour Jacket | Quay"},
            attributes=tuple(AttributeSpec(n, values[n]) for n in names),
            variants=variants,
            images=(
                ImageSpec(url="https://cdn.example.com/shared-logo.png", md5=image_md5),
                ImageSpec(
                    url=f"https://cdn.example.com/{handle}-navy.png",
                    variant_skus=tuple(v.sku for v in variants if "Navy" in v.attribute_values),
                ),
            ),
        )
    )


def publish(channel: Channel, *, dry_run: bool = False, **arguments: str) -> Run:
    return run_operation(
        channel_id=channel.pk,
        operation="publish_listings",
        dry_run=dry_run,
        arguments=arguments or None,
    )


def items(run: Run) -> list[tuple[str, str, str]]:
    return list(RunItem.objects.filter(run=run).values_list("ref", "outcome", "message"))


def changes_of(run: Run, ref: str) -> dict[str, Any]:
    changes: dict[str, Any] = RunItem.objects.get(run=run, ref=ref).changes
    return changes


def remote(store: Store, gid: str) -> dict[str, Any]:
    product: dict[str, Any] = store.gql(READ, {"id": gid})["product"]
    return product


def load_taxonomy(store: Store, *ids: str) -> None:
    """The store learns the taxonomy categories `ids` from Shopify's list in ../shared."""
    wanted = {f"gid://shopify/TaxonomyCategory/{i}" for i in ids}
    lines = [
        line
        for line in TAXONOMY.read_text(encoding="utf-8").splitlines()
        if line.split(" : ", 1)[0].strip() in wanted
    ]
    assert len(lines) == len(wanted)
    store.control("taxonomy", {"categories": "\n".join(lines)})
