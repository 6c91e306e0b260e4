"""Products: create (409 on a duplicate brand_id), upsert, update, read by id or brand id.

As recorded, the portal lower-cases `brand_id` and `name`, upper-cases `style_number`, writes
dates as ISO times, and answers the document with its own fields added; every size gets its
own ObjectId (replenishment rows name sizes by it)."""

from __future__ import annotations

import copy
from typing import Any

from .http import PortalError
from .store import Doc, Portal

REQUIRED = ("brand_id", "name", "style_number", "season", "color")
DATES = ("available_from", "available_until", "order_closing")


def _date(value: Any, field: str) -> str:
    if value in (None, ""):
        return ""
    text = str(value)
    if len(text) == 10 and text[4] == "-" and text[7] == "-":
        return f"{text}T00:00:00.000Z"
    if text.endswith("Z") and "T" in text:
        return text
    raise PortalError(400, f"{field} must be a date (YYYY-MM-DD)")


def _pricing(value: Any, field: str) -> dict[str, Any]:
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise PortalError(400, f"{field} must be an object keyed by currency")
    for currency, prices in value.items():
        if not isinstance(prices, dict) or not isinstance(prices.get("wholesale"), int | float):
            raise PortalError(400, f"{field}.{currency}.wholesale must be a number")
    return copy.deepcopy(value)


def _checked(body: Any) -> Doc:
    if not isinstance(body, dict):
        raise PortalError(400, "product must be an object")
    for name in REQUIRED:
        if not isinstance(body.get(name), str) or not body[name].strip():
            raise PortalError(400, f"{name} is required")
    sizes = body.get("sizes", [])
    if not isinstance(sizes, list) or not all(
        isinstance(s, dict) and isinstance(s.get("size"), str) and s["size"] for s in sizes
    ):
        raise PortalError(400, "sizes must be a list of {size, upc}")
    return body


def _apply(portal: Portal, product: Doc, body: Doc) -> Doc:
    sizes_before = {s["size"]: s for s in product.get("sizes", [])}
    for key, value in body.items():
        if key in ("_id", "created_on", "modified_on", "schema_id"):
            continue
        product[key] = copy.deepcopy(value)
    product["brand_id"] = str(product["brand_id"]).lower()
    product["name"] = str(product["name"]).lower()
    product["style_number"] = str(product["style_number"]).upper()
    for name in DATES:
        product[name] = _date(product.get(name), name)
    product["pricing"] = _pricing(product.get("pricing"), "pricing")
    sizes = []
    for size in body.get("sizes", product.get("sizes")) or []:
        entry = {"size": size["size"], "upc": size.get("upc", "")}
        if "pricing" in size:
            entry["pricing"] = _pricing(size["pricing"], f"sizes[{size['size']}].pricing")
        entry["_id"] = sizes_before.get(size["size"], {}).get("_id") or portal.new_id()
        sizes.append(entry)
    product["sizes"] = sizes
    product["modified_on"] = portal.clock.iso()
    return product


def create(portal: Portal, body: Any, *, force: bool) -> tuple[int, Doc]:
    body = _checked(body)
    existing = portal.product_by_brand_id(body["brand_id"])
    if existing is not None:
        if not force:
            raise PortalError(409, f"product with brand_id {existing['brand_id']} already exists")
        return 200, _apply(portal, existing, body)
    now = portal.clock.iso()
    product: Doc = {
        "_id": portal.new_id(),
        "schema_id": "541204aca01ceed9650486a2",
        "created_on": now,
        "description": "",
        "department": "",
        "category": "",
        "warehouses": [],
        "seasons": [],
        "size_groups": [],
        "images": [],
        "available_now": False,
        "cancelled": False,
        "active": True,
    }
    _apply(portal, product, body)
    portal.products[product["_id"]] = product
    return 201, product


def update(portal: Portal, product_id: str, body: Any) -> Doc:
    product = get(portal, product_id)
    if not isinstance(body, dict):
        raise PortalError(400, "product must be an object")
    if "brand_id" in body and body["brand_id"].lower() != product["brand_id"]:
        other = portal.product_by_brand_id(body["brand_id"])
        if other is not None:
            raise PortalError(409, f"product with brand_id {other['brand_id']} already exists")
    return _apply(portal, product, body)


def get(portal: Portal, product_id: str) -> Doc:
    product = portal.products.get(product_id)
    if product is None:
        raise PortalError(404, "product not found")
    return product


def by_brand_id(portal: Portal, brand_id: str) -> Doc:
    product = portal.product_by_brand_id(brand_id)
    if product is None:
        raise PortalError(404, "product not found")
    return product
