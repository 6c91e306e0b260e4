"""Splitting fulfillment orders (`fulfillmentOrderSplit`, and holds of some units).

A split leaves the named units on the fulfillment order and moves the rest to a new OPEN
fulfillment order at the same location, with the same schedule (`remainingFulfillmentOrder`).
`fulfillmentOrderSplit` checks every split before making any: an unknown fulfillment order, a
quantity that is not positive, more than a line has left, or all of what it has left
(nothing would remain) refuses the whole batch.
"""

from __future__ import annotations

from typing import Any

from graphql import GraphQLResolveInfo

from stockbridge_sandboxes.shopify.resolvers.payloads import user_error
from stockbridge_sandboxes.shopify.resolvers.registry import Context, mutation
from stockbridge_sandboxes.shopify.store import Obj, Store, ref

SPLITTABLE = ("OPEN", "IN_PROGRESS")


def fo_lines(store: Store, fo: Obj) -> list[Obj]:
    return [line for line in (store.deref(e) for e in fo.get("lineItems") or []) if line]


def split_off(store: Store, fo: Obj, held: dict[str, int]) -> Obj | None:
    """Move the units not held into a new OPEN fulfillment order; None when all are held."""
    rest: list[tuple[Obj, int]] = []
    for line in fo_lines(store, fo):
        keep = held.get(str(line.get("id")), 0)
        left = int(line.get("remainingQuantity") or 0) - keep
        if left > 0:
            rest.append((line, left))
    if not rest:
        return None
    remaining = store.create(
        "FulfillmentOrder",
        {
            key: fo.get(key)
            for key in ("requestStatus", "order", "assignedLocation", "fulfillAt", "fulfillBy")
        }
        | {
            "status": "OPEN",
            "createdAt": store.now(),
            "updatedAt": fo.get("updatedAt") or store.now(),
            "fulfillmentHolds": [],
            "supportedActions": fo.get("supportedActions"),
            "lineItems": [],
        },
    )
    if remaining.get("supportedActions") is None:
        del remaining["supportedActions"]
    kept = []
    for line in fo_lines(store, fo):
        keep = held.get(str(line.get("id")), 0)
        left = int(line.get("remainingQuantity") or 0) - keep
        if left > 0:
            moved = store.create(
                "FulfillmentOrderLineItem",
                {
                    "lineItem": line.get("lineItem"),
                    "totalQuantity": left,
                    "remainingQuantity": left,
                },
            )
            remaining["lineItems"].append(ref(moved["id"]))
        if keep > 0:
            line["totalQuantity"] = int(line.get("totalQuantity") or 0) - left
            line["remainingQuantity"] = keep
            kept.append(ref(line["id"]))
    fo["lineItems"] = kept
    order = store.deref(fo.get("order"))
    if isinstance(order, dict):
        order["fulfillmentOrders"] = [*(order.get("fulfillmentOrders") or []), ref(remaining["id"])]
    return remaining


def _split_problem(store: Store, data: Obj, index: int) -> Obj | None:
    fo = store.get(data.get("fulfillmentOrderId"), "FulfillmentOrder")
    if fo is None or fo.get("status") not in SPLITTABLE:
        return user_error(
            ["fulfillmentOrderSplits", str(index), "fulfillmentOrderId"],
            "Fulfillment order does not exist.",
            "FULFILLMENT_ORDER_NOT_FOUND",
        )
    own = {line.get("id"): line for line in fo_lines(store, fo)}
    rows = data.get("fulfillmentOrderLineItems") or []
    asked = {str(r.get("id")): int(r.get("quantity") or 0) for r in rows}
    left = sum(int(line.get("remainingQuantity") or 0) for line in own.values())
    if (
        not rows
        or any(q <= 0 for q in asked.values())
        or any(
            key not in own or q > int(own[key].get("remainingQuantity") or 0)
            for key, q in asked.items()
        )
        or sum(asked.values()) >= left
    ):
        return user_error(None, "Invalid fulfillment order line item quantity requested.")
    return None


@mutation("fulfillmentOrderSplit")
def fulfillment_order_split(
    ctx: Context, _s: Any, args: dict[str, Any], _i: GraphQLResolveInfo
) -> Any:
    store = ctx.store
    splits = args.get("fulfillmentOrderSplits") or []
    for index, data in enumerate(splits):
        problem = _split_problem(store, data, index)
        if problem is not None:
            return {"fulfillmentOrderSplits": None, "userErrors": [problem]}
    results = []
    for data in splits:
        fo = store.get(data["fulfillmentOrderId"], "FulfillmentOrder") or {}
        kept = {str(r["id"]): int(r["quantity"]) for r in data["fulfillmentOrderLineItems"]}
        remaining = split_off(store, fo, kept)
        fo["updatedAt"] = store.now()
        results.append(
            {
                "fulfillmentOrder": fo,
                "remainingFulfillmentOrder": remaining,
                "replacementFulfillmentOrder": None,
            }
        )
    return {"fulfillmentOrderSplits": results, "userErrors": []}
