"""`inventorySetQuantities`: set `available` or `on_hand` at item/location pairs."""

from __future__ import annotations

from typing import Any

from graphql import GraphQLResolveInfo

from stockbridge_sandboxes.shopify.resolvers.inventory import (
    MAX_QUANTITY,
    adjustment_group,
    change_row,
    common_errors,
    emit_level,
    level_for,
    quantity,
    require_change_from,
    set_quantity,
)
from stockbridge_sandboxes.shopify.resolvers.payloads import user_error
from stockbridge_sandboxes.shopify.resolvers.product_fields import hold_total
from stockbridge_sandboxes.shopify.resolvers.registry import Context, mutation
from stockbridge_sandboxes.shopify.store import Obj


def _set_input_errors(data: Obj, rows: list[Obj]) -> list[Obj]:
    """What Shopify checks of the rows themselves: quantity limits (no negative `on_hand`;
    within +-1,000,000,000), then pairs given twice
    (every row of such a pair is named)."""
    errors = []
    pairs: dict[tuple[Any, Any], int] = {}
    for row in rows:
        pair = (row.get("inventoryItemId"), row.get("locationId"))
        pairs[pair] = pairs.get(pair, 0) + 1
    for index, row in enumerate(rows):
        path = ["input", "quantities", str(index)]
        if row.get("quantity", 0) < 0 and data.get("name") == "on_hand":
            errors.append(
                user_error(
                    [*path, "quantity"],
                    "The quantity can't be negative.",
                    "INVALID_QUANTITY_NEGATIVE",
                )
            )
        elif row.get("quantity", 0) > MAX_QUANTITY:
            errors.append(
                user_error(
                    [*path, "quantity"],
                    "The quantity can't be higher than 1,000,000,000.",
                    "INVALID_QUANTITY_TOO_HIGH",
                )
            )
        elif row.get("quantity", 0) < -MAX_QUANTITY:
            # Shopify's documented floor for a total quantity (InventorySetQuantitiesUserErrorCode).
            errors.append(
                user_error(
                    [*path, "quantity"],
                    "The quantity can't be lower than -1,000,000,000.",
                    "INVALID_QUANTITY_TOO_LOW",
                )
            )
        elif pairs[(row.get("inventoryItemId"), row.get("locationId"))] > 1:
            errors.append(
                user_error(
                    [*path, "locationId"],
                    "The combination of inventoryItemId and locationId must be unique.",
                    "NO_DUPLICATE_INVENTORY_ITEM_ID_GROUP_ID_PAIR",
                )
            )
    return errors


@mutation("inventorySetQuantities")
def set_quantities(ctx: Context, _s: Any, args: dict[str, Any], _i: GraphQLResolveInfo) -> Any:
    store = ctx.store
    data = args.get("input") or {}
    rows = data.get("quantities") or []
    require_change_from(ctx, rows, "InventoryQuantityInput")
    errors = []
    if data.get("name") not in ("available", "on_hand"):
        errors.append(
            user_error(
                ["input", "name"],
                "The quantity name must be either 'available' or 'on_hand'.",
                "INVALID_NAME",
            )
        )
    errors.extend(common_errors(data))
    if errors:  # input-level problems are reported before any row is looked at
        return {"inventoryAdjustmentGroup": None, "userErrors": errors}
    errors = _set_input_errors(data, rows)
    if errors:  # quantities and duplicate pairs are checked before anything is looked up
        return {"inventoryAdjustmentGroup": None, "userErrors": errors}
    targets = []
    for index, row in enumerate(rows):
        path = ["input", "quantities", str(index)]
        item = store.get(row.get("inventoryItemId"), "InventoryItem")
        location = store.get(row.get("locationId"), "Location")
        if item is None:
            errors.append(
                user_error(
                    [*path, "inventoryItemId"],
                    "The specified inventory item could not be found.",
                    "INVALID_INVENTORY_ITEM",
                )
            )
        elif location is None:
            errors.append(
                user_error(
                    [*path, "locationId"],
                    "The specified location could not be found.",
                    "INVALID_LOCATION",
                )
            )
        else:
            level = level_for(store, item, location["id"])
            if level is None or level.get("isActive") is False:
                errors.append(
                    user_error(
                        [*path, "locationId"],
                        "The specified inventory item is not stocked at the location.",
                        "ITEM_NOT_STOCKED_AT_LOCATION",
                    )
                )
            else:
                current = quantity(level, data.get("name") or "available")
                expected, field, code = (
                    row.get("changeFromQuantity"),
                    "changeFromQuantity",
                    ("CHANGE_FROM_QUANTITY_STALE"),
                )
                if expected is None and not data.get("ignoreCompareQuantity"):
                    # 2026-01 and older: `compareQuantity`, unless `ignoreCompareQuantity`.
                    expected, field, code = (
                        row.get("compareQuantity"),
                        "compareQuantity",
                        "COMPARE_QUANTITY_STALE",
                    )
                if expected is not None and expected != current:
                    errors.append(
                        user_error(
                            [*path, field],
                            "The specified compare quantity does not match the current quantity.",
                            code,
                        )
                    )
                else:
                    targets.append((level, row))
    if errors:
        return {"inventoryAdjustmentGroup": None, "userErrors": errors}
    name = data.get("name") or "available"
    changes, mirror = [], []
    for level, _row in targets:
        hold_total(store, store.deref(level.get("item")) or {})
    for level, row in targets:
        available_before = quantity(level, "available")
        on_hand_before = quantity(level, "on_hand")
        before = quantity(level, name)
        set_quantity(store, level, "available", available_before + row["quantity"] - before)
        # Shopify lists every row's `available` change, then every row's `on_hand` change,
        # and leaves quantityAfterChange null in the set payload (every recording).
        changes.append(
            change_row(
                "available", quantity(level, "available") - available_before, None, level, None
            )
        )
        mirror.append(
            change_row("on_hand", quantity(level, "on_hand") - on_hand_before, None, level, None)
        )
        emit_level(ctx, level)
    changes += mirror
    return {"inventoryAdjustmentGroup": adjustment_group(ctx, data, changes), "userErrors": []}
