"""Orders: placing (control API), update, close/open, cancel, fulfilment and refunds.

Placing an order moves the ordered quantity from `available` to `committed` at the
fulfilment location; fulfilling moves it out of `committed` (and `on_hand`); a refund with
restock type RETURN or CANCEL puts it back to `available`.
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

from graphql import GraphQLError, GraphQLResolveInfo

from stockbridge.sandboxes.shopify.gid import gid_number
from stockbridge.sandboxes.shopify.places import COUNTRIES, PROVINCES, complete_address
from stockbridge.sandboxes.shopify.resolvers.inventory import (
    ensure_level,
    level_for,
    quantity,
    set_quantity,
)
from stockbridge.sandboxes.shopify.resolvers.metafields import set_metafields
from stockbridge.sandboxes.shopify.resolvers.payloads import (
    amount_of,
    currency_of,
    money,
    normalize_tags,
    user_error,
)
from stockbridge.sandboxes.shopify.resolvers.registry import Context, computed, mutation
from stockbridge.sandboxes.shopify.rest import order_payload
from stockbridge.sandboxes.shopify.store import Obj, Store, is_ref, ref

CANCEL_REASONS = ("CUSTOMER", "DECLINED", "FRAUD", "INVENTORY", "STAFF", "OTHER")


def _location(store: Store) -> Obj:
    from stockbridge.sandboxes.shopify.resolvers.products import default_location

    return default_location(store)


def place_order(
    ctx: Context, lines: list[Obj], email: str | None = None, customer_id: str | None = None
) -> Obj:
    """Create an order "as a shopper" for `[{variantId, quantity}]`; fires orders/create."""
    store = ctx.store
    location = _location(store)
    number = 1001 + len(store.all("Order"))
    now = store.now()
    order = store.create(
        "Order",
        {
            "name": f"#{number}",
            "email": email,
            "createdAt": now,
            "updatedAt": now,
            "processedAt": now,
            "closed": False,
            "closedAt": None,
            "cancelledAt": None,
            "cancelReason": None,
            "displayFinancialStatus": "PAID",
            "displayFulfillmentStatus": "UNFULFILLED",
            "tags": [],
            "note": None,
            "lineItems": [],
            "fulfillments": [],
            "refunds": [],
            "fulfillmentOrders": [],
        },
    )
    if customer_id and store.get(customer_id, "Customer"):
        order["customer"] = ref(customer_id)
    fo = store.create(
        "FulfillmentOrder",
        {
            "status": "OPEN",
            "requestStatus": "UNSUBMITTED",
            "order": ref(order["id"]),
            "assignedLocation": {"name": location.get("name"), "location": ref(location["id"])},
            "lineItems": [],
        },
    )
    order["fulfillmentOrders"].append(ref(fo["id"]))
    total = 0.0
    for entry in lines:
        variant = store.get(entry.get("variantId"), "ProductVariant")
        if variant is None:
            raise ValueError(f"unknown variant {entry.get('variantId')}")
        qty = int(entry.get("quantity") or 1)
        price = float(variant.get("price") or 0)
        total += price * qty
        product = store.deref(variant.get("product")) or {}
        line = store.create(
            "LineItem",
            {
                "title": product.get("title"),
                "variantTitle": variant.get("title"),
                "quantity": qty,
                "sku": variant.get("sku"),
                "variant": ref(variant["id"]),
                "fulfillableQuantity": qty,
                "originalUnitPriceSet": money(price),
                "taxLines": [],
            },
        )
        order["lineItems"].append(ref(line["id"]))
        fo_line = store.create(
            "FulfillmentOrderLineItem",
            {"lineItem": ref(line["id"]), "totalQuantity": qty, "remainingQuantity": qty},
        )
        fo["lineItems"].append(ref(fo_line["id"]))
        item = store.deref(variant.get("inventoryItem"))
        if item is not None:
            level = level_for(store, item, location["id"]) or ensure_level(store, item, location)
            set_quantity(store, level, "available", quantity(level, "available") - qty)
            set_quantity(store, level, "committed", quantity(level, "committed") + qty)
    for key in (
        "totalPriceSet",
        "subtotalPriceSet",
        "currentTotalPriceSet",
        "currentSubtotalPriceSet",
        "totalReceivedSet",
        "netPaymentSet",
    ):
        order[key] = money(total)
    order["totalRefundedSet"] = money(0)
    ctx.emit("orders/create", order_payload(store, order))
    return order


def _touch(ctx: Context, order: Obj, topic: str = "orders/updated") -> None:
    order["updatedAt"] = ctx.store.now()
    ctx.emit(topic, order_payload(ctx.store, order))


def _order(ctx: Context, gid: Any) -> Obj | None:
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
    order = _order(ctx, data.get("id"))
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
    set_metafields(ctx.store, order, data.get("metafields"))
    _touch(ctx, order)
    return {"order": order, "userErrors": []}


@mutation("orderClose")
def order_close(ctx: Context, _s: Any, args: dict[str, Any], _i: GraphQLResolveInfo) -> Any:
    order = _order(ctx, (args.get("input") or {}).get("id"))
    if order is None:
        return {"order": None, "userErrors": [user_error(["id"], "Order does not exist")]}
    order["closed"], order["closedAt"] = True, ctx.store.now()
    _touch(ctx, order)
    return {"order": order, "userErrors": []}


@mutation("orderOpen")
def order_open(ctx: Context, _s: Any, args: dict[str, Any], _i: GraphQLResolveInfo) -> Any:
    order = _order(ctx, (args.get("input") or {}).get("id"))
    if order is None:
        return {"order": None, "userErrors": [user_error(["id"], "Order does not exist")]}
    order["closed"], order["closedAt"] = False, None
    _touch(ctx, order)
    return {"order": order, "userErrors": []}


def _restock(store: Store, line: Obj, qty: int, from_committed: bool) -> None:
    variant = store.deref(line.get("variant")) or {}
    item = store.deref(variant.get("inventoryItem"))
    if item is None:
        return
    location = _location(store)
    level = level_for(store, item, location["id"]) or ensure_level(store, item, location)
    if from_committed:
        set_quantity(store, level, "committed", max(0, quantity(level, "committed") - qty))
    set_quantity(store, level, "available", quantity(level, "available") + qty)


@mutation("orderCancel")
def order_cancel(ctx: Context, _s: Any, args: dict[str, Any], _i: GraphQLResolveInfo) -> Any:
    store = ctx.store
    order = _order(ctx, args.get("orderId"))
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
    for entry in order.get("lineItems") or []:
        line = store.deref(entry) or {}
        open_qty = int(line.get("fulfillableQuantity") or 0)
        if open_qty and args.get("restock"):
            _restock(store, line, open_qty, from_committed=True)
        line["fulfillableQuantity"] = 0
    if "fulfillmentOrders" not in order:
        _derive_fulfillment_order(store, order)
    for entry in order.get("fulfillmentOrders") or []:
        fo = store.deref(entry) or {}
        if fo.get("status") in ("OPEN", "IN_PROGRESS", "SCHEDULED", "ON_HOLD"):
            fo["status"] = "CLOSED"
            for fo_entry in fo.get("lineItems") or []:
                fo_line = store.deref(fo_entry) or {}
                fo_line["totalQuantity"] = int(fo_line.get("totalQuantity") or 0) - int(
                    fo_line.get("remainingQuantity") or 0
                )
                fo_line["remainingQuantity"] = 0
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
        received = _received(store, order)
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
    _touch(ctx, order, "orders/cancelled")
    job = {"id": store.new_gid("Job"), "done": True}
    return {"job": job, "orderCancelUserErrors": [], "userErrors": []}


def _refresh_fulfillment_status(store: Store, order: Obj) -> None:
    lines = [store.deref(e) or {} for e in order.get("lineItems") or []]
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


@mutation("fulfillmentCreate")
def fulfillment_create(ctx: Context, _s: Any, args: dict[str, Any], _i: GraphQLResolveInfo) -> Any:
    store = ctx.store
    data = args.get("fulfillment") or {}
    groups = data.get("lineItemsByFulfillmentOrder") or []
    orders = set()
    picked: list[tuple[Obj, int]] = []
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
            picked.append((fo_line, qty))
    if len(orders) != 1:
        return {
            "fulfillment": None,
            "userErrors": [
                user_error(["fulfillment"], "All fulfillment orders must belong to the same order.")
            ],
        }
    order = store.get(orders.pop(), "Order") or {}
    lines = []
    for fo_line, qty in picked:
        fo_line["remainingQuantity"] = int(fo_line["remainingQuantity"]) - qty
        line = store.deref(fo_line.get("lineItem")) or {}
        line["fulfillableQuantity"] = max(0, int(line.get("fulfillableQuantity") or 0) - qty)
        variant = store.deref(line.get("variant")) or {}
        item = store.deref(variant.get("inventoryItem"))
        if item is not None:
            level = level_for(store, item, _location(store)["id"])
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
            "notifyCustomer": bool(data.get("notifyCustomer")),
        },
    )
    order.setdefault("fulfillments", []).append(ref(fulfillment["id"]))
    _refresh_fulfillment_status(store, order)
    ctx.emit(
        "fulfillments/create",
        {
            "id": fulfillment["id"],
            "order_id": order["id"],
            "status": "success",
            "tracking_numbers": [t["number"] for t in fulfillment["trackingInfo"]],
            "notify_customer": fulfillment["notifyCustomer"],
        },
    )
    topic = (
        "orders/fulfilled"
        if order["displayFulfillmentStatus"] == "FULFILLED"
        else "orders/partially_fulfilled"
    )
    _touch(ctx, order, topic)
    return {"fulfillment": fulfillment, "userErrors": []}


@mutation("fulfillmentTrackingInfoUpdate")
def tracking_update(ctx: Context, _s: Any, args: dict[str, Any], _i: GraphQLResolveInfo) -> Any:
    fulfillment = ctx.store.get(args.get("fulfillmentId"), "Fulfillment")
    if fulfillment is None:
        return {
            "fulfillment": None,
            "userErrors": [user_error(["fulfillmentId"], "Fulfillment does not exist.")],
        }
    fulfillment["trackingInfo"] = _tracking(args.get("trackingInfoInput") or {})
    fulfillment["updatedAt"] = ctx.store.now()
    ctx.emit(
        "fulfillments/update",
        {
            "id": fulfillment["id"],
            "tracking_numbers": [t["number"] for t in fulfillment["trackingInfo"]],
        },
    )
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
        return {
            "fulfillment": None,
            "userErrors": [user_error(["id"], "Fulfillment has already been cancelled.")],
        }
    fulfillment["status"], fulfillment["displayStatus"] = "CANCELLED", "CANCELED"
    order = store.deref(fulfillment.get("order")) or {}
    # Shopify leaves the fulfilled order closed and opens a new one for the returned units.
    location = _location(store)
    reopened = store.create(
        "FulfillmentOrder",
        {
            "status": "OPEN",
            "requestStatus": "UNSUBMITTED",
            "order": ref(order["id"]),
            "assignedLocation": {"name": location.get("name"), "location": ref(location["id"])},
            "lineItems": [],
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
            level = level_for(store, item, _location(store)["id"])
            if level is not None:
                set_quantity(store, level, "committed", quantity(level, "committed") + qty)
    if order:
        _refresh_fulfillment_status(store, order)
        _touch(ctx, order)
    return {"fulfillment": fulfillment, "userErrors": []}


def _derive_fulfillment_order(store: Store, order: Obj) -> None:
    """An order known only from a recording without its fulfillment orders gets one open
    fulfillment order at the default location holding its unfulfilled quantities."""
    location = _location(store)
    fo = store.create(
        "FulfillmentOrder",
        {
            "status": "OPEN",
            "requestStatus": "UNSUBMITTED",
            "order": ref(order["id"]),
            "assignedLocation": {"name": location.get("name"), "location": ref(location["id"])},
            "lineItems": [],
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


def _received(store: Store, order: Obj) -> Decimal:
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


@mutation("refundCreate")
def refund_create(ctx: Context, _s: Any, args: dict[str, Any], _i: GraphQLResolveInfo) -> Any:
    store = ctx.store
    data = args.get("input") or {}
    order = _order(ctx, data.get("orderId"))
    if order is None:
        return {
            "refund": None,
            "order": None,
            "userErrors": [user_error(["orderId"], "Order does not exist")],
        }
    currency = currency_of(store, order, order.get("totalPriceSet"), order.get("totalReceivedSet"))
    planned = []
    subtotal = Decimal(0)
    own_lines = {e.get("__ref") for e in order.get("lineItems") or [] if is_ref(e)}
    for index, row in enumerate(data.get("refundLineItems") or []):
        line = store.get(row.get("lineItemId"), "LineItem")
        if line is None or line["id"] not in own_lines:
            return {
                "refund": None,
                "order": order,
                "userErrors": [
                    user_error(
                        ["refundLineItems", str(index), "lineItemId"], "Line item does not exist"
                    )
                ],
            }
        qty = int(row.get("quantity") or 0)
        if qty > int(line.get("quantity") or 0):
            return {
                "refund": None,
                "order": order,
                "userErrors": [
                    user_error(
                        ["refundLineItems", str(index), "quantity"],
                        "Quantity cannot refund more items than were purchased",
                    )
                ],
            }
        price = amount_of(line.get("originalUnitPriceSet"))
        subtotal += price * qty
        planned.append((line, qty, row.get("restockType") or "NO_RESTOCK", price))
    shipping = data.get("shipping") or {}
    shipping_amount = Decimal(str(shipping.get("amount") or 0))
    transactions = data.get("transactions") or []
    total = (
        sum((Decimal(str(t.get("amount") or 0)) for t in transactions), Decimal(0))
        if transactions
        else subtotal + shipping_amount
    )
    refunded_before = amount_of(order.get("totalRefundedSet"))
    net = _received(store, order) - refunded_before
    if total > net and not data.get("allowOverRefunding"):
        return {
            "refund": None,
            "order": order,
            "userErrors": [
                user_error(
                    ["transactions"] if transactions else None,
                    f"Refund amount ${total:.2f} is greater than net payment received ${net:.2f}",
                )
            ],
        }
    refund_lines = []
    for line, qty, restock, price in planned:
        if restock == "CANCEL":
            open_qty = int(line.get("fulfillableQuantity") or 0)
            taken = min(qty, open_qty)
            line["fulfillableQuantity"] = open_qty - taken
            _restock(store, line, taken, from_committed=True)
        elif restock == "RETURN":
            _restock(store, line, qty, from_committed=False)
        refund_lines.append(
            {
                "lineItem": ref(line["id"]),
                "quantity": qty,
                "restockType": restock,
                "restocked": restock in ("RETURN", "CANCEL"),
                "subtotalSet": money(price * qty, currency),
            }
        )
    now = store.now()
    made = []
    for tx in transactions or ([{"amount": total, "gateway": "manual"}] if total else []):
        made.append(
            store.create(
                "OrderTransaction",
                {
                    "kind": "REFUND",
                    "status": "SUCCESS",
                    "gateway": tx.get("gateway") or "manual",
                    "amountSet": money(tx.get("amount"), currency),
                    "createdAt": now,
                    "processedAt": now,
                    "parentTransaction": ref(tx["parentId"])
                    if tx.get("parentId") and store.get(tx["parentId"])
                    else None,
                },
            )
        )
    refund = store.create(
        "Refund",
        {
            "createdAt": now,
            "updatedAt": now,
            "note": data.get("note"),
            "refundLineItems": refund_lines,
            "totalRefundedSet": money(total, currency),
            "transactions": [ref(t["id"]) for t in made],
            "order": ref(order["id"]),
        },
    )
    order.setdefault("refunds", []).append(ref(refund["id"]))
    order.setdefault("transactions", []).extend(ref(t["id"]) for t in made)
    refunded = refunded_before + total
    order["totalRefundedSet"] = money(refunded, currency)
    if total:
        received = _received(store, order)
        order["displayFinancialStatus"] = (
            "REFUNDED" if refunded >= received else "PARTIALLY_REFUNDED"
        )
    _refresh_fulfillment_status(store, order)
    ctx.emit(
        "refunds/create", {"id": refund["id"], "order_id": order["id"], "note": data.get("note")}
    )
    _touch(ctx, order)
    return {"refund": refund, "order": order, "userErrors": []}


@computed("Order", "totalReceivedSet")
def total_received(ctx: Context, src: Obj, _a: dict[str, Any], _i: GraphQLResolveInfo) -> Any:
    if src.get("totalReceivedSet"):
        return src["totalReceivedSet"]
    currency = currency_of(ctx.store, src, src.get("totalPriceSet"))
    return money(_received(ctx.store, src) if src.get("transactions") else 0, currency)
