"""Reading published products back: what the store holds of a product and its variations,
in the terms of a `ProductDraft` (previews, structure checks, the answer of a publish). It is
the catalog import's reading (`catalog.product_of`) turned into `PublishedProduct`."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from stockbridge.channels.errors import NotFound
from stockbridge.channels.port_publish import PublishedProduct, PublishedVariant

from .catalog import product_of
from .client import WooClient
from .orders.values import gmt


def variations(client: WooClient, product: dict[str, Any]) -> list[dict[str, Any]]:
    if product.get("type") != "variable":
        return []
    return list(client.pages(f"/products/{product['id']}/variations"))


def held(product: dict[str, Any], children: list[dict[str, Any]]) -> PublishedProduct:
    remote = product_of(product, children)
    images = {str(c.get("id")): c.get("image") for c in children}
    return PublishedProduct(
        remote_id=remote.remote_id,
        handle=remote.handle,
        title=remote.title,
        status="archived" if product.get("status") == "private" else remote.status,
        description_html=remote.description_html,
        vendor="",
        product_type="",
        tags=remote.tags,
        seo_title=None,
        seo_description=None,
        category=None,
        option_names=remote.option_names,
        variants=tuple(
            PublishedVariant(
                remote_id=v.remote_id,
                inventory_item_id=v.inventory_item_id or v.remote_id,
                sku=v.sku,
                options=tuple(value for _, value in v.options),
                position=v.position,
                barcode=None,
                price=v.price,
                compare_at_price=v.compare_at_price,
                weight=None,
                tracked=v.tracked,
                image_id=_image_id(images.get(v.remote_id)),
            )
            for v in remote.variants
        ),
        image_ids=tuple(str(i.get("id")) for i in product.get("images") or () if i.get("id")),
        updated_at=gmt(product, "date_modified_gmt"),
    )


def _image_id(image: Any) -> str | None:
    return str(image["id"]) if isinstance(image, dict) and image.get("id") else None


def published(client: WooClient, remote_ids: Sequence[str]) -> dict[str, PublishedProduct]:
    """The store's products of `remote_ids` (a product gone is left out)."""
    found: dict[str, PublishedProduct] = {}
    for remote_id in remote_ids:
        if not remote_id.isdigit():
            continue
        try:
            product = client.json(client.get(f"/products/{remote_id}"), "the product")
        except NotFound:
            continue
        found[remote_id] = held(product, variations(client, product))
    return found
