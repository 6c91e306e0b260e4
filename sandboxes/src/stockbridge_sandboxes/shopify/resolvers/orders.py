"""Orders: update, close/open and cancel (shopper orders are in `shopper_orders.py`).

Cancelling with restock puts the open units back from `committed` to `available`.
Fulfilments are in `fulfillments.py`, refunds in `refunds.py`.
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

from graphql import GraphQLResolveInfo

from stockbridge_sandboxes.shopify.places import COUNTRIES, PROVINCES, complete_address
from stockbridge_sandboxes.shopify.resolvers.inventory import (
    ensure_level,
    level_for,
    quantity,
    set_quantity,
)
from stockbridge_sandboxes.shopify.resolvers.metafields import set_metafields
from stockbridge_sandboxes.shopify.resolvers.order_localization import upsert_localized_fields
from stockbridge_sandboxes.shopify.resolvers.payloads import (
    amount_of,
    currency_of,
    money,
    normalize_tags,
    user_error,
)
from stockbridge_sandboxes.shopify.resolvers.registry import Context, computed, mutation
from stockbridge_sandboxes.shopify.sdl.modeled import not_supported
from stockbridge_sandboxes.shopify.store import Obj, Store, is_ref, ref
from stockbridge_sandboxes.shopify.webhook_bodies import order_body

CANCEL_REASONS = ("CUSTOMER", "DECLINED", "FRAUD", "INVENTORY", "STAFF", "OTHER")


def order_location(store: Store) -> Obj:
    from stockbridge_sandboxes.shopify.resolvers.products import default_location

    return default_location(store)


def touch_order(ctx: Context, order: Obj, topic: str = "orders/updated") -> None:
    order["updatedAt"] = ctx.store.now()
    ctx.emit(topic, order_body(ctx.store, order))


def notify_paid(ctx: Context, order: Obj, status_before: Any) -> None:
    """`orders/paid` when a change made the order's financial status PAID."""
    if order.get("displayFinancialStatus") == "PAID" and status_before != "PAID":
        ctx.emit("orders/paid", order_body(ctx.store, order))


def order_number(order: Obj) -> int | None:
    """The number an order's name was made from (`#1001` -> 1001), if the order holds it."""
    if isinstance(order.get("number"), int):
        return int(order["number"])
    name = str(order.get("name", ""))
    return int(name[1:]) if name.startswith("#") and name[1:].isdigit() else None


@computed("Order", "number")
def number_of_order(_c: Context, order: Obj, _a: dict[str, Any], _i: GraphQLResolveInfo) -> Any:
    """ "The order number used to generate the name" with the shop's prefix `#`."""
    number = order_number(order)
    if number is None:
        raise not_supported("Order", "number")
    return number


def find_order(ctx: Context, gid: Any) -> Obj | None:
    return ctx.store.get(gid, "Order")


PHONE_RE = re.compile(r"^\+?[0-9][0-9 ().-]{5,}[0-9]$")


def _address_errors(address: Obj) -> list[Obj]:
    errors = []
    country = address.get("countryCode")
    if not address.get("lastName"):
        errors.append(user_error(["shippingAddress", "lastName"], "Enter a last name"))
    if not address.get("zip") and country in ("US", "CA"):
        label = "ZIP code" if country == "US" else "postal code"
        errors.append(user_error(["shippingAddress", "zip"], f"Enter a {label}"))
    province = address.get("provinceCode")
    if country in PROVINCES and province and province not in PROVINCES[country]:
        kind = "State" if country == "US" else "Province"
        errors.append(
            user_error(
                ["shippingAddress", "province"],
                f"{kind} is not a valid {kind.lower()} in {COUNTRIES.get(country, country)}",
            )
        )
    return errors


@mutation("orderUpdate")
def order_update(ctx: Context, _s: Any, args: dict[str, Any], _i: GraphQLResolveInfo) -> Any:
    data = args.get("input") or {}
    order = find_order(ctx, data.get("id"))
    if order is None:
        return {"order": None, "userErrors": [user_error(["id"], "Order does not exist")]}
    if not [k for k in data if k != "id"]:
        return {
            "order": order,
            "userErrors": [user_error(None, "No valid update parameters have been provided")],
        }
    errors = []
    if data.get("phone") and not PHONE_RE.match(str(data["phone"])):
        errors.append(user_error(["phone"], "Phone is invalid"))
    if data.get("shippingAddress"):
        errors.extend(_address_errors(data["shippingAddress"]))
    if errors:
        return {"order": order, "userErrors": errors}
    for key in ("email", "phone", "note", "poNumber", "customAttributes"):
        if key in data:
            order[key] = data[key]
    if data.get("shippingAddress") is not None:
        order["shippingAddress"] = complete_address(dict(data["shippingAddress"]))
    if "tags" in data:
        order["tags"] = normalize_tags(data["tags"])
    upsert_localized_fields(order, data)
    set_metafields(ctx.store, order, data.get("metafields"))
    touch_order(ctx, order)
    return {"order": order, "userErrors": []}


@mutation("orderClose")
def order_close(ctx: Context, _s: Any, args: dict[str, Any], _i: GraphQLResolveInfo) -> Any:
    order = find_order(ctx, (args.get("input") or {}).get("id"))
    if order is None:
        return {"order": None, "userErrors": [user_error(["id"], "Order does not exist")]}
    order["closed"], order["closedAt"] = True, ctx.store.now()
    touch_order(ctx, order)
    return {"order": order, "userErrors": []}


@mutation("orderOpen")
def order_open(ctx: Context, _s: Any, args: dict[str, Any], _i: GraphQLResolveInfo) -> Any:
    order = find_order(ctx, (args.get("input") or {}).get("id"))
    if order is None:
        return {"order": None, "userErrors": [user_error(["id"], "Order does not exist")]}
    order["closed"], order["closedAt"] = False, None
    touch_order(ctx, order)
    return {"order": order, "userErrors": []}


def restock_units(
    store: Store, line: Obj, qty: int, from_committed: bool, location_id: str | None = None
) -> None:
    """`qty` units of the line back to `available` at `location_id` (the default location when
    None), out of `committed` there when they were still held for the order."""
    variant = store.deref(line.get("variant")) or {}
    item = store.deref(variant.get("inventoryItem"))
    if item is None:
        return
    location = (store.get(location_id, "Location") if location_id else None) or order_location(
        store
    )
    level = level_for(store, item, location["id"]) or ensure_level(store, item, location)
    if from_committed:
        set_quantity(store, level, "committed", max(0, quantity(level, "committed") - qty))
    set_quantity(store, level, "available", quantity(level, "available") + qty)


@mutation("orderCancel")
def order_cancel(ctx: Context, _s: Any, args: dict[str, Any], _i: GraphQLResolveInfo) -> Any:
    store = ctx.store
    order = find_order(ctx, args.get("orderId"))
    if order is None:
        errors = [user_error(["orderId"], "Order does not exist", "NOT_FOUND")]
        return {"job": None, "orderCancelUserErrors": errors, "userErrors": errors}
    if order.get("cancelledAt"):
        errors = [user_error(["orderId"], "Cannot cancel an order that has already been canceled")]
        return {"job": None, "orderCancelUserErrors": errors, "userErrors": errors}
    fulfilled = [store.deref(e) or {} for e in order.get("fulfillments") or []]
    if any(f.get("status") == "SUCCESS" for f in fulfilled):
        errors = [
            user_error(["orderId"], "Cannot cancel an order that has outstanding fulfillments")
        ]
        return {"job": None, "orderCancelUserErrors": errors, "userErrors": errors}
    if "fulfillmentOrders" not in order:
        _derive_fulfillment_order(store, order)
    for entry in order.get("lineItems") or []:
        (store.deref(entry) or {})["fulfillableQuantity"] = 0
    for entry in order.get("fulfillmentOrders") or []:
        fo = store.deref(entry) or {}
        if fo.get("status") in ("OPEN", "IN_PROGRESS", "SCHEDULED", "ON_HOLD"):
            fo["status"] = "CLOSED"
            location = ((fo.get("assignedLocation") or {}).get("location") or {}).get("__ref")
            for fo_entry in fo.get("lineItems") or []:
                fo_line = store.deref(fo_entry) or {}
                open_qty = int(fo_line.get("remainingQuantity") or 0)
                line = store.deref(fo_line.get("lineItem"))
                if open_qty and args.get("restock") and isinstance(line, dict):
                    # held units go back where the fulfillment order holds them
                    restock_units(store, line, open_qty, from_committed=True, location_id=location)
                fo_line["totalQuantity"] = int(fo_line.get("totalQuantity") or 0) - int(
                    fo_line.get("remainingQuantity") or 0
                )
                fo_line["remainingQuantity"] = 0
                line_item = store.deref(fo_line.get("lineItem"))
                if isinstance(line_item, dict):  # an order line known only through its FO
                    line_item["fulfillableQuantity"] = 0
    order["cancelledAt"] = store.now()
    order["cancelReason"] = args.get("reason")
    order["closed"], order["closedAt"] = True, store.now()
    order["cancellation"] = {"staffNote": args.get("staffNote")}
    currency = currency_of(store, order, order.get("totalPriceSet"), order.get("totalReceivedSet"))
    for key in (
        "currentTotalPriceSet",
        "currentSubtotalPriceSet",
        "currentTotalTaxSet",
        "currentTotalDiscountsSet",
    ):
        order[key] = money(0, currency)
    refund = args.get("refund") or (args.get("refundMethod") or {}).get(
        "originalPaymentMethodsRefund"
    )
    if refund:
        received = received_amount(store, order)
        refunded = amount_of(order.get("totalRefundedSet"))
        due = received - refunded
        if due > 0:
            now = store.now()
            tx = store.create(
                "OrderTransaction",
                {
                    "kind": "REFUND",
                    "status": "SUCCESS",
                    "gateway": _gateway(store, order),
                    "amountSet": money(due, currency),
                    "createdAt": now,
                    "processedAt": now,
                },
            )
            made = store.create(
                "Refund",
                {
                    "createdAt": now,
                    "updatedAt": now,
                    "note": None,
                    "refundLineItems": [],
                    "totalRefundedSet": money(due, currency),
                    "transactions": [ref(tx["id"])],
                    "order": ref(order["id"]),
                },
            )
            order.setdefault("refunds", []).append(ref(made["id"]))
            order.setdefault("transactions", []).append(ref(tx["id"]))
        order["totalRefundedSet"] = money(max(received, refunded), currency)
        order["netPaymentSet"] = money(0, currency)
        if received > 0 or order.get("displayFinancialStatus") == "PAID":
            order["displayFinancialStatus"] = "REFUNDED"
        elif order.get("displayFinancialStatus") in ("PENDING", "AUTHORIZED"):
            order["displayFinancialStatus"] = "VOIDED"
    touch_order(ctx, order, "orders/cancelled")
    job = {"id": store.new_gid("Job"), "done": True}
    return {"job": job, "orderCancelUserErrors": [], "userErrors": []}


def _derive_fulfillment_order(store: Store, order: Obj) -> None:
    """An order known only from a recording without its fulfillment orders gets one open
    fulfillment order at the default location holding its unfulfilled quantities."""
    location = order_location(store)
    fo = store.create(
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
    for entry in order.get("lineItems") or []:
        line = (store.deref(entry) if is_ref(entry) else entry) or {}
        open_qty = int(line.get("fulfillableQuantity", line.get("quantity")) or 0)
        target = ref(line["id"]) if line.get("id") else line
        fo_line = store.create(
            "FulfillmentOrderLineItem",
            {"lineItem": target, "totalQuantity": open_qty, "remainingQuantity": open_qty},
        )
        fo["lineItems"].append(ref(fo_line["id"]))
    order["fulfillmentOrders"] = [ref(fo["id"])]


def _gateway(store: Store, order: Obj) -> str:
    for entry in order.get("transactions") or []:
        tx = store.deref(entry) if is_ref(entry) else entry
        if isinstance(tx, dict) and tx.get("gateway"):
            return str(tx["gateway"])
    return "manual"


def received_amount(store: Store, order: Obj) -> Decimal:
    """What the shopper paid: successful sale/capture transactions, else the order total."""
    paid = Decimal(0)
    seen = False
    for entry in order.get("transactions") or []:
        tx = store.deref(entry) if is_ref(entry) else entry
        if (
            isinstance(tx, dict)
            and tx.get("kind") in ("SALE", "CAPTURE")
            and tx.get("status", "SUCCESS") == "SUCCESS"
        ):
            paid += amount_of(tx.get("amountSet"))
            seen = True
    if seen:
        return paid
    return amount_of(order.get("totalReceivedSet") or order.get("totalPriceSet"))
