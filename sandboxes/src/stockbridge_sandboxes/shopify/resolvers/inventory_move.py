"""`inventoryMoveQuantities`: move units between quantity names at one location.

Each change takes `quantity` from `from.name` and adds it to `to.name` (the same location:
Shopify refuses `DIFFERENT_LOCATIONS`, and `SAME_QUANTITY_NAME`); the group lists the two
changes with their ledger documents, and an `on_hand` change when the move altered it (moving
into or out of `incoming`, which `on_hand` does not count). Nothing moves if any change fails.
The wording of the DIFFERENT_LOCATIONS and SAME_QUANTITY_NAME errors is the sandbox's own (no
recording shows them); the other messages are those of the set/adjust mutations.
"""

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
    set_quantity,
)
from stockbridge_sandboxes.shopify.resolvers.payloads import user_error
from stockbridge_sandboxes.shopify.resolvers.product_fields import hold_total
from stockbridge_sandboxes.shopify.resolvers.registry import Context, mutation
from stockbridge_sandboxes.shopify.store import Obj


def _row_problems(ctx: Context, index: int, row: Obj) -> tuple[list[Obj], Obj | None]:
    store = ctx.store
    path = ["input", "changes", str(index)]
    source, target = row.get("from") or {}, row.get("to") or {}
    item = store.get(row.get("inventoryItemId"), "InventoryItem")
    if item is None:
        message = "The specified inventory item could not be found."
        return [user_error([*path, "inventoryItemId"], message, "INVALID_INVENTORY_ITEM")], None
    if source.get("locationId") != target.get("locationId"):
        message = "The quantities can't be moved between different locations."
        return [user_error(path, message, "DIFFERENT_LOCATIONS")], None
    if source.get("name") == target.get("name"):
        message = "The quantity names for each change can't be the same."
        return [user_error(path, message, "SAME_QUANTITY_NAME")], None
    location = store.get(source.get("locationId"), "Location")
    if location is None:
        message = "The specified location could not be found."
        return [user_error([*path, "from", "locationId"], message, "INVALID_LOCATION")], None
    if int(row.get("quantity") or 0) > MAX_QUANTITY:
        message = "The quantity can't be higher than 1,000,000,000."
        return [user_error([*path, "quantity"], message, "INVALID_QUANTITY_TOO_HIGH")], None
    level = level_for(store, item, location["id"])
    if level is None or level.get("isActive") is False:
        message = "The specified inventory item is not stocked at the location."
        return [
            user_error([*path, "from", "locationId"], message, "ITEM_NOT_STOCKED_AT_LOCATION")
        ], None
    for side, terminal in (("from", source), ("to", target)):
        expected = terminal.get("changeFromQuantity")
        if expected is not None and expected != quantity(level, str(terminal.get("name"))):
            message = "The specified compare quantity does not match the current quantity."
            field = [*path, side, "changeFromQuantity"]
            return [user_error(field, message, "CHANGE_FROM_QUANTITY_STALE")], None
    return [], level


@mutation("inventoryMoveQuantities")
def move_quantities(ctx: Context, _s: Any, args: dict[str, Any], _i: GraphQLResolveInfo) -> Any:
    store = ctx.store
    data = args.get("input") or {}
    rows = data.get("changes") or []
    errors = common_errors(data)
    targets = []
    if not errors:
        for index, row in enumerate(rows):
            problems, level = _row_problems(ctx, index, row)
            errors += problems
            if level is not None:
                targets.append((level, row))
    if errors:
        return {"inventoryAdjustmentGroup": None, "userErrors": errors}
    for level, _row in targets:
        hold_total(store, store.deref(level.get("item")) or {})
    changes = []
    for level, row in targets:
        moved = int(row.get("quantity") or 0)
        source, target = row["from"], row["to"]
        on_hand_before = quantity(level, "on_hand")
        for terminal, delta in ((source, -moved), (target, moved)):
            name = str(terminal["name"])
            if name != "on_hand":
                set_quantity(store, level, name, quantity(level, name) + delta)
            changes.append(change_row(name, delta, None, level, terminal.get("ledgerDocumentUri")))
        shift = quantity(level, "on_hand") - on_hand_before
        if shift and "on_hand" not in (source["name"], target["name"]):
            changes.append(change_row("on_hand", shift, None, level, None))
        emit_level(ctx, level)
    return {"inventoryAdjustmentGroup": adjustment_group(ctx, data, changes), "userErrors": []}
