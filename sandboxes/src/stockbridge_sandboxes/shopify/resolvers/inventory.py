"""Inventory quantities: levels, and adjusting them (setting: inventory_set.py; activation
and level reads: inventory_levels.py).

Quantities live on the level as a list of `{name, quantity, updatedAt}`; `on_hand` is kept
equal to available + committed + the unavailable states, as Shopify keeps it.
"""

from __future__ import annotations

from typing import Any

from graphql import GraphQLError, GraphQLResolveInfo

from stockbridge_sandboxes.shopify.gid import gid_number
from stockbridge_sandboxes.shopify.resolvers.payloads import user_error
from stockbridge_sandboxes.shopify.resolvers.product_fields import hold_total
from stockbridge_sandboxes.shopify.resolvers.registry import APP_TITLE, Context, mutation
from stockbridge_sandboxes.shopify.store import Obj, Store, ref

REASONS = (
    "correction",
    "cycle_count_available",
    "damaged",
    "movement_canceled",
    "movement_created",
    "movement_received",
    "movement_updated",
    "other",
    "promotion",
    "quality_control",
    "received",
    "reservation_created",
    "reservation_deleted",
    "reservation_updated",
    "restock",
    "safety_stock",
    "shrinkage",
)
UNAVAILABLE = ("damaged", "quality_control", "safety_stock", "reserved")
ADJUSTABLE = ("available", "damaged", "incoming", "quality_control", "reserved", "safety_stock")
MAX_QUANTITY = 1_000_000_000


def level_for(store: Store, item: Obj, location_id: str) -> Obj | None:
    for entry in item.get("inventoryLevels") or []:
        level = store.deref(entry)
        if level is not None and (level.get("location") or {}).get("__ref") == location_id:
            level.setdefault("item", ref(item["id"]))
            return level
    return None


def ensure_level(store: Store, item: Obj, location: Obj) -> Obj:
    level = level_for(store, item, location["id"])
    if level is None:
        # Each level has its own number (Shopify's level ids are not the location's), so
        # cursors over one location's levels tell them apart.
        gid = f"{store.new_gid('InventoryLevel')}?inventory_item_id={gid_number(item['id'])}"
        level = store.put(
            gid,
            {
                "item": ref(item["id"]),
                "location": ref(location["id"]),
                "quantities": [],
                "isActive": True,
                "createdAt": store.now(),
                "updatedAt": store.now(),
            },
        )
        item.setdefault("inventoryLevels", []).append(ref(gid))
    level["isActive"] = True
    return level


def delete_variant_stock(store: Store, variant: Obj) -> None:
    """Delete a variant with its inventory item and every level of that item: Shopify's
    inventory item belongs to its variant, and a level to its item (none outlives them)."""
    item = store.deref(variant.get("inventoryItem"))
    if item is not None:
        for entry in item.get("inventoryLevels") or []:
            gid = entry.get("__ref") if isinstance(entry, dict) else None
            if gid:
                store.delete(gid)
                store.level_changes.pop(gid, None)
        store.delete(item["id"])
    store.delete(variant["id"])


def quantity(level: Obj, name: str) -> int:
    for q in level.get("quantities") or []:
        if q.get("name") == name:
            return int(q.get("quantity") or 0)
    return 0


def set_quantity(store: Store, level: Obj, name: str, value: int) -> None:
    if name == "available" and quantity(level, name) != value and level.get("id"):
        store.level_changes[level["id"]] = None  # subscribers hear of it after the request
    quantities = level.setdefault("quantities", [])
    # `on_hand` is derived from the other states: Shopify gives it no time of its own.
    stamp = None if name == "on_hand" else store.now()
    for q in quantities:
        if q.get("name") == name:
            q["quantity"] = value
            q["updatedAt"] = stamp
            break
    else:
        quantities.append({"name": name, "quantity": value, "updatedAt": stamp})
    if name != "on_hand":
        on_hand = (
            quantity(level, "available")
            + quantity(level, "committed")
            + sum(quantity(level, n) for n in UNAVAILABLE)
        )
        set_quantity(store, level, "on_hand", on_hand)
    level["updatedAt"] = store.now()


def adjustment_group(ctx: Context, data: Obj, changes: list[Obj]) -> Obj:
    return ctx.store.create(
        "InventoryAdjustmentGroup",
        {
            "createdAt": ctx.store.now(),
            "reason": data.get("reason"),
            "referenceDocumentUri": data.get("referenceDocumentUri"),
            "changes": changes,
            "app": {"id": "gid://shopify/App/1", "title": APP_TITLE},
        },
    )


def change_row(name: str, delta: int, after: int | None, level: Obj, ledger: str | None) -> Obj:
    return {
        "name": name,
        "delta": delta,
        "quantityAfterChange": after,
        "item": level.get("item"),
        "location": level.get("location"),
        "ledgerDocumentUri": ledger,
    }


def emit_level(ctx: Context, level: Obj) -> None:
    """An inventory mutation changed `level`: `inventory_levels/update` goes out once after
    the request, with the level as it is then (the app publishes `store.level_changes`)."""
    if level.get("id"):
        ctx.store.level_changes[level["id"]] = None


def common_errors(data: Obj) -> list[Obj]:
    errors = []
    if data.get("reason") not in REASONS:
        errors.append(
            user_error(
                ["input", "reason"],
                f"The specified reason is invalid. Valid values are: {', '.join(REASONS)}.",
                "INVALID_REASON",
            )
        )
    return errors


def require_change_from(ctx: Context, rows: list[Obj], type_name: str) -> None:
    if ctx.at_least("2026-04") and any("changeFromQuantity" not in row for row in rows):
        raise GraphQLError(
            f"{type_name} must include the following argument: changeFromQuantity.",
            extensions={"code": "INVALID_FIELD_ARGUMENTS"},
        )


@mutation("inventoryAdjustQuantities")
def adjust_quantities(ctx: Context, _s: Any, args: dict[str, Any], _i: GraphQLResolveInfo) -> Any:
    store = ctx.store
    data = args.get("input") or {}
    rows = data.get("changes") or []
    require_change_from(ctx, rows, "InventoryChangeInput")
    name = data.get("name") or ""
    errors = []
    if name not in ADJUSTABLE:
        errors.append(
            user_error(
                ["input", "name"],
                f"The quantity name must be one of: {', '.join(ADJUSTABLE)}.",
                "INVALID_NAME",
            )
        )
    errors.extend(common_errors(data))
    ledgers = {row.get("ledgerDocumentUri") for row in rows}
    if len(ledgers) > 1:
        errors.append(
            user_error(
                ["input", "changes"],
                "All changes must have the same ledger document URI or, in the case of adjusting "
                "available, no ledger document URI.",
                "MAX_ONE_LEDGER_DOCUMENT",
            )
        )
        return {"inventoryAdjustmentGroup": None, "userErrors": errors}
    targets = []
    for index, row in enumerate(rows):
        path = ["input", "changes", str(index)]
        item = store.get(row.get("inventoryItemId"), "InventoryItem")
        location = store.get(row.get("locationId"), "Location")
        ledger = row.get("ledgerDocumentUri")
        if item is None:
            errors.append(
                user_error(
                    [*path, "inventoryItemId"],
                    "The specified inventory item could not be found.",
                    "INVALID_INVENTORY_ITEM",
                )
            )
        if location is None:
            errors.append(
                user_error(
                    [*path, "locationId"],
                    "The specified location could not be found.",
                    "INVALID_LOCATION",
                )
            )
        if item is None or location is None:
            continue
        if ledger and str(ledger).startswith("gid://shopify/"):
            errors.append(
                user_error(
                    [*path, "ledgerDocumentUri"],
                    "Internal (gid://shopify/) ledger documents are not allowed to be adjusted via "
                    "API.",
                    "INTERNAL_LEDGER_DOCUMENT",
                )
            )
            continue
        if name == "available" and ledger:
            errors.append(
                user_error(
                    [*path, "ledgerDocumentUri"],
                    "A ledger document URI is not allowed when adjusting available.",
                    "INVALID_AVAILABLE_DOCUMENT",
                )
            )
            continue
        if name != "available" and not ledger:
            errors.append(
                user_error(
                    [*path, "ledgerDocumentUri"],
                    "A ledger document URI is required except when adjusting available.",
                    "INVALID_QUANTITY_DOCUMENT",
                )
            )
            continue
        level = level_for(store, item, location["id"])
        if level is None or level.get("isActive") is False:
            errors.append(
                user_error(
                    [*path, "locationId"],
                    "The specified inventory item is not stocked at the location.",
                    "ITEM_NOT_STOCKED_AT_LOCATION",
                )
            )
            continue
        expected = row.get("changeFromQuantity")
        if expected is not None and expected != quantity(level, name):
            errors.append(
                user_error(
                    [*path, "changeFromQuantity"],
                    "The specified compare quantity does not match the current quantity.",
                    "CHANGE_FROM_QUANTITY_STALE",
                )
            )
            continue
        targets.append((level, row))
    if errors:
        return {"inventoryAdjustmentGroup": None, "userErrors": errors}
    changes = []
    mirror = []
    for level, _row in targets:
        hold_total(store, store.deref(level.get("item")) or {})
    for level, row in targets:
        delta = int(row.get("delta") or 0)
        if delta == 0:
            continue  # Shopify records no change for a zero delta
        set_quantity(store, level, name, quantity(level, name) + delta)
        after = None  # Shopify leaves quantityAfterChange null in the adjust payload
        changes.append(change_row(name, delta, after, level, row.get("ledgerDocumentUri")))
        if name in ("available", *UNAVAILABLE):
            mirror.append(
                change_row(
                    "on_hand",
                    delta,
                    None if after is None else quantity(level, "on_hand"),
                    level,
                    row.get("ledgerDocumentUri"),
                )
            )
        emit_level(ctx, level)
    if not changes:
        return {"inventoryAdjustmentGroup": None, "userErrors": []}
    return {
        "inventoryAdjustmentGroup": adjustment_group(ctx, data, changes + mirror),
        "userErrors": [],
    }
