"""Import: every product with its options and variants (`GET /v3/catalog/products?
include=variants,options`, 250 a page), mapped onto the port's RemoteProduct. A simple
product is its base variant; a product with options sells its option variants. A variant's
inventory item is the variant itself (BigCommerce counts stock per variant and location); its
quantities per location come from the inventory API, one call per page of products."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal, InvalidOperation
from typing import Any

from stockbridge.channels.port import RemoteProduct, RemoteQuantity, RemoteVariant

from .client import BigCommerceClient


def _money(value: Any) -> Decimal | None:
    if value in (None, ""):
        return None
    try:
        return Decimal(str(value))
    except InvalidOperation:
        return None


Quantities = dict[str, tuple[RemoteQuantity, ...]]


def _variant(
    product: dict[str, Any], variant: dict[str, Any], position: int, stock: Quantities
) -> RemoteVariant:
    options = tuple(
        (str(v["option_display_name"]), str(v["label"])) for v in variant.get("option_values", [])
    )
    price = _money(variant.get("price"))
    return RemoteVariant(
        remote_id=str(variant["id"]),
        inventory_item_id=str(variant["id"]),
        sku=str(variant.get("sku") or ""),
        barcode=str(variant.get("upc") or ""),
        title=" / ".join(value for _, value in options) or str(product["name"]),
        options=options,
        price=price if price is not None else _money(product.get("price")),
        compare_at_price=_money(variant.get("retail_price")) or None,
        cost=_money(variant.get("cost_price")) or None,
        weight=_money(variant.get("weight")),
        weight_unit=None,
        tracked=product.get("inventory_tracking", "none") != "none",
        position=position,
        quantities=stock.get(str(variant["id"]), ()),
    )


def to_remote(product: dict[str, Any], stock: Quantities | None = None) -> RemoteProduct:
    variants = product.get("variants") or []
    names = tuple(str(o["display_name"]) for o in product.get("options") or [])
    return RemoteProduct(
        remote_id=str(product["id"]),
        title=str(product["name"]),
        handle=str((product.get("custom_url") or {}).get("url", "")).strip("/"),
        status="active" if product.get("is_visible", True) else "draft",
        published=bool(product.get("is_visible", True)),
        description_html=str(product.get("description") or ""),
        option_names=names,
        variants=tuple(_variant(product, v, n + 1, stock or {}) for n, v in enumerate(variants)),
    )


def _stock_of(client: BigCommerceClient, variant_ids: list[str]) -> Quantities:
    """Each variant's available quantity per location (`GET /v3/inventory/items`)."""
    found: dict[str, list[RemoteQuantity]] = {}
    for start in range(0, len(variant_ids), 250):
        ids = ",".join(variant_ids[start : start + 250])
        for row in client.pages("/inventory/items", {"variant_id:in": ids}):
            variant = str(row["identity"]["variant_id"])
            found[variant] = [
                RemoteQuantity(
                    location_remote_id=str(place["location_id"]),
                    available=int(place["available_to_sell"]),
                    on_hand=int(place["total_inventory_onhand"]),
                )
                for place in row.get("locations", [])
            ]
    return {variant: tuple(levels) for variant, levels in found.items()}


def export_catalog(client: BigCommerceClient) -> Iterator[RemoteProduct]:
    """A page of products (250) at a time, with its variants' stock read in the same stride:
    never the whole store in memory."""
    for chunk in client.chunks("/catalog/products", {"include": "variants,options"}):
        ids = [str(v["id"]) for product in chunk for v in product.get("variants") or []]
        stock = _stock_of(client, ids)
        for product in chunk:
            yield to_remote(product, stock)
