"""Fulfilments: `fulfillmentCreate` (tracking, notify), tracking updates and cancelling.

Fulfilling moves units out of `committed` (and `on_hand`); cancelling a fulfilment puts them
back and opens a fulfillment order for the returned units.
"""

from __future__ import annotations

from typing import Any

from graphql import GraphQLError, GraphQLResolveInfo

from stockbridge_sandboxes.shopify.gid import gid_number
from stockbridge_sandboxes.shopify.resolvers.inventory import (
    level_for,
    quantity,
    set_quantity,
)
from stockbridge_sandboxes.shopify.resolvers.orders import order_location, touch_order
from stockbridge_sandboxes.shopify.resolvers.payloads import (
    user_error,
)
from stockbridge_sandboxes.shopify.resolvers.registry import Context, mutation
from stockbridge_sandboxes.shopify.store import Obj, Store, ref
from stockbridge_sandboxes.shopify.webhook_bodies import fulfillment_body


def _order_lines(store: Store, order: Obj) -> list[Obj]:
    """The order's lines, or those its fulfillment orders show (a recording may show an order
    only through them)."""
    lines = [store.deref(e) or {} for e in order.get("lineItems") or []]
    if lines:
        return lines
    seen: dict[str, Obj] = {}
    for fo in (store.deref(e) or {} for e in order.get("fulfillmentOrders") or []):
        for fo_line in (store.deref(e) or {} for e in fo.get("lineItems") or []):
            line = store.deref(fo_line.get("lineItem")) or {}
            if line.get("id"):
                seen.setdefault(str(line["id"]), line)
    return list(seen.values())


def refresh_fulfillment_status(store: Store, order: Obj) -> None:
    lines = _order_lines(store, order)
    open_qty = sum(int(line.get("fulfillableQuantity") or 0) for line in lines)
    total = sum(int(line.get("quantity") or 0) for line in lines)
    if open_qty == 0 and total:
        order["displayFulfillmentStatus"] = "FULFILLED"
    elif open_qty < total:
        order["displayFulfillmentStatus"] = "PARTIALLY_FULFILLED"
    else:
        order["displayFulfillmentStatus"] = "UNFULFILLED"


def _tracking(data: Obj) -> list[Obj]:
    numbers = data.get("numbers") or ([data["number"]] if data.get("number") else [])
    urls = data.get("urls") or ([data["url"]] if data.get("url") else [])
    return [
        {"number": n, "url": urls[i] if i < len(urls) else None, "company": data.get("company")}
        for i, n in enumerate(numbers)
    ]


def assigned_location_id(store: Store, fo: Obj) -> str:
    """The location a fulfillment order is assigned to (the default one when it names none)."""
    location = (fo.get("assignedLocation") or {}).get("location") or {}
    gid = location.get("__ref") or location.get("id")
    return str(gid) if gid else order_location(store)["id"]


def _fulfilled_from(store: Store, groups: list[Obj]) -> Obj | None:
    """The location the first fulfillment order is assigned to."""
    for group in groups:
        fo = store.get(group.get("fulfillmentOrderId"), "FulfillmentOrder") or {}
        location = (fo.get("assignedLocation") or {}).get("location")
        if location:
            return dict(location)
    return None


@mutation("fulfillmentCreate")
@mutation("fulfillmentCreateV2")  # deprecated twin, same input and behaviour
def fulfillment_create(ctx: Context, _s: Any, args: dict[str, Any], _i: GraphQLResolveInfo) -> Any:
    store = ctx.store
    data = args.get("fulfillment") or {}
    groups = data.get("lineItemsByFulfillmentOrder") or []
    orders = set()
    picked: list[tuple[Obj, int, Obj]] = []  # (fulfillment order line, units, its order)
    for index, group in enumerate(groups):
        fo_id = str(group.get("fulfillmentOrderId") or "")
        fo = store.get(fo_id, "FulfillmentOrder")
        if fo is None:
            if not gid_number(fo_id).isdigit() or int(gid_number(fo_id)) == 0:
                raise GraphQLError("invalid id", extensions={"code": "RESOURCE_NOT_FOUND"})
            return {
                "fulfillment": None,
                "userErrors": [user_error(["fulfillment"], "Fulfillment order does not exist.")],
            }
        if fo.get("status") not in ("OPEN", "IN_PROGRESS"):
            status = str(fo.get("status") or "").lower()
            return {
                "fulfillment": None,
                "userErrors": [
                    user_error(
                        ["fulfillment"],
                        f"Fulfillment order {gid_number(fo_id)} has an unfulfillable "
                        f"status= {status}.",
                    )
                ],
            }
        for line_index, row in enumerate(group.get("fulfillmentOrderLineItems") or []):
            if int(row.get("quantity") or 0) <= 0:
                return {
                    "fulfillment": None,
                    "userErrors": [
                        user_error(
                            [
                                "fulfillment",
                                "lineItemsByFulfillmentOrder",
                                str(index),
                                "fulfillmentOrderLineItems",
                                str(line_index),
                                "quantity",
                            ],
                            "Quantity must be greater than 0",
                        )
                    ],
                }
        orders.add((fo.get("order") or {}).get("__ref"))
        wanted = {i["id"]: i["quantity"] for i in group.get("fulfillmentOrderLineItems") or []}
        for entry in fo.get("lineItems") or []:
            fo_line = store.deref(entry) or {}
            if wanted and fo_line.get("id") not in wanted:
                continue
            qty = wanted.get(fo_line.get("id"), fo_line.get("remainingQuantity", 0))
            if qty > int(fo_line.get("remainingQuantity") or 0):
                return {
                    "fulfillment": None,
                    "userErrors": [
                        user_error(
                            ["fulfillment"],
                            "Invalid fulfillment order line item quantity requested.",
                        )
                    ],
                }
            picked.append((fo_line, qty, fo))
    if len(orders) != 1:
        return {
            "fulfillment": None,
            "userErrors": [
                user_error(["fulfillment"], "All fulfillment orders must belong to the same order.")
            ],
        }
    places = {
        assigned_location_id(store, store.get(g.get("fulfillmentOrderId")) or {}) for g in groups
    }
    if len(places) > 1:  # API-NOTES §2.12: one call fulfils fulfillment orders of one location
        return {
            "fulfillment": None,
            "userErrors": [
                user_error(
                    ["fulfillment"], "All fulfillment orders must be assigned to the same location."
                )
            ],
        }
    order = store.get(orders.pop(), "Order") or {}
    lines = []
    for fo_line, qty, fo in picked:
        fo_line["remainingQuantity"] = int(fo_line["remainingQuantity"]) - qty
        line = store.deref(fo_line.get("lineItem")) or {}
        line["fulfillableQuantity"] = max(0, int(line.get("fulfillableQuantity") or 0) - qty)
        variant = store.deref(line.get("variant")) or {}
        item = store.deref(variant.get("inventoryItem"))
        if item is not None:
            # the units leave the location the fulfillment order is assigned to
            level = level_for(store, item, assigned_location_id(store, fo))
            if level is not None:
                set_quantity(store, level, "committed", max(0, quantity(level, "committed") - qty))
        lines.append(
            store.create("FulfillmentLineItem", {"lineItem": ref(line["id"]), "quantity": qty})
        )
    for group in groups:
        fo = store.get(group["fulfillmentOrderId"]) or {}
        remaining = sum(
            int((store.deref(e) or {}).get("remainingQuantity") or 0)
            for e in fo.get("lineItems") or []
        )
        fo["status"] = "CLOSED" if remaining == 0 else "IN_PROGRESS"
    now = store.now()
    fulfillment = store.create(
        "Fulfillment",
        {
            "name": f"{order.get('name')}-F{len(order.get('fulfillments') or []) + 1}",
            "status": "SUCCESS",
            "displayStatus": "FULFILLED",
            "createdAt": now,
            "updatedAt": now,
            "trackingInfo": _tracking(data.get("trackingInfo") or {}),
            "fulfillmentLineItems": [ref(x["id"]) for x in lines],
            "order": ref(order["id"]),
            "location": _fulfilled_from(store, groups),
            "notifyCustomer": bool(data.get("notifyCustomer")),
        },
    )
    order.setdefault("fulfillments", []).append(ref(fulfillment["id"]))
    refresh_fulfillment_status(store, order)
    ctx.emit("fulfillments/create", fulfillment_body(store, fulfillment, order))
    topic = (
        "orders/fulfilled"
        if order["displayFulfillmentStatus"] == "FULFILLED"
        else "orders/partially_fulfilled"
    )
    touch_order(ctx, order, topic)
    return {"fulfillment": fulfillment, "userErrors": []}


@mutation("fulfillmentTrackingInfoUpdate")
@mutation("fulfillmentTrackingInfoUpdateV2")  # deprecated twin
def tracking_update(ctx: Context, _s: Any, args: dict[str, Any], _i: GraphQLResolveInfo) -> Any:
    fulfillment = ctx.store.get(args.get("fulfillmentId"), "Fulfillment")
    if fulfillment is None:
        return {
            "fulfillment": None,
            "userErrors": [user_error(["fulfillmentId"], "Fulfillment does not exist.")],
        }
    fulfillment["trackingInfo"] = _tracking(args.get("trackingInfoInput") or {})
    fulfillment["updatedAt"] = ctx.store.now()
    order = ctx.store.deref(fulfillment.get("order"))
    if isinstance(order, dict):
        ctx.emit("fulfillments/update", fulfillment_body(ctx.store, fulfillment, order))
    return {"fulfillment": fulfillment, "userErrors": []}


@mutation("fulfillmentCancel")
def fulfillment_cancel(ctx: Context, _s: Any, args: dict[str, Any], _i: GraphQLResolveInfo) -> Any:
    store = ctx.store
    fulfillment = store.get(args.get("id"), "Fulfillment")
    if fulfillment is None:
        return {
            "fulfillment": None,
            "userErrors": [user_error(["id"], "Fulfillment not found.")],
        }
    if fulfillment.get("status") == "CANCELLED":
        return {"fulfillment": fulfillment, "userErrors": []}  # cancelling again changes nothing
    fulfillment["status"], fulfillment["displayStatus"] = "CANCELLED", "CANCELED"
    order = store.deref(fulfillment.get("order")) or {}
    # Shopify leaves the fulfilled order closed and opens a new one for the returned units.
    location = order_location(store)
    reopened = store.create(
        "FulfillmentOrder",
        {
            "status": "OPEN",
            "requestStatus": "UNSUBMITTED",
            "order": ref(order["id"]),
            "assignedLocation": {"name": location.get("name"), "location": ref(location["id"])},
            "lineItems": [],
            "createdAt": store.now(),
            "updatedAt": store.now(),
        },
    )
    for entry in fulfillment.get("fulfillmentLineItems") or []:
        fl = store.deref(entry) or {}
        line = store.deref(fl.get("lineItem")) or {}
        qty = int(fl.get("quantity") or 0)
        line["fulfillableQuantity"] = int(line.get("fulfillableQuantity") or 0) + qty
        for fo in (store.deref(e) or {} for e in order.get("fulfillmentOrders") or []):
            for fo_line in (store.deref(e) or {} for e in fo.get("lineItems") or []):
                if (fo_line.get("lineItem") or {}).get("__ref") == line.get("id"):
                    fo_line["remainingQuantity"] = int(fo_line["remainingQuantity"]) + qty
        if line.get("id"):
            reopened["lineItems"].append(
                ref(
                    store.create(
                        "FulfillmentOrderLineItem",
                        {
                            "lineItem": ref(line["id"]),
                            "totalQuantity": qty,
                            "remainingQuantity": qty,
                        },
                    )["id"]
                )
            )
    if order and reopened["lineItems"]:
        order.setdefault("fulfillmentOrders", []).append(ref(reopened["id"]))
    elif not reopened["lineItems"]:
        store.delete(reopened["id"])
        variant = store.deref(line.get("variant")) or {}
        item = store.deref(variant.get("inventoryItem"))
        if item is not None:
            level = level_for(store, item, order_location(store)["id"])
            if level is not None:
                set_quantity(store, level, "committed", quantity(level, "committed") + qty)
    if order:
        refresh_fulfillment_status(store, order)
        touch_order(ctx, order)
    return {"fulfillment": fulfillment, "userErrors": []}
