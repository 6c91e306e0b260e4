"""Hub data the wholesale portal tests share: a tagged jacket in two colours and two sizes,
and running an operation."""

from __future__ import annotations

from decimal import Decimal

from stockbridge.catalog.services import create_product
from stockbridge.catalog.specs import AttributeSpec, ProductSpec, VariantSpec
from stockbridge.channels.models import Channel
from stockbridge.sync.models import Run, RunItem
from stockbridge.sync.operations import run_operation

PORTAL_TAGS = ("wholesale", "season:FW26", "category:Outerwear", "department:Women")


def jacket(
    *,
    tags: tuple[str, ...] = PORTAL_TAGS,
    currency: str = "USD",
    handle: str = "field-jacket",
    sku: str = "FJ",
) -> int:
    """A jacket in two colours and two sizes, with custom fields the portal never sees (its
    Navy variants priced in `currency`)."""
    product = create_product(
        spec=ProductSpec(
            title="Field Jacket",
            handle=handle,
            description_html="Waxed cotton.",
            tags=tags,
            custom_fields={"fabric_mill": "Halley Stevensons"},
            attributes=(
                AttributeSpec(name="Color", values=("Olive", "Navy")),
                AttributeSpec(name="Size", values=("S", "M")),
            ),
            variants=tuple(
                VariantSpec(
                    sku=f"{sku}-{colour[:3].upper()}-{size}",
                    price=Decimal("180.00"),
                    wholesale_price=Decimal("90.00") if size == "S" else Decimal("92.50"),
                    barcode=f"0001{n}",
                    currency=currency if colour == "Navy" else "USD",
                    attribute_values=(colour, size),
                )
                for n, (colour, size) in enumerate(
                    (c, s) for c in ("Olive", "Navy") for s in ("S", "M")
                )
            ),
        )
    )
    return product.pk


def operate(channel: Channel, operation: str, *, dry_run: bool = False) -> Run:
    return run_operation(channel_id=channel.pk, operation=operation, dry_run=dry_run)


def items(run: Run) -> list[tuple[str, str, str]]:
    rows = RunItem.objects.filter(run=run).order_by("id")
    return [(i.ref, i.outcome, i.message) for i in rows]
