"""The connector's own ids for what carries stock: a simple product's stock is the product's
("79"); a variation's is the variation's under its product ("22/23"), since WooCommerce writes
a variation through its product (`/products/22/variations/batch`). WooCommerce keeps one stock
figure per item and no locations: every level is at the one remote location `STOCK`."""

from __future__ import annotations

from stockbridge.channels.errors import NotFound

STOCK = "stock"
STOCK_NAME = "Store stock"  # WooCommerce keeps one figure per product or variation


def item_id(product_id: int | str, variation_id: int | str | None = None) -> str:
    return f"{product_id}/{variation_id}" if variation_id else str(product_id)


def parse(item: str) -> tuple[str, str | None]:
    """(product id, variation id or None) of an item id."""
    product, _, variation = item.partition("/")
    if not product.isdigit() or (variation and not variation.isdigit()):
        raise NotFound(f"{item!r} is not a WooCommerce product or variation id")
    return product, variation or None
