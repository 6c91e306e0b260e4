"""Inventory levels: `inventoryActivate`/`inventoryDeactivate` and the level fields read
from items and levels (quantities by name, one item's level at a location)."""

from __future__ import annotations

from typing import Any

from graphql import GraphQLResolveInfo

from stockbridge_sandboxes.shopify.resolvers.inventory import (
    MAX_QUANTITY,
    ensure_level,
    level_for,
    quantity,
    set_quantity,
)
from stockbridge_sandboxes.shopify.resolvers.payloads import user_error
from stockbridge_sandboxes.shopify.resolvers.product_fields import hold_total
from stockbridge_sandboxes.shopify.resolvers.registry import Context, computed, mutation
from stockbridge_sandboxes.shopify.store import Obj, is_ref


@mutation("inventoryActivate")
def activate(ctx: Context, _s: Any, args: dict[str, Any], _i: GraphQLResolveInfo) -> Any:
    store = ctx.store
    item = store.get(args.get("inventoryItemId"), "InventoryItem")
    location = store.get(args.get("locationId"), "Location")
    available, on_hand = args.get("available"), args.get("onHand")

    def fail(field: str, message: str) -> Any:
        return {"inventoryLevel": None, "userErrors": [user_error([field], message)]}

    if location is None:
        return fail(
            "locationId", "The product couldn't be stocked because the location wasn't found."
        )
    where = location.get("name") or "the location"
    if item is None:
        return fail(
            "inventoryItemId",
            f"The product couldn't be stocked at {where} because the product was deleted.",
        )
    if available is not None and on_hand is not None:
        message = (
            f"The product couldn't be stocked at {where} because not allowed to set "
            "available and on_hand quantities at the same time."
        )
        return {
            "inventoryLevel": None,
            "userErrors": [user_error(["available"], message), user_error(["onHand"], message)],
        }
    for field, value in (("available", available), ("onHand", on_hand)):
        if value is not None and abs(int(value)) > MAX_QUANTITY:
            return fail(
                field,
                f"The product couldn't be stocked at {where} because the quantity "
                "needs to be between -1 billion and 1 billion.",
            )
    existed = level_for(store, item, location["id"])
    if existed is not None and existed.get("isActive") is not False:
        if available is not None:
            return fail(
                "available",
                "Not allowed to set available quantity when the item is "
                "already active at the location.",
            )
        if on_hand is not None:
            return fail(
                "onHand",
                "Not allowed to set an on_hand quantity when the item is "
                "already active at the location.",
            )
        return {"inventoryLevel": existed, "userErrors": []}
    level = ensure_level(store, item, location)
    if existed is None or not existed.get("quantities"):
        set_quantity(store, level, "available", int(available or 0))
    if on_hand is not None:
        set_quantity(
            store,
            level,
            "available",
            quantity(level, "available") + int(on_hand) - quantity(level, "on_hand"),
        )
    return {"inventoryLevel": level, "userErrors": []}


@mutation("inventoryDeactivate")
def deactivate(ctx: Context, _s: Any, args: dict[str, Any], _i: GraphQLResolveInfo) -> Any:
    store = ctx.store
    level = store.get(args.get("inventoryLevelId"), "InventoryLevel")
    if level is None:
        return {
            "userErrors": [
                user_error(
                    None, "The product couldn't be unstocked because the location was deleted."
                )
            ]
        }
    item = store.deref(level.get("item")) or {}
    active = [
        lv
        for lv in (store.deref(e) for e in item.get("inventoryLevels") or [])
        if lv and lv.get("isActive") is not False
    ]
    if len(active) <= 1:
        location = store.deref(level.get("location")) or {}
        return {
            "userErrors": [
                user_error(
                    None,
                    "The product couldn't be unstocked from "
                    f"{location.get('name') or 'the location'} "
                    "because products need to be stocked at a minimum of 1 location.",
                )
            ]
        }
    # Shopify keeps a deactivated level, inactive, with its quantities: `includeInactive`
    # reads still show it, and activating the same item and location again restores it.
    hold_total(store, item)
    level["isActive"] = False
    level["updatedAt"] = store.now()
    return {"userErrors": []}


@computed("InventoryLevel", "quantities")
def level_quantities(_c: Context, src: Obj, args: dict[str, Any], _i: GraphQLResolveInfo) -> Any:
    names = args.get("names") or []
    recorded = {q.get("name"): q for q in src.get("quantities") or []}
    out = []
    for name in names:
        q = recorded.get(name) or {"name": name, "quantity": 0, "updatedAt": None}
        out.append({"id": f"{src['id']}&name={name}", **q})
    return out


@computed("InventoryItem", "inventoryLevel")
def item_level(ctx: Context, src: Obj, args: dict[str, Any], _i: GraphQLResolveInfo) -> Any:
    level = level_for(ctx.store, src, args.get("locationId") or "")
    if level is not None and level.get("isActive") is False and not args.get("includeInactive"):
        return None
    return level


@computed("InventoryItem", "inventoryLevels")
def item_levels(ctx: Context, src: Obj, args: dict[str, Any], _i: GraphQLResolveInfo) -> Any:
    """An item's levels in the order they were made; inactive ones only with
    `includeInactive: true`."""
    levels = [ctx.store.deref(e) if is_ref(e) else e for e in src.get("inventoryLevels") or []]
    return [
        lv
        for lv in levels
        if isinstance(lv, dict) and (args.get("includeInactive") or lv.get("isActive") is not False)
    ]


@mutation("inventoryBulkToggleActivation")
def bulk_toggle(ctx: Context, _s: Any, args: dict[str, Any], _i: GraphQLResolveInfo) -> Any:
    """Activate or deactivate one item at several locations; any problem changes nothing.
    The payload lists the levels the request left active."""
    store = ctx.store
    item = store.get(args.get("inventoryItemId"), "InventoryItem")
    updates = args.get("inventoryItemUpdates") or []

    def refuse(errors: list[Obj]) -> Any:
        return {"inventoryItem": None, "inventoryLevels": None, "userErrors": errors}

    if item is None:
        return refuse(
            [
                user_error(
                    ["inventoryItemId"],
                    "The quantity couldn't be updated because the inventory item was not found.",
                    "INVENTORY_ITEM_NOT_FOUND",
                )
            ]
        )
    active = {
        (lv.get("location") or {}).get("__ref")
        for lv in (store.deref(e) for e in item.get("inventoryLevels") or [])
        if lv and lv.get("isActive") is not False
    }
    errors = []
    plan: list[tuple[Obj, bool]] = []
    for index, update in enumerate(updates):
        where = ["inventoryItemUpdates", str(index), "locationId"]
        location = store.get(update.get("locationId"), "Location")
        if location is None:
            message = "The quantity couldn't be updated because the location was not found."
            errors.append(user_error(where, message, "LOCATION_NOT_FOUND"))
            continue
        if update.get("activate"):
            active.add(location["id"])
        elif location["id"] in active:
            if len(active) <= 1:
                errors.append(
                    user_error(
                        where,
                        f"The variant couldn't be unstocked from {location.get('name')} because "
                        "products need to be stocked at a minimum of 1 location.",
                        "CANNOT_DEACTIVATE_FROM_ONLY_LOCATION",
                    )
                )
                continue
            active.discard(location["id"])
        plan.append((location, bool(update.get("activate"))))
    if errors:
        return refuse(errors)
    hold_total(store, item)
    levels = []
    for location, activate in plan:
        if activate:
            existed = level_for(store, item, location["id"])
            level = ensure_level(store, item, location)
            if existed is None:
                set_quantity(store, level, "available", 0)
            levels.append(level)
        else:
            stocked = level_for(store, item, location["id"])
            if stocked is not None:
                stocked["isActive"] = False
                stocked["updatedAt"] = store.now()
    return {"inventoryItem": item, "inventoryLevels": levels, "userErrors": []}


@computed("Location", "inventoryLevels")
def location_levels(ctx: Context, src: Obj, args: dict[str, Any], _i: GraphQLResolveInfo) -> Any:
    """The levels stocked at a location (those held first, then those made here), inactive ones only
    with `includeInactive: true`."""
    levels = [ctx.store.deref(e) if is_ref(e) else e for e in src.get("inventoryLevels") or []]
    seen = {lv.get("id") for lv in levels if isinstance(lv, dict)}
    levels += [
        lv
        for lv in ctx.store.all("InventoryLevel")
        if (lv.get("location") or {}).get("__ref") == src.get("id") and lv.get("id") not in seen
    ]
    return [
        lv
        for lv in levels
        if isinstance(lv, dict) and (args.get("includeInactive") or lv.get("isActive") is not False)
    ]
