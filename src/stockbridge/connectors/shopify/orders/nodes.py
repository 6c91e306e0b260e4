"""Shopify's GraphQL order nodes (the `OrdersPage` document) read into the port's values."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from stockbridge.channels.errors import Rejected
from stockbridge.channels.port_orders import (
    RemoteAddress,
    RemoteCustomer,
    RemoteFulfilment,
    RemoteFulfilmentLine,
    RemoteOrder,
    RemoteOrderLine,
    RemoteRefund,
    RemoteRefundLine,
    RemoteShippingLine,
    RemoteTax,
)

from . import hub_refunds
from .values import ZERO, money, quantity, shop_money, tags, text, when

Obj = Mapping[str, Any]

# displayFulfillmentStatus -> the port's fulfilment status
FULFILMENT = {
    "FULFILLED": "fulfilled",
    "PARTIALLY_FULFILLED": "partial",
    "ON_HOLD": "on_hold",
    "SCHEDULED": "scheduled",
    "RESTOCKED": "restocked",
}


def _nodes(data: Any) -> list[Obj]:
    if isinstance(data, list):
        return [n for n in data if isinstance(n, Mapping)]
    if isinstance(data, Mapping):
        return _nodes(data.get("nodes"))
    return []


def _id(data: Any) -> str | None:
    if isinstance(data, Mapping) and isinstance(data.get("id"), str):
        return str(data["id"])
    return None


def _taxes(rows: Any, field: str) -> tuple[RemoteTax, ...]:
    return tuple(
        RemoteTax(
            title=text(row, "title") or "Tax",
            amount=shop_money(row.get("priceSet"), f"{field}.taxLines[{i}]"),
            rate=money(row["rate"], f"{field}.taxLines[{i}].rate")
            if row.get("rate") is not None
            else None,
        )
        for i, row in enumerate(_nodes(rows))
    )


def address(data: Any) -> RemoteAddress | None:
    if not isinstance(data, Mapping) or not any(data.get(k) for k in ("address1", "city", "name")):
        return None
    name = text(data, "name") or " ".join(
        p for p in (text(data, "firstName"), text(data, "lastName")) if p
    )
    return RemoteAddress(
        name=name,
        company=text(data, "company"),
        address1=text(data, "address1"),
        address2=text(data, "address2"),
        city=text(data, "city"),
        region=text(data, "provinceCode"),
        postal_code=text(data, "zip"),
        country_code=text(data, "countryCodeV2").upper(),
        phone=text(data, "phone"),
    )


def customer(data: Obj) -> RemoteCustomer:
    default = address(data.get("defaultAddress"))
    return RemoteCustomer(
        remote_id=str(data["id"]),
        email=text(data, "email").lower(),
        first_name=text(data, "firstName"),
        last_name=text(data, "lastName"),
        phone=text(data, "phone"),
        addresses=(default,) if default is not None else (),
        updated_at=when(data.get("updatedAt"), "customer.updatedAt"),
    )


def _line(data: Obj, i: int) -> RemoteOrderLine:
    field = f"lineItems[{i}]"
    title = text(data, "title") or "Item"
    variant_title = text(data, "variantTitle")
    if variant_title and variant_title != "Default Title":
        title = f"{title} - {variant_title}"
    product = _id(data.get("product"))
    return RemoteOrderLine(
        remote_id=str(data["id"]),
        quantity=quantity(data.get("quantity"), f"{field}.quantity"),
        unit_price=shop_money(data.get("originalUnitPriceSet"), f"{field}.originalUnitPrice"),
        title=title,
        sku=text(data, "sku"),
        variant_remote_id=_id(data.get("variant")),
        product_remote_id=product,
        product_exists=product is not None or _id(data.get("variant")) is not None,
        discount=shop_money(data.get("totalDiscountSet"), f"{field}.totalDiscount"),
        taxes=_taxes(data.get("taxLines"), field),
    )


def _shipping(data: Obj, i: int) -> RemoteShippingLine:
    field = f"shippingLines[{i}]"
    price = shop_money(data.get("originalPriceSet"), f"{field}.originalPrice")
    discounted = data.get("discountedPriceSet")
    discount = price - shop_money(discounted, field) if discounted else ZERO
    return RemoteShippingLine(
        title=text(data, "title") or "Shipping",
        code=text(data, "code"),
        price=price,
        discount=max(discount, ZERO),
        taxes=_taxes(data.get("taxLines"), field),
    )


def _fulfilment(data: Obj) -> RemoteFulfilment:
    tracking = _nodes(data.get("trackingInfo"))
    first = tracking[0] if tracking else {}
    return RemoteFulfilment(
        remote_id=str(data["id"]),
        location_remote_id=_id(data.get("location")),
        lines=tuple(
            RemoteFulfilmentLine(str(_id(n.get("lineItem"))), int(n.get("quantity") or 0))
            for n in _nodes(data.get("fulfillmentLineItems"))
            if _id(n.get("lineItem"))
        ),
        status=text(data, "status").lower() or "success",
        carrier=text(first, "company"),
        tracking_number=text(first, "number"),
        tracking_url=text(first, "url"),
        created_at=when(data.get("createdAt"), "fulfillments.createdAt"),
    )


def _refund(data: Obj, order_id: str) -> RemoteRefund:
    given = Decimal(0)
    for tx in _nodes(data.get("transactions")):
        if text(tx, "kind").upper() == "REFUND" and text(tx, "status").upper() in ("SUCCESS", ""):
            given += shop_money(tx.get("amountSet"), "refunds.transactions.amount")
    return RemoteRefund(
        remote_id=str(data["id"]),
        order_remote_id=order_id,
        lines=tuple(
            RemoteRefundLine(
                line_remote_id=str(_id(n.get("lineItem"))),
                quantity=int(n.get("quantity") or 0),
                restock_type=text(n, "restockType").lower() or "no_restock",
                location_remote_id=_id(n.get("location")),
                subtotal=shop_money(n.get("subtotalSet"), "refunds.refundLineItems.subtotal"),
            )
            for n in _nodes(data.get("refundLineItems"))
            if _id(n.get("lineItem"))
        ),
        amount=given,
        note=text(data, "note")[:255],
        created_at=when(data.get("createdAt"), "refunds.createdAt"),
    )


def order(data: Obj) -> RemoteOrder:
    remote_id = _id(data)
    if remote_id is None:
        raise Rejected("order.id", "is missing")
    created = when(data.get("createdAt"), "createdAt")
    if created is None:
        raise Rejected("createdAt", "is missing")
    buyer = data.get("customer")
    return RemoteOrder(
        remote_id=remote_id,
        name=text(data, "name"),
        currency=text(data, "currencyCode").upper(),
        presentment_currency=text(data, "presentmentCurrencyCode").upper(),
        created_at=created,
        updated_at=when(data.get("updatedAt"), "updatedAt") or created,
        processed_at=when(data.get("processedAt"), "processedAt"),
        lines=tuple(_line(n, i) for i, n in enumerate(_nodes(data.get("lineItems")))),
        shipping_lines=tuple(
            _shipping(n, i) for i, n in enumerate(_nodes(data.get("shippingLines")))
        ),
        subtotal=shop_money(data.get("subtotalPriceSet"), "subtotalPrice"),
        discount_total=shop_money(data.get("totalDiscountsSet"), "totalDiscounts"),
        shipping_total=shop_money(data.get("totalShippingPriceSet"), "totalShippingPrice"),
        tax_total=shop_money(data.get("totalTaxSet"), "totalTax"),
        total=shop_money(data.get("totalPriceSet"), "totalPrice"),
        email=text(data, "email").lower(),
        phone=text(data, "phone"),
        note=text(data, "note"),
        tags=tags(data.get("tags")),
        financial_status=text(data, "displayFinancialStatus").lower(),
        fulfillment_status=FULFILMENT.get(text(data, "displayFulfillmentStatus"), "unfulfilled"),
        cancelled_at=when(data.get("cancelledAt"), "cancelledAt"),
        cancel_reason=text(data, "cancelReason").lower(),
        closed_at=when(data.get("closedAt"), "closedAt"),
        customer=customer(buyer) if isinstance(buyer, Mapping) and _id(buyer) else None,
        billing_address=address(data.get("billingAddress")),
        shipping_address=address(data.get("shippingAddress")),
        location_remote_id=_id(data.get("retailLocation")),
        source_name=text(data, "sourceName"),
        taxes_included=data.get("taxesIncluded") is True,
        test=data.get("test") is True,
        fulfilments=tuple(_fulfilment(f) for f in _nodes(data.get("fulfillments"))),
        refunds=tuple(
            _refund(r, remote_id)
            for r in _nodes(data.get("refunds"))
            if not hub_refunds.made_by_hub(text(r, "note"))
        ),
    )
