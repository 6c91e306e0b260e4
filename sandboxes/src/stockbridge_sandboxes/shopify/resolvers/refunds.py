"""Refunds: `refundCreate` with restock types RETURN/CANCEL/NO_RESTOCK, and money received.

A refund with restock type RETURN or CANCEL puts the units back to `available`.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from graphql import GraphQLResolveInfo

from stockbridge_sandboxes.shopify.resolvers.fulfillments import refresh_fulfillment_status
from stockbridge_sandboxes.shopify.resolvers.orders import (
    find_order,
    order_location,
    received_amount,
    restock_units,
    touch_order,
)
from stockbridge_sandboxes.shopify.resolvers.payloads import (
    amount_of,
    amount_text,
    currency_of,
    money,
    user_error,
)
from stockbridge_sandboxes.shopify.resolvers.registry import Context, computed, mutation
from stockbridge_sandboxes.shopify.store import Obj, Store, is_ref, ref
from stockbridge_sandboxes.shopify.webhook_bodies import refund_body


def presentment_rate(order: Obj, currency: Any, shop: str) -> tuple[str, Decimal] | None:
    """(presentment currency, shop units per presentment unit) when a refund names the order's
    presentment currency and it is not the shop's; the rate is the order's own total ratio."""
    bag = order.get("totalPriceSet") or {}
    other = (bag.get("presentmentMoney") or {}) if isinstance(bag, dict) else {}
    if not currency or currency == shop or other.get("currencyCode") != currency:
        return None
    shown = Decimal(str(other.get("amount") or 0))
    if not shown:
        return None
    return str(currency), amount_of(bag) / shown


def line_bag(line: Obj, qty: int, bags: list[Any], currency: str, per_unit: bool) -> Obj:
    """`qty` units' share of money bags given per unit (a price) or for the whole line (its
    tax lines), on both sides: the shop side in `currency`, the presentment side in the bags'
    own presentment currency."""
    sides = {"shopMoney": Decimal(0), "presentmentMoney": Decimal(0)}
    presentment = currency
    for bag in bags:
        for side in sides:
            value = (bag or {}).get(side) or (bag or {}).get("shopMoney") or {}
            sides[side] += Decimal(str(value.get("amount") or 0))
        other = ((bag or {}).get("presentmentMoney") or {}).get("currencyCode")
        presentment = str(other or presentment)
    ordered = int(line.get("quantity") or 0)
    factor = Decimal(qty) if per_unit else (Decimal(qty) / ordered if ordered else Decimal(0))
    return {
        "shopMoney": {
            "amount": amount_text((sides["shopMoney"] * factor).quantize(Decimal("0.01"))),
            "currencyCode": currency,
        },
        "presentmentMoney": {
            "amount": amount_text((sides["presentmentMoney"] * factor).quantize(Decimal("0.01"))),
            "currencyCode": presentment,
        },
    }


def _cancel_units(store: Store, order: Obj, line: Obj, qty: int) -> Obj | None:
    """Take `qty` unfulfilled units of the line off the order's open fulfillment orders and
    put them back on sale where those hold them; the (last) location they went back to."""
    where = None
    for entry in order.get("fulfillmentOrders") or []:
        fo = store.deref(entry) or {}
        if qty <= 0 or fo.get("status") not in ("OPEN", "IN_PROGRESS", "SCHEDULED", "ON_HOLD"):
            continue
        location = ((fo.get("assignedLocation") or {}).get("location") or {}).get("__ref")
        for fo_entry in fo.get("lineItems") or []:
            fo_line = store.deref(fo_entry) or {}
            if qty <= 0 or (fo_line.get("lineItem") or {}).get("__ref") != line.get("id"):
                continue
            taken = min(qty, int(fo_line.get("remainingQuantity") or 0))
            if taken <= 0:
                continue
            fo_line["remainingQuantity"] = int(fo_line["remainingQuantity"]) - taken
            fo_line["totalQuantity"] = int(fo_line.get("totalQuantity") or 0) - taken
            restock_units(store, line, taken, from_committed=True, location_id=location)
            where = store.get(location, "Location") if location else None
            qty -= taken
        left = sum(
            int((store.deref(e) or {}).get("remainingQuantity") or 0)
            for e in fo.get("lineItems") or []
        )
        if left == 0:
            fo["status"] = "CLOSED"  # nothing left to fulfil on it
    if qty > 0:  # units known only on the line (no fulfillment order holds them)
        restock_units(store, line, qty, from_committed=True)
    return where


@mutation("refundCreate")
def refund_create(ctx: Context, _s: Any, args: dict[str, Any], _i: GraphQLResolveInfo) -> Any:
    store = ctx.store
    data = args.get("input") or {}
    order = find_order(ctx, data.get("orderId"))
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
        planned.append((line, qty, row.get("restockType") or "NO_RESTOCK", price, row))
    shipping = data.get("shipping") or {}
    shipping_amount = Decimal(str(shipping.get("amount") or 0))
    transactions = data.get("transactions") or []
    total = (
        sum((Decimal(str(t.get("amount") or 0)) for t in transactions), Decimal(0))
        if transactions
        else subtotal + shipping_amount
    )
    presented = total
    foreign = presentment_rate(order, data.get("currency"), currency)
    if foreign is not None:
        # Amounts given in the order's presentment currency: the shop side is converted.
        presented, total = total, (total * foreign[1]).quantize(Decimal("0.01"))
    refunded_before = amount_of(order.get("totalRefundedSet"))
    order_presented = (order.get("totalRefundedSet") or {}).get("presentmentMoney")
    net = received_amount(store, order) - refunded_before
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
    for line, qty, restock, _price, row in planned:
        where = store.get(row.get("locationId"), "Location") or order_location(store)
        if restock == "CANCEL":
            open_qty = int(line.get("fulfillableQuantity") or 0)
            taken = min(qty, open_qty)
            line["fulfillableQuantity"] = open_qty - taken
            where = _cancel_units(store, order, line, taken) or where
        elif restock == "RETURN":
            restock_units(store, line, qty, from_committed=False, location_id=where["id"])
        restocked = restock in ("RETURN", "CANCEL")
        refund_lines.append(
            {
                "id": store.new_gid("RefundLineItem"),
                "lineItem": ref(line["id"]),
                "quantity": qty,
                "restockType": restock,
                "restocked": restocked,
                "location": ref(where["id"]) if restocked else None,
                "subtotalSet": line_bag(
                    line, qty, [line.get("originalUnitPriceSet")], currency, per_unit=True
                ),
                "totalTaxSet": line_bag(
                    line,
                    qty,
                    [t.get("priceSet") for t in line.get("taxLines") or []],
                    currency,
                    per_unit=False,
                ),
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
    if foreign is not None:
        same = (order_presented or {}).get("currencyCode") == foreign[0]
        before = (order_presented or {}).get("amount") or 0 if same else 0
        refund["totalRefundedSet"]["presentmentMoney"] = {
            "amount": amount_text(presented),
            "currencyCode": foreign[0],
        }
        order["totalRefundedSet"]["presentmentMoney"] = {
            "amount": amount_text(Decimal(str(before)) + presented),
            "currencyCode": foreign[0],
        }
    if total:
        received = received_amount(store, order)
        order["displayFinancialStatus"] = (
            "REFUNDED" if refunded >= received else "PARTIALLY_REFUNDED"
        )
    refresh_fulfillment_status(store, order)
    ctx.emit("refunds/create", refund_body(store, refund, order))
    touch_order(ctx, order)
    return {"refund": refund, "order": order, "userErrors": []}


@computed("Order", "totalReceivedSet")
def total_received(ctx: Context, src: Obj, _a: dict[str, Any], _i: GraphQLResolveInfo) -> Any:
    if src.get("totalReceivedSet"):
        return src["totalReceivedSet"]
    currency = currency_of(ctx.store, src, src.get("totalPriceSet"))
    return money(received_amount(ctx.store, src) if src.get("transactions") else 0, currency)
