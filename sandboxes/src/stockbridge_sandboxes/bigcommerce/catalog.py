"""Catalog v3: products with their options and variants. A product always has a base variant
(its own SKU and price); a product created with `variants` gets one variant per entry and the
options their `option_values` name. SKUs are unique across the store's variants (409)."""

from __future__ import annotations

from typing import Any

from . import product_fields
from .answers import StoreError, ids_in
from .store import Doc, Store

TYPES = ("physical", "digital")
TRACKING = ("none", "product", "variant")
MONEY = ("price", "cost_price", "retail_price", "sale_price", "map_price")


def _number(body: dict[str, Any], name: str, errors: dict[str, str], *, nullable: bool) -> None:
    value = body.get(name)
    if value is None and (nullable or name not in body):
        return
    if isinstance(value, bool) or not isinstance(value, int | float) or value < 0:
        errors[name] = f"{name} must be a number of at least 0"


def _check_product(body: Any, *, creating: bool) -> dict[str, Any]:
    if not isinstance(body, dict):
        raise StoreError(422, "The request body must be a JSON object.")
    errors: dict[str, str] = {}
    required = ("name", "type", "weight", "price") if creating else ()
    for name in required:
        if name not in body:
            errors[name] = f"{name} is required"
    if "name" in body and (not isinstance(body["name"], str) or not 1 <= len(body["name"]) <= 250):
        errors["name"] = "name must be 1 to 250 characters"
    if "type" in body and body["type"] not in TYPES:
        errors["type"] = "type must be physical or digital"
    if "inventory_tracking" in body and body["inventory_tracking"] not in TRACKING:
        errors["inventory_tracking"] = "inventory_tracking must be none, product or variant"
    for name in (*MONEY, "weight"):
        _number(body, name, errors, nullable=name not in ("price", "weight"))
    level = body.get("inventory_level")
    if level is not None and (not isinstance(level, int) or isinstance(level, bool) or level < 0):
        errors["inventory_level"] = "inventory_level must be a whole number of at least 0"
    if errors:
        raise StoreError(422, "JSON data is missing or invalid", errors)
    return body


def _unique_sku(store: Store, sku: str, own: int | None = None) -> None:
    if not sku:
        return
    clash = store.variant_by_sku(sku)
    if clash is not None and clash["id"] != own:
        raise StoreError(409, f"The product variant SKU {sku} is a duplicate")


def _variant(store: Store, product: Doc, body: dict[str, Any], base: bool) -> Doc:
    sku = str(body.get("sku", ""))
    _unique_sku(store, sku)
    values = []
    for value in body.get("option_values", []):
        option = next(
            (o for o in product["options"] if o["display_name"] == value["option_display_name"]),
            None,
        )
        if option is None:
            option = {
                "id": store.next_id("option"),
                "product_id": product["id"],
                "display_name": value["option_display_name"],
                "type": "rectangles",
                "option_values": [],
            }
            product["options"].append(option)
        known = next((v for v in option["option_values"] if v["label"] == value["label"]), None)
        if known is None:
            known = {
                "id": store.next_id("option_value"),
                "label": value["label"],
                "sort_order": len(option["option_values"]),
                "is_default": False,
            }
            option["option_values"].append(known)
        values.append(
            {
                "id": known["id"],
                "label": known["label"],
                "option_id": option["id"],
                "option_display_name": option["display_name"],
            }
        )
    variant = {
        "id": store.next_id("variant"),
        "product_id": product["id"],
        "sku": sku,
        "sku_id": None if base else store.next_id("sku"),
        "price": body.get("price"),
        "cost_price": body.get("cost_price"),
        "sale_price": body.get("sale_price"),
        "retail_price": body.get("retail_price"),
        "weight": body.get("weight"),
        "upc": str(body.get("upc", "")),
        "option_values": values,
        "purchasing_disabled": False,
        "calculated_price": float(body.get("price") or product["price"]),
    }
    store.variants[variant["id"]] = variant
    store.stock[(variant["id"], store.default_location())] = int(body.get("inventory_level") or 0)
    return variant


def create_product(store: Store, body: Any) -> Doc:
    body = _check_product(body, creating=True)
    if any(p.get("name") == body["name"] for p in store.products.values()):
        raise StoreError(409, f"The product name {body['name']} is a duplicate")
    variants = body.get("variants") or []
    for entry in variants:
        _unique_sku(store, str(entry.get("sku", "")))
    now = store.clock.rfc3339()
    product: Doc = {
        "id": store.next_id("product"),
        "name": body["name"],
        "type": body["type"],
        "sku": str(body.get("sku", "")),
        "description": str(body.get("description", "")),
        "weight": body["weight"],
        "price": body["price"],
        "cost_price": body.get("cost_price", 0),
        "retail_price": body.get("retail_price", 0),
        "sale_price": body.get("sale_price", 0),
        "inventory_tracking": body.get("inventory_tracking", "none"),
        "is_visible": bool(body.get("is_visible", True)),
        "availability": body.get("availability", "available"),
        "date_created": now,
        "date_modified": now,
        "options": [],
    }
    product_fields.apply(store, product, body, creating=True)
    store.products[product["id"]] = product
    if variants:  # a product with options sells its variants only: no base variant
        product["base_variant_id"] = None
        for entry in variants:
            _variant(store, product, entry, base=False)
    else:  # a simple product is its one base variant (its own SKU, price and stock)
        base = _variant(store, product, {**body, "option_values": []}, base=True)
        product["base_variant_id"] = base["id"]
    return product


# what a product answer carries only when `include` names it (variants are the store's own)
SUB_RESOURCES = frozenset(
    {"custom_fields", "images", "videos", "bulk_pricing_rules", "modifiers", "options",
     "primary_image", "parent_relations"}
)  # fmt: skip


def view(store: Store, product: Doc, include: set[str]) -> Doc:
    doc = {k: v for k, v in product.items() if k not in SUB_RESOURCES - include}
    ids = [v["id"] for v in store.variants.values() if v["product_id"] == product["id"]]
    doc["inventory_level"] = sum(store.inventory_level(i) for i in ids)
    if "variants" in include:
        doc["variants"] = [variant_view(store, store.variants[i]) for i in ids]
    return doc


def listed(store: Store, query: dict[str, str]) -> list[Doc]:
    """`GET /catalog/products` filtered by `id:in`, `name` (exact) and `sku`."""
    rows = list(store.products.values())
    wanted = ids_in(query, "id:in")
    if wanted is not None:
        rows = [p for p in rows if p["id"] in wanted]
    if "name" in query:
        rows = [p for p in rows if p.get("name") == query["name"]]
    if "sku" in query:
        rows = [p for p in rows if p.get("sku") == query["sku"]]
    return rows


def add_variant(store: Store, product_id: int, body: Any) -> Doc:
    """`POST /catalog/products/{id}/variants`: one more variant of a product with options."""
    found = product(store, product_id)
    if not isinstance(body, dict) or not body.get("option_values"):
        raise StoreError(422, "JSON data is missing or invalid", {"option_values": "required"})
    errors: dict[str, str] = {}
    for name in MONEY:
        _number(body, name, errors, nullable=True)
    if errors:
        raise StoreError(422, "JSON data is missing or invalid", errors)
    made = _variant(store, found, body, base=False)
    found["date_modified"] = store.clock.rfc3339()
    return variant_view(store, made)


def variant_view(store: Store, variant: Doc) -> Doc:
    return {**variant, "inventory_level": store.inventory_level(variant["id"])}


def product(store: Store, product_id: int) -> Doc:
    found = store.products.get(product_id)
    if found is None:
        raise StoreError(404, "The requested resource was not found.")
    return found


def update_product(store: Store, product_id: int, body: Any) -> Doc:
    found = product(store, product_id)
    body = _check_product(body, creating=False)
    if "name" in body and any(
        p.get("name") == body["name"] and p["id"] != product_id for p in store.products.values()
    ):
        raise StoreError(409, f"The product name {body['name']} is a duplicate")
    product_fields.apply(store, found, body, creating=False)
    for key in (
        "name",
        "type",
        "description",
        "weight",
        "inventory_tracking",
        "is_visible",
        "availability",
        *MONEY,
    ):
        if key in body:
            found[key] = body[key]
    if found.get("base_variant_id") is not None:  # a simple product's prices are its variant's
        base_variant = store.variants[found["base_variant_id"]]
        for key in (*MONEY[:4], "weight", "upc"):
            if key in body:
                base_variant[key] = body[key]
    if "sku" in body:
        base = found.get("base_variant_id")
        _unique_sku(store, str(body["sku"]), base)
        found["sku"] = str(body["sku"])
        if base is not None:
            store.variants[base]["sku"] = found["sku"]
    found["date_modified"] = store.clock.rfc3339()
    return found


def delete_product(store: Store, product_id: int) -> None:
    store.products.pop(product_id, None)
    for variant_id in [v for v, doc in store.variants.items() if doc["product_id"] == product_id]:
        del store.variants[variant_id]
        for key in [k for k in store.stock if k[0] == variant_id]:
            del store.stock[key]


def update_variants(store: Store, body: Any) -> list[Doc]:
    """`PUT /catalog/variants`: up to 50 variants by `id`, all checked before any is changed."""
    if not isinstance(body, list) or not body:
        raise StoreError(422, "JSON data is missing or invalid", {"body": "a list of variants"})
    if len(body) > 50:
        raise StoreError(
            413,
            "The request payload is too large. The maximum items allowed in the array is 50",
            {},
        )
    errors: dict[str, str] = {}
    for n, entry in enumerate(body):
        if not isinstance(entry, dict) or entry.get("id") not in store.variants:
            errors[f"[{n}].id"] = "no variant with this id"
            continue
        for name in ("price", "cost_price", "sale_price", "retail_price"):
            _number(entry, name, errors, nullable=True)
        if "sku" in entry:
            clash = store.variant_by_sku(str(entry["sku"]))
            if clash is not None and clash["id"] != entry["id"]:
                errors[f"[{n}].sku"] = f"SKU {entry['sku']} is a duplicate"
    if errors:
        raise StoreError(422, "JSON data is missing or invalid", errors)
    changed = []
    for entry in body:
        variant = store.variants[entry["id"]]
        for key in (
            "sku",
            "price",
            "cost_price",
            "sale_price",
            "retail_price",
            "weight",
            "upc",
            "purchasing_disabled",
        ):
            if key in entry:
                variant[key] = entry[key]
        changed.append(variant_view(store, variant))
    return changed
