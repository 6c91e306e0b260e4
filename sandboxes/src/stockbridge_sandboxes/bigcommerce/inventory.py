"""Locations and location-aware inventory (v3): items per location, absolute and relative
adjustments (all items checked before any is applied, a transaction id per adjustment)."""

from __future__ import annotations

import uuid
from typing import Any

from .answers import StoreError
from .store import Doc, Store

MAX_ITEMS = 2000
KEPT = ("address", "operating_hours", "special_hours")  # a location's details, kept as given


def create_locations(store: Store, body: Any) -> list[Doc]:
    if not isinstance(body, list) or not body:
        raise StoreError(422, "JSON data is missing or invalid", {"body": "a list of locations"})
    made = []
    store.default_location()
    for n, entry in enumerate(body):
        if not isinstance(entry, dict) or not entry.get("label"):
            raise StoreError(422, "JSON data is missing or invalid", {f"[{n}].label": "required"})
        code = str(entry.get("code") or f"LOC-{n}")
        if any(loc.get("code") == code for loc in store.locations.values()):
            raise StoreError(422, "JSON data is missing or invalid", {f"[{n}].code": "taken"})
        now = store.clock.rfc3339()
        location = {
            "id": store.next_id("location"),
            "code": code,
            "label": entry["label"],
            "description": str(entry.get("description", "")),
            "managed_by_external_source": bool(entry.get("managed_by_external_source", False)),
            "type_id": entry.get("type_id", "PHYSICAL"),
            "enabled": bool(entry.get("enabled", True)),
            "storefront_visibility": bool(entry.get("storefront_visibility", True)),
            "time_zone": entry.get("time_zone", "Etc/UTC"),
            "created_at": now,
            "updated_at": now,
            **{k: entry[k] for k in KEPT if k in entry},
        }
        store.locations[location["id"]] = location
        made.append(location)
    return made


def _identity(item: dict[str, Any]) -> str:
    """The item as BigCommerce names it in an error: `variant_id 106`, `product_id 113`."""
    name = next(n for n in ("variant_id", "sku", "product_id") if n in item)
    return f"{name} {item[name]}"


def _by_variant(store: Store, item: dict[str, Any], variant: Doc) -> int:
    """A variant named by id or SKU; one of a product tracked by product (not its base
    variant) is refused: its stock is the product's."""
    product = store.products.get(variant["product_id"], {})
    if product.get("inventory_tracking") == "product" and (
        product.get("base_variant_id") != variant["id"]
    ):
        raise StoreError(
            422,
            f"[Item with {_identity(item)} is tracked by product, please update stock by "
            "product id]",
            {},
        )
    return int(variant["id"])


def _variant_of(store: Store, item: dict[str, Any], where: str) -> int:
    if "variant_id" in item:
        if item["variant_id"] in store.variants:
            return _by_variant(store, item, store.variants[item["variant_id"]])
        raise StoreError(422, "JSON data is missing or invalid", {where: "unknown variant_id"})
    if "sku" in item:
        found = store.variant_by_sku(str(item["sku"]))
        if found is not None:
            return _by_variant(store, item, found)
        raise StoreError(422, "JSON data is missing or invalid", {where: "unknown sku"})
    product = store.products.get(item.get("product_id"))  # type: ignore[arg-type]
    if product is not None and product.get("base_variant_id") is not None:
        return int(product["base_variant_id"])
    raise StoreError(422, "JSON data is missing or invalid", {where: "name a variant_id or sku"})


def adjust(store: Store, body: Any, *, absolute: bool) -> dict[str, str]:
    items = body.get("items") if isinstance(body, dict) else None
    if not isinstance(items, list) or not items:
        raise StoreError(422, "JSON data is missing or invalid", {"items": "required"})
    if len(items) > MAX_ITEMS:
        raise StoreError(422, "JSON data is missing or invalid", {"items": f"at most {MAX_ITEMS}"})
    planned: dict[tuple[int, int], int] = {}
    for n, item in enumerate(items):
        where = f"items[{n}]"
        if not isinstance(item, dict) or item.get("location_id") not in store.locations:
            raise StoreError(422, "JSON data is missing or invalid", {where: "unknown location_id"})
        quantity = item.get("quantity")
        if not isinstance(quantity, int) or isinstance(quantity, bool):
            raise StoreError(422, "JSON data is missing or invalid", {where: "quantity"})
        key = (_variant_of(store, item, where), int(item["location_id"]))
        if absolute:
            if quantity < 0:
                raise StoreError(422, "JSON data is missing or invalid", {where: "quantity >= 0"})
            planned[key] = quantity
        elif key not in planned and key not in store.stock:
            raise StoreError(
                422,
                f"Items with identity: [{_identity(item)}] requires absolute adjustment before "
                "relative",
                {},
            )
        else:
            planned[key] = (planned[key] if key in planned else store.stock[key]) + quantity
    store.stock.update(planned)
    return {"transaction_id": str(uuid.UUID(int=len(store.stock) + int(store.clock.time())))}


def items(store: Store, query: dict[str, str], location_id: int | None = None) -> list[Doc]:
    wanted = {int(v) for v in query.get("variant_id:in", "").split(",") if v.isdigit()}
    skus = {s for s in query.get("sku:in", "").split(",") if s}
    rows = []
    for variant in store.variants.values():
        if (wanted and variant["id"] not in wanted) or (skus and variant.get("sku") not in skus):
            continue
        places = [
            loc
            for loc in store.locations.values()
            if location_id is None or loc["id"] == location_id
        ]
        levels = [
            {
                "location_id": loc["id"],
                "location_code": loc.get("code", ""),
                "location_name": loc.get("label", ""),
                "location_enabled": loc.get("enabled", True),
                "available_to_sell": store.stock.get((variant["id"], loc["id"]), 0),
                "total_inventory_onhand": store.stock.get((variant["id"], loc["id"]), 0),
            }
            for loc in places
        ]
        identity = {
            "sku": variant.get("sku", ""),
            "variant_id": variant["id"],
            "product_id": variant["product_id"],
        }
        if variant.get("sku_id") is not None:
            identity["sku_id"] = variant["sku_id"]
        rows.append({"identity": identity, "locations": levels})
    return rows
