"""Fulfillment requests to a fulfillment service, and cancellations of them.

The merchant submits an OPEN, unsubmitted fulfillment order (all of it, or some units: the
rest split off to a new unsubmitted one); the service accepts (IN_PROGRESS) or rejects (back to
OPEN, REJECTED). Of an accepted request the merchant may ask cancellation; the service accepts
it (the order CLOSED, no units left on it) or rejects it. An accepted order can also be closed
by the service as INCOMPLETE. Every merchant request is kept on the order
(`merchantRequests`: kind, message, options such as `notify_customer`). A request in the
wrong state is refused with Shopify's message; a state change keeps the order's supported
actions as they were.
"""

from __future__ import annotations

from typing import Any

from graphql import GraphQLResolveInfo

from stockbridge_sandboxes.shopify.resolvers.fulfillment_order_splits import fo_lines, split_off
from stockbridge_sandboxes.shopify.resolvers.payloads import user_error
from stockbridge_sandboxes.shopify.resolvers.registry import Context, mutation
from stockbridge_sandboxes.shopify.store import Obj, ref


def _request(ctx: Context, fo: Obj, kind: str, message: Any, options: Obj) -> None:
    made = ctx.store.create(
        "FulfillmentOrderMerchantRequest",
        {
            "kind": kind,
            "message": message,
            "requestOptions": options,
            "responseData": None,
            "sentAt": ctx.store.now(),
            "fulfillmentOrder": ref(fo["id"]),
        },
    )
    fo["merchantRequests"] = [*(fo.get("merchantRequests") or []), ref(made["id"])]


def _set(ctx: Context, fo: Obj, status: str, request_status: str) -> None:
    fo["status"], fo["requestStatus"] = status, request_status
    fo["updatedAt"] = ctx.store.now()


def _lookup(ctx: Context, args: dict[str, Any]) -> tuple[Obj | None, Obj | None]:
    fo = ctx.store.get(args.get("id"), "FulfillmentOrder")
    if fo is None:
        return None, user_error(["id"], "Fulfillment order does not exist.")
    return fo, None


def _state_error(message: str) -> Obj:
    return {"fulfillmentOrder": None, "userErrors": [user_error(["id"], message)]}


def _found(ctx: Context, args: dict[str, Any]) -> tuple[Obj | None, Obj | None]:
    """The fulfillment order the mutation names, or the payload refusing an unknown id."""
    fo, error = _lookup(ctx, args)
    return fo, None if fo is not None else {"fulfillmentOrder": None, "userErrors": [error]}


@mutation("fulfillmentOrderSubmitFulfillmentRequest")
def submit_fulfillment_request(
    ctx: Context, _s: Any, args: dict[str, Any], _i: GraphQLResolveInfo
) -> Any:
    empty = {
        "originalFulfillmentOrder": None,
        "submittedFulfillmentOrder": None,
        "unsubmittedFulfillmentOrder": None,
    }
    fo, error = _lookup(ctx, args)
    if fo is None:
        return {**empty, "userErrors": [error]}
    if fo.get("status") != "OPEN" or (fo.get("requestStatus") or "UNSUBMITTED") not in (
        "UNSUBMITTED",
        "REJECTED",
    ):
        message = "Fulfillment order is not in a submittable state."
        return {**empty, "userErrors": [user_error(["id"], message)]}
    rows = args.get("fulfillmentOrderLineItems") or []
    unsubmitted = None
    if rows:
        own = {line.get("id"): line for line in fo_lines(ctx.store, fo)}
        if any(
            r.get("id") not in own
            or not 0
            < int(r.get("quantity") or 0)
            <= int(own[r["id"]].get("remainingQuantity") or 0)
            for r in rows
        ):
            message = "Invalid fulfillment order line item quantity requested."
            return {**empty, "userErrors": [user_error(["fulfillmentOrderLineItems"], message)]}
        unsubmitted = split_off(ctx.store, fo, {str(r["id"]): int(r["quantity"]) for r in rows})
    options = {"notify_customer": bool(args.get("notifyCustomer"))}
    _request(ctx, fo, "FULFILLMENT_REQUEST", args.get("message"), options)
    _set(ctx, fo, "OPEN", "SUBMITTED")
    return {
        "originalFulfillmentOrder": fo,
        "submittedFulfillmentOrder": fo,
        "unsubmittedFulfillmentOrder": unsubmitted,
        "userErrors": [],
    }


@mutation("fulfillmentOrderAcceptFulfillmentRequest")
def accept_fulfillment_request(
    ctx: Context, _s: Any, args: dict[str, Any], _i: GraphQLResolveInfo
) -> Any:
    fo, refused = _found(ctx, args)
    if fo is None:
        return refused
    if fo.get("requestStatus") != "SUBMITTED":
        return _state_error("Cannot accept a fulfillment request that was not submitted.")
    _set(ctx, fo, "IN_PROGRESS", "ACCEPTED")
    if args.get("estimatedShippedAt"):
        fo["estimatedShippedAt"] = args["estimatedShippedAt"]
    return {"fulfillmentOrder": fo, "userErrors": []}


@mutation("fulfillmentOrderRejectFulfillmentRequest")
def reject_fulfillment_request(
    ctx: Context, _s: Any, args: dict[str, Any], _i: GraphQLResolveInfo
) -> Any:
    fo, refused = _found(ctx, args)
    if fo is None:
        return refused
    if fo.get("requestStatus") != "SUBMITTED":
        return _state_error("Cannot reject a fulfillment request that was not submitted.")
    _set(ctx, fo, "OPEN", "REJECTED")
    return {"fulfillmentOrder": fo, "userErrors": []}


@mutation("fulfillmentOrderSubmitCancellationRequest")
def submit_cancellation_request(
    ctx: Context, _s: Any, args: dict[str, Any], _i: GraphQLResolveInfo
) -> Any:
    fo, refused = _found(ctx, args)
    if fo is None:
        return refused
    if fo.get("requestStatus") != "ACCEPTED":
        return _state_error("Cannot request cancellation of a request that was not accepted.")
    _request(ctx, fo, "CANCELLATION_REQUEST", args.get("message"), {})
    fo["cancellationRequested"] = True
    fo["updatedAt"] = ctx.store.now()
    return {"fulfillmentOrder": fo, "userErrors": []}


@mutation("fulfillmentOrderAcceptCancellationRequest")
def accept_cancellation_request(
    ctx: Context, _s: Any, args: dict[str, Any], _i: GraphQLResolveInfo
) -> Any:
    fo, refused = _found(ctx, args)
    if fo is None:
        return refused
    if not fo.pop("cancellationRequested", False):
        return _state_error("No cancellation request to accept.")
    for line in fo_lines(ctx.store, fo):
        line["totalQuantity"] = int(line.get("totalQuantity") or 0) - int(
            line.get("remainingQuantity") or 0
        )
        line["remainingQuantity"] = 0
    _set(ctx, fo, "CLOSED", "CANCELLATION_ACCEPTED")
    return {"fulfillmentOrder": fo, "userErrors": []}


@mutation("fulfillmentOrderRejectCancellationRequest")
def reject_cancellation_request(
    ctx: Context, _s: Any, args: dict[str, Any], _i: GraphQLResolveInfo
) -> Any:
    fo, refused = _found(ctx, args)
    if fo is None:
        return refused
    if not fo.pop("cancellationRequested", False):
        return _state_error("No cancellation request to reject.")
    _set(ctx, fo, "IN_PROGRESS", "CANCELLATION_REJECTED")
    return {"fulfillmentOrder": fo, "userErrors": []}


@mutation("fulfillmentOrderClose")
def close_fulfillment_order(
    ctx: Context, _s: Any, args: dict[str, Any], _i: GraphQLResolveInfo
) -> Any:
    fo, refused = _found(ctx, args)
    if fo is None:
        return refused
    if fo.get("requestStatus") not in ("ACCEPTED", "CANCELLATION_REJECTED"):
        return _state_error("Fulfillment order is not in a closable state.")
    _set(ctx, fo, "INCOMPLETE", "CLOSED")
    return {"fulfillmentOrder": fo, "userErrors": []}
