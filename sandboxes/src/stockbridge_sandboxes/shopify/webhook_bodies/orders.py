"""Orders (orders/create|updated|cancelled|fulfilled|partially_fulfilled|paid)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from stockbridge_sandboxes.shopify.store import Obj, Store
from stockbridge_sandboxes.shopify.webhook_bodies.customers import address_body, customer_body
from stockbridge_sandboxes.shopify.webhook_bodies.fulfillments import fulfillment_body
from stockbridge_sandboxes.shopify.webhook_bodies.line_items import line_item_body, tax_line_body
from stockbridge_sandboxes.shopify.webhook_bodies.refunds import refund_body
from stockbridge_sandboxes.shopify.webhook_bodies.values import (
    bag_side,
    deref_all,
    legacy_id,
    lower,
    money_text,
    order_currency,
    order_presentment,
    presented_decimal,
    price_set,
    shop_amount_text,
    shop_decimal,
    sum_set,
    tags_text,
)

# GraphQL's displayFulfillmentStatus -> the REST order's fulfillment_status (null otherwise).
ORDER_FULFILLMENT = {
    "FULFILLED": "fulfilled",
    "PARTIALLY_FULFILLED": "partial",
    "RESTOCKED": "restocked",
}


def _shipping_line(row: Obj, currency: str) -> Obj:
    original = row.get("originalPriceSet")
    discounted = row.get("discountedPriceSet") or original
    return {
        "title": row.get("title"),
        "code": row.get("code"),
        "source": row.get("source"),
        "price": shop_amount_text(original),
        "price_set": price_set(original, currency),
        "discounted_price": shop_amount_text(discounted),
        "discounted_price_set": price_set(discounted, currency),
        "discount_allocations": [],
        "tax_lines": [tax_line_body(t, currency) for t in row.get("taxLines") or []],
    }


def _order_tax_lines(lines: list[Obj], shipping: list[Obj], currency: str) -> list[Obj]:
    """The order's taxes: its lines' and shipping lines' tax lines summed per title and rate."""
    totals: dict[tuple[Any, Any], list[Any]] = {}
    for row in [t for ln in lines + shipping for t in ln.get("taxLines") or []]:
        key = (row.get("title"), row.get("rate"))
        bag = row.get("priceSet")
        slot = totals.setdefault(key, [Decimal(0), Decimal(0), bag])
        slot[0] += shop_decimal(bag)
        slot[1] += presented_decimal(bag)
    out = []
    for (title, rate), (shop, other, bag) in totals.items():
        presentment = str(bag_side(bag, "presentmentMoney").get("currencyCode") or currency)
        line: Obj = {
            "title": title,
            "price": money_text(shop),
            "price_set": sum_set([(shop, other)], currency, presentment),
        }
        if rate is not None:
            line["rate"] = float(Decimal(str(rate)))
        out.append(line)
    return out


def _discount_codes(order: Obj, currency: str) -> list[Obj]:
    kind = {"itemPercentageDiscountCode": "percentage", "freeShippingDiscountCode": "shipping"}
    codes = [c for c in order.get("discountCodes") or [] if c]
    amount = shop_amount_text(order.get("totalDiscountsSet"))
    return [
        {
            "code": code,
            "amount": amount,
            "type": kind.get(str(order.get("discountCodeKind")), "fixed_amount"),
        }
        for code in codes[:1]
    ]


def order_body(store: Store, order: Obj) -> Obj:
    """The REST order (orders/create, updated, cancelled, fulfilled, partially_fulfilled, paid)."""
    currency = order_currency(store, order)
    presentment = order_presentment(order, currency)
    lines = deref_all(store, order.get("lineItems"))
    shipping = [s for s in order.get("shippingLines") or [] if isinstance(s, dict)]
    line_total = [
        (
            shop_decimal(ln.get("originalUnitPriceSet")) * int(ln.get("quantity") or 0),
            presented_decimal(ln.get("originalUnitPriceSet")) * int(ln.get("quantity") or 0),
        )
        for ln in lines
    ]
    name = str(order.get("name") or "")
    number = name.lstrip("#")
    customer = store.deref(order.get("customer")) if order.get("customer") else None
    body: Obj = {
        "id": legacy_id(order["id"]),
        "admin_graphql_api_id": order["id"],
        "name": name or None,
        "order_number": int(number) if number.isdigit() else None,
        "email": order.get("email"),
        "phone": order.get("phone"),
        "note": order.get("note"),
        "tags": tags_text(order),
        "test": bool(order.get("test")),
        "created_at": order.get("createdAt"),
        "updated_at": order.get("updatedAt"),
        "processed_at": order.get("processedAt"),
        "cancelled_at": order.get("cancelledAt"),
        "cancel_reason": lower(order.get("cancelReason")),
        "closed_at": order.get("closedAt"),
        "currency": currency,
        "presentment_currency": presentment,
        "taxes_included": bool(order.get("taxesIncluded")),
        "financial_status": lower(order.get("displayFinancialStatus")),
        "fulfillment_status": ORDER_FULFILLMENT.get(str(order.get("displayFulfillmentStatus"))),
        "source_name": order.get("sourceName"),
        "source_identifier": order.get("sourceIdentifier"),
        "payment_gateway_names": list(order.get("paymentGatewayNames") or []),
        "customer": customer_body(store, customer) if isinstance(customer, dict) else None,
        "billing_address": address_body(order.get("billingAddress")),
        "shipping_address": address_body(order.get("shippingAddress")),
        "line_items": [line_item_body(store, ln, currency) for ln in lines],
        "shipping_lines": [_shipping_line(s, currency) for s in shipping],
        "tax_lines": _order_tax_lines(lines, shipping, currency),
        "discount_codes": _discount_codes(order, currency),
        "note_attributes": [
            {"name": a.get("key"), "value": a.get("value")}
            for a in order.get("customAttributes") or []
        ],
        "total_line_items_price": money_text(sum((p[0] for p in line_total), Decimal(0))),
        "total_line_items_price_set": sum_set(line_total, currency, presentment),
    }
    for rest_key, bag_key in (
        ("subtotal_price", "subtotalPriceSet"),
        ("total_price", "totalPriceSet"),
        ("total_tax", "totalTaxSet"),
        ("total_discounts", "totalDiscountsSet"),
        ("current_subtotal_price", "currentSubtotalPriceSet"),
        ("current_total_price", "currentTotalPriceSet"),
        ("current_total_tax", "currentTotalTaxSet"),
        ("current_total_discounts", "currentTotalDiscountsSet"),
    ):
        bag = order.get(bag_key)
        if bag_key.startswith("current") and not isinstance(bag, dict):
            original = bag_key.removeprefix("current")  # no change since creation
            bag = order.get(original[0].lower() + original[1:])
        body[rest_key] = shop_amount_text(bag)
        body[f"{rest_key}_set"] = price_set(bag, currency)
    body["total_shipping_price_set"] = price_set(order.get("totalShippingPriceSet"), currency)
    if isinstance(order.get("totalOutstandingSet"), dict):
        body["total_outstanding"] = shop_amount_text(order["totalOutstandingSet"])
    body["fulfillments"] = [
        fulfillment_body(store, f, order) for f in deref_all(store, order.get("fulfillments"))
    ]
    body["refunds"] = [refund_body(store, r, order) for r in deref_all(store, order.get("refunds"))]
    return body
