"""A fulfillment order's own state changes: `fulfillmentOrderOpen`,
`fulfillmentOrderReportProgress`, `fulfillmentOrderCancel` and
`fulfillmentOrdersSetFulfillmentDeadline`.

Opening only applies to a SCHEDULED fulfillment order; progress can be reported on an OPEN or
IN_PROGRESS one (it becomes IN_PROGRESS). Cancelling a merchant-managed fulfillment order closes
it and hands its remaining units to a new OPEN replacement at the same location; one with
reported progress, or whose fulfillment request is under way, cannot be cancelled. A deadline
sets `fulfillBy` on every fulfillment order found, closed ones too; none found is an error.
"""

from __future__ import annotations

from typing import Any

from graphql import GraphQLResolveInfo

from stockbridge_sandboxes.shopify.resolvers.fulfillment_order_splits import fo_lines
from stockbridge_sandboxes.shopify.resolvers.payloads import user_error
from stockbridge_sandboxes.shopify.resolvers.registry import Context, mutation
from stockbridge_sandboxes.shopify.store import Obj, ref

CANCELABLE_REQUESTS = ("UNSUBMITTED", "REJECTED", "CLOSED")


def _moved(fo: Obj, status: str, now: str) -> None:
    fo["status"] = status
    fo["updatedAt"] = now
    fo.pop("supportedActions", None)  # what it supports now follows from its status


@mutation("fulfillmentOrderOpen")
def fulfillment_order_open(
    ctx: Context, _s: Any, args: dict[str, Any], _i: GraphQLResolveInfo
) -> Any:
    fo = ctx.store.get(args.get("id"), "FulfillmentOrder")
    if fo is None:
        return {"fulfillmentOrder": None, "userErrors": [_not_found()]}
    if fo.get("status") != "SCHEDULED":
        status = str(fo.get("status") or "").lower()
        message = f"Expected fulfillment order status to be valid but it was {status}."
        return {"fulfillmentOrder": None, "userErrors": [user_error(None, message)]}
    _moved(fo, "OPEN", ctx.store.now())
    return {"fulfillmentOrder": fo, "userErrors": []}


@mutation("fulfillmentOrderReportProgress")
def fulfillment_order_report_progress(
    ctx: Context, _s: Any, args: dict[str, Any], _i: GraphQLResolveInfo
) -> Any:
    fo = ctx.store.get(args.get("id"), "FulfillmentOrder")
    if fo is None:
        return {"fulfillmentOrder": None, "userErrors": [_not_found("FULFILLMENT_ORDER_NOT_FOUND")]}
    if fo.get("status") not in ("OPEN", "IN_PROGRESS"):
        error = user_error(
            None,
            "Cannot report progress on a fulfillment order in this state.",
            "FULFILLMENT_ORDER_STATUS_INVALID",
        )
        return {"fulfillmentOrder": None, "userErrors": [error]}
    _moved(fo, "IN_PROGRESS", ctx.store.now())
    fo["progressReported"] = True
    notes = (args.get("progressReport") or {}).get("reasonNotes")
    if notes:
        fo["progressNotes"] = notes
    return {"fulfillmentOrder": fo, "userErrors": []}


@mutation("fulfillmentOrderCancel")
def fulfillment_order_cancel(
    ctx: Context, _s: Any, args: dict[str, Any], _i: GraphQLResolveInfo
) -> Any:
    store = ctx.store
    fo = store.get(args.get("id"), "FulfillmentOrder")
    empty = {"fulfillmentOrder": None, "replacementFulfillmentOrder": None}
    if fo is None:
        return {**empty, "userErrors": [_not_found()]}
    if fo.get("progressReported"):
        error = user_error(
            ["id"],
            "Cannot cancel fulfillment order that has had progress reported. Mark as "
            "unfulfilled first.",
            "FULFILLMENT_ORDER_HAS_MANUALLY_REPORTED_PROGRESS",
        )
        return {**empty, "userErrors": [error]}
    if (
        fo.get("status") not in ("OPEN", "IN_PROGRESS")
        or (fo.get("requestStatus") or "UNSUBMITTED") not in CANCELABLE_REQUESTS
    ):
        error = user_error(
            ["id"], "Fulfillment order is not in cancelable request state and can't be canceled."
        )
        return {**empty, "userErrors": [error]}
    now = store.now()
    replacement = store.create(
        "FulfillmentOrder",
        {key: fo.get(key) for key in ("order", "assignedLocation", "fulfillAt", "fulfillBy")}
        | {
            "status": "OPEN",
            "requestStatus": "UNSUBMITTED",
            "createdAt": now,
            "updatedAt": now,
            "fulfillmentHolds": [],
            "lineItems": [],
        },
    )
    for line in fo_lines(store, fo):
        left = int(line.get("remainingQuantity") or 0)
        if left > 0:
            moved = store.create(
                "FulfillmentOrderLineItem",
                {
                    "lineItem": line.get("lineItem"),
                    "totalQuantity": left,
                    "remainingQuantity": left,
                },
            )
            replacement["lineItems"].append(ref(moved["id"]))
    fo["lineItems"] = []
    _moved(fo, "CLOSED", now)
    order = store.deref(fo.get("order"))
    if isinstance(order, dict):
        order["fulfillmentOrders"] = [
            *(order.get("fulfillmentOrders") or []),
            ref(replacement["id"]),
        ]
    return {"fulfillmentOrder": fo, "replacementFulfillmentOrder": replacement, "userErrors": []}


@mutation("fulfillmentOrdersSetFulfillmentDeadline")
def fulfillment_orders_set_deadline(
    ctx: Context, _s: Any, args: dict[str, Any], _i: GraphQLResolveInfo
) -> Any:
    store = ctx.store
    found = [
        fo
        for fo in (
            store.get(gid, "FulfillmentOrder") for gid in args.get("fulfillmentOrderIds") or []
        )
        if fo is not None
    ]
    if not found:
        return {
            "success": False,
            "userErrors": [user_error(None, "Fulfillment orders could not be found.", None)],
        }
    now = store.now()
    for fo in found:
        fo["fulfillBy"] = args.get("fulfillmentDeadline")
        fo["updatedAt"] = now
    return {"success": True, "userErrors": []}


def _not_found(code: str | None = None) -> Obj:
    return user_error(["id"], "Fulfillment order does not exist.", code)
