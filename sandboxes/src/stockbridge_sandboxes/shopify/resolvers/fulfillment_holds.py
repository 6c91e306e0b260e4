"""Fulfillment holds: `fulfillmentOrderHold` and `fulfillmentOrderReleaseHold`.

A hold puts a fulfillment order ON_HOLD (it can then only be released, held again or moved)
and takes its units out of the order lines' fulfillable quantity. Holding only some units
(`fulfillmentOrderLineItems`) splits the order first: the held one keeps those units, a new
OPEN fulfillment order at the same location takes the rest (`remainingFulfillmentOrder`).
Releasing removes the named holds (all of them when none are named); once none is left the
fulfillment order is OPEN again with its units fulfillable, and the order's fulfillment status
follows (ON_HOLD while any of its fulfillment orders is held).
"""

from __future__ import annotations

from typing import Any

from graphql import GraphQLResolveInfo

from stockbridge_sandboxes.shopify.resolvers.fulfillment_order_splits import fo_lines, split_off
from stockbridge_sandboxes.shopify.resolvers.fulfillments import refresh_fulfillment_status
from stockbridge_sandboxes.shopify.resolvers.payloads import user_error
from stockbridge_sandboxes.shopify.resolvers.registry import Context, computed, mutation
from stockbridge_sandboxes.shopify.store import Obj, Store, ref

DISPLAY_REASONS = {
    "AWAITING_PAYMENT": "Awaiting payment",
    "HIGH_RISK_OF_FRAUD": "High risk of fraud",
    "INCORRECT_ADDRESS": "Incorrect address",
    "INVENTORY_OUT_OF_STOCK": "Inventory out of stock",
    "UNKNOWN_DELIVERY_DATE": "Unknown delivery date",
    "ONLINE_STORE_POST_PURCHASE_CROSS_SELL": "Online store post purchase cross sell",
    "AWAITING_RETURN_ITEMS": "Exchange items awaiting return delivery",
    "OTHER": "Other",
}
ON_HOLD_ACTIONS = ("RELEASE_HOLD", "HOLD", "MOVE")
OPEN_ACTIONS = ("CREATE_FULFILLMENT", "REPORT_PROGRESS", "MOVE", "HOLD", "SPLIT")
BEFORE_HOLD = "__supportedActionsBeforeHold"


def _actions(names: Any) -> list[Obj]:
    return [{"action": name} for name in names]


@computed("FulfillmentOrder", "supportedActions")
def supported_actions(_c: Context, fo: Any, _a: dict[str, Any], _i: GraphQLResolveInfo) -> Any:
    """What can be done with the fulfillment order now: as held or set by the sandbox's
    own transitions, else what its status allows."""
    if not isinstance(fo, dict):
        return []
    if isinstance(fo.get("supportedActions"), list):
        return fo["supportedActions"]
    status = fo.get("status")
    if status == "ON_HOLD":
        return _actions(ON_HOLD_ACTIONS)
    if status in ("OPEN", "IN_PROGRESS"):
        return _actions(OPEN_ACTIONS)
    return []


def _hold_problem(store: Store, fo: Obj, data: Obj) -> Obj | None:
    handle = data.get("handle")
    holds = [store.deref(e) or {} for e in fo.get("fulfillmentHolds") or []]
    if handle and any(h.get("handle") == handle for h in holds):
        return user_error(
            ["fulfillmentHold", "handle"],
            "The handle provided for the fulfillment hold is already in use by this app for "
            "another hold on this fulfillment order.",
            "DUPLICATE_FULFILLMENT_HOLD_HANDLE",
        )
    own = {line.get("id"): line for line in fo_lines(store, fo)}
    seen: set[str] = set()
    for index, row in enumerate(data.get("fulfillmentOrderLineItems") or []):
        line = own.get(row.get("id"))
        field = ["fulfillmentHold", "fulfillmentOrderLineItems", str(index)]
        if row.get("id") in seen:
            return user_error(
                field, "Line items must be unique.", "DUPLICATED_FULFILLMENT_ORDER_LINE_ITEMS"
            )
        seen.add(str(row.get("id")))
        if int(row.get("quantity") or 0) <= 0:
            return user_error(
                [*field, "quantity"], "Quantity must be greater than zero.", "GREATER_THAN_ZERO"
            )
        if line is None or int(row["quantity"]) > int(line.get("remainingQuantity") or 0):
            return user_error(
                [*field, "quantity"],
                "Quantity must be less than or equal to the remaining quantity.",
                "INVALID_LINE_ITEM_QUANTITY",
            )
    return None


def _fulfillable(store: Store, fo: Obj, sign: int) -> None:
    """Take the fulfillment order's units out of (-1) or back into (+1) the order lines'
    fulfillable quantity."""
    for line in fo_lines(store, fo):
        order_line = store.deref(line.get("lineItem"))
        if isinstance(order_line, dict):
            qty = int(line.get("remainingQuantity") or 0)
            now = int(order_line.get("fulfillableQuantity") or 0)
            order_line["fulfillableQuantity"] = max(0, now + sign * qty)


def _order_status(store: Store, fo: Obj) -> None:
    order = store.deref(fo.get("order"))
    if not isinstance(order, dict):
        return
    fos = [store.deref(e) or {} for e in order.get("fulfillmentOrders") or []]
    if any(f.get("status") == "ON_HOLD" for f in fos):
        order["displayFulfillmentStatus"] = "ON_HOLD"
    else:
        refresh_fulfillment_status(store, order)


@mutation("fulfillmentOrderHold")
def fulfillment_order_hold(
    ctx: Context, _s: Any, args: dict[str, Any], _i: GraphQLResolveInfo
) -> Any:
    store = ctx.store
    data = args.get("fulfillmentHold") or {}
    fo = store.get(args.get("id"), "FulfillmentOrder")
    empty = {"fulfillmentHold": None, "fulfillmentOrder": None, "remainingFulfillmentOrder": None}
    if fo is None:
        error = user_error(
            ["id"], "The fulfillment order could not be found.", "FULFILLMENT_ORDER_NOT_FOUND"
        )
        return {**empty, "userErrors": [error]}
    problem = _hold_problem(store, fo, data)
    if problem is not None:
        return {**empty, "userErrors": [problem]}
    rows = data.get("fulfillmentOrderLineItems") or []
    remaining = None
    if rows and fo.get("status") != "ON_HOLD":
        remaining = split_off(store, fo, {str(r["id"]): int(r["quantity"]) for r in rows})
    hold = store.create(
        "FulfillmentHold",
        {
            "handle": data.get("handle") or "",
            "reason": data.get("reason"),
            "reasonNotes": data.get("reasonNotes"),
            "displayReason": DISPLAY_REASONS.get(str(data.get("reason")), "Other"),
            "heldByApp": None,
            "heldByRequestingApp": True,
            "externalId": data.get("externalId"),
        },
    )
    if fo.get("status") != "ON_HOLD":
        if isinstance(fo.get("supportedActions"), list):
            fo[BEFORE_HOLD] = fo["supportedActions"]
        _fulfillable(store, fo, -1)
    fo["status"] = "ON_HOLD"
    fo["supportedActions"] = _actions(ON_HOLD_ACTIONS)
    fo["fulfillmentHolds"] = [*(fo.get("fulfillmentHolds") or []), ref(hold["id"])]
    fo["updatedAt"] = store.now()
    _order_status(store, fo)
    return {
        "fulfillmentHold": hold,
        "fulfillmentOrder": fo,
        "remainingFulfillmentOrder": remaining,
        "userErrors": [],
    }


@mutation("fulfillmentOrderReleaseHold")
def fulfillment_order_release_hold(
    ctx: Context, _s: Any, args: dict[str, Any], _i: GraphQLResolveInfo
) -> Any:
    store = ctx.store
    fo = store.get(args.get("id"), "FulfillmentOrder")
    if fo is None:
        error = user_error(
            ["id"], "The fulfillment order could not be found.", "FULFILLMENT_ORDER_NOT_FOUND"
        )
        return {"fulfillmentOrder": None, "userErrors": [error]}
    named = set(args.get("holdIds") or [])

    def released(entry: Any) -> bool:
        hold = store.deref(entry) or {}
        return not named or hold.get("id") in named

    fo["fulfillmentHolds"] = [e for e in fo.get("fulfillmentHolds") or [] if not released(e)]
    if fo.get("status") == "ON_HOLD" and not fo["fulfillmentHolds"]:
        fo["status"] = "OPEN"
        before = fo.pop(BEFORE_HOLD, None)
        fo["supportedActions"] = before if before is not None else _actions(OPEN_ACTIONS)
        _fulfillable(store, fo, +1)
    fo["updatedAt"] = store.now()
    _order_status(store, fo)
    return {"fulfillmentOrder": fo, "userErrors": []}
