"""Products, variants (products/*) and inventory levels (inventory_levels/update)."""

from __future__ import annotations

from stockbridge_sandboxes.shopify.store import Obj, Store
from stockbridge_sandboxes.shopify.webhook_bodies.values import (
    deref_all,
    legacy_id,
    lower,
    money_text,
    ref_id,
    tags_text,
)


def _available(store: Store, item: Obj) -> int:
    total = 0
    for level in deref_all(store, item.get("inventoryLevels")):
        for q in level.get("quantities") or []:
            if q.get("name") == "available":
                total += int(q.get("quantity") or 0)
    return total


def variant_body(store: Store, product: Obj, variant: Obj) -> Obj:
    item = store.deref(variant.get("inventoryItem")) or {}
    options = [str(o.get("value")) for o in variant.get("selectedOptions") or []]
    body: Obj = {
        "id": legacy_id(variant.get("id")),
        "admin_graphql_api_id": variant.get("id"),
        "product_id": legacy_id(product["id"]),
        "title": variant.get("title"),
        "price": money_text(variant.get("price")),
        "compare_at_price": (
            money_text(variant["compareAtPrice"]) if variant.get("compareAtPrice") else None
        ),
        "sku": variant.get("sku"),
        "barcode": variant.get("barcode"),
        "position": int(variant.get("position") or 1),
        "inventory_item_id": legacy_id(item.get("id")),
        "inventory_policy": str(variant.get("inventoryPolicy") or "DENY").lower(),
        "inventory_management": "shopify" if item.get("tracked") else None,
        "inventory_quantity": _available(store, item),
        "taxable": bool(variant.get("taxable", True)),
        "created_at": variant.get("createdAt"),
        "updated_at": variant.get("updatedAt"),
    }
    for index in range(3):
        body[f"option{index + 1}"] = options[index] if index < len(options) else None
    return body


def product_body(store: Store, product: Obj) -> Obj:
    """The REST product (products/create|update) with its variants and options."""
    variants = deref_all(store, product.get("variants"))
    options = []
    for position, option in enumerate(deref_all(store, product.get("options")), start=1):
        values = [v.get("name") for v in deref_all(store, option.get("optionValues"))]
        options.append(
            {
                "id": legacy_id(option.get("id")),
                "product_id": legacy_id(product["id"]),
                "name": option.get("name"),
                "position": int(option.get("position") or position),
                "values": [str(v) for v in values if v is not None],
            }
        )
    return {
        "id": legacy_id(product["id"]),
        "admin_graphql_api_id": product["id"],
        "title": product.get("title"),
        "body_html": product.get("descriptionHtml"),
        "vendor": product.get("vendor"),
        "product_type": product.get("productType"),
        "handle": product.get("handle"),
        "status": lower(product.get("status")),
        "tags": tags_text(product),
        "created_at": product.get("createdAt"),
        "updated_at": product.get("updatedAt"),
        "variants": [variant_body(store, product, v) for v in variants],
        "options": [o for o in options if o["id"] is not None],
    }


def product_deleted_body(product: Obj) -> Obj:
    """products/delete carries only the id."""
    return {"id": legacy_id(product["id"])}


def inventory_level_body(store: Store, level: Obj) -> Obj:
    """inventory_levels/update: item, location, `available` now, when."""
    available = 0
    stamp = None
    for q in level.get("quantities") or []:
        if q.get("name") == "available":
            available, stamp = int(q.get("quantity") or 0), q.get("updatedAt")
    return {
        "inventory_item_id": ref_id(level.get("item")),
        "location_id": ref_id(level.get("location")),
        "available": available,
        "updated_at": stamp or level.get("updatedAt") or store.now(),
        "admin_graphql_api_id": level.get("id"),
    }
