"""Shopify's REST payloads (what `orders/*`, `refunds/create` and `customers/*` webhooks
carry, API-NOTES §2.8) read into the port's order values. The whole documented order is
read: discounts (allocated to lines and shipping lines), shipping lines, tax lines, the
shop and presentment currencies, custom items (no variant), point-of-sale orders (their
`location_id`), guest checkouts (no customer), fulfilments and refunds."""

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
from .values import ZERO, gid, money, presentment_code, quantity, shop_money, tags, text, when

Obj = Mapping[str, Any]


def _objects(data: Obj, key: str) -> list[Obj]:
    value = data.get(key)
    if value is None:
        return []
    if not isinstance(value, list):
        raise Rejected(key, "must be a list")
    return [v for v in value if isinstance(v, Mapping)]


def _amount(data: Obj, key: str, field: str) -> Decimal:
    """An amount given as `key` (shop currency text) or its `key_set` twin."""
    if data.get(key) not in (None, ""):
        return money(data.get(key), field)
    return shop_money(data.get(f"{key}_set"), field)


def _taxes(data: Obj, field: str) -> tuple[RemoteTax, ...]:
    out = []
    for i, row in enumerate(_objects(data, "tax_lines")):
        out.append(
            RemoteTax(
                title=text(row, "title") or "Tax",
                amount=_amount(row, "price", f"{field}.tax_lines[{i}].price"),
                rate=money(row["rate"], f"{field}.tax_lines[{i}].rate")
                if row.get("rate") is not None
                else None,
            )
        )
    return tuple(out)


def _allocated(data: Obj, field: str) -> Decimal | None:
    rows = _objects(data, "discount_allocations")
    if not rows:
        return None
    return sum(
        (_amount(r, "amount", f"{field}.discount_allocations[{i}]") for i, r in enumerate(rows)),
        ZERO,
    )


def address(data: Any) -> RemoteAddress | None:
    if not isinstance(data, Mapping) or not any(data.get(k) for k in ("address1", "city", "name")):
        return None
    name = text(data, "name") or " ".join(
        p for p in (text(data, "first_name"), text(data, "last_name")) if p
    )
    return RemoteAddress(
        name=name,
        company=text(data, "company"),
        address1=text(data, "address1"),
        address2=text(data, "address2"),
        city=text(data, "city"),
        region=text(data, "province_code") or text(data, "province"),
        postal_code=text(data, "zip"),
        country_code=text(data, "country_code").upper(),
        phone=text(data, "phone"),
    )


def customer(data: Obj) -> RemoteCustomer:
    remote_id = gid("Customer", data.get("id"), data.get("admin_graphql_api_id"))
    if remote_id is None:
        raise Rejected("customer.id", "is missing")
    found = [address(a) for a in _objects(data, "addresses")]
    default = address(data.get("default_address"))
    addresses = [a for a in found if a is not None]
    if default is not None and default not in addresses:
        addresses.insert(0, default)
    return RemoteCustomer(
        remote_id=remote_id,
        email=text(data, "email").lower(),
        first_name=text(data, "first_name"),
        last_name=text(data, "last_name"),
        phone=text(data, "phone"),
        addresses=tuple(addresses),
        updated_at=when(data.get("updated_at"), "customer.updated_at"),
    )


def _line(data: Obj, i: int) -> RemoteOrderLine:
    field = f"line_items[{i}]"
    remote_id = gid("LineItem", data.get("id"), data.get("admin_graphql_api_id"))
    if remote_id is None:
        raise Rejected(f"{field}.id", "is missing")
    discount = _allocated(data, field)
    if discount is None:
        discount = _amount(data, "total_discount", f"{field}.total_discount")
    title = text(data, "title") or text(data, "name") or "Item"
    variant_title = text(data, "variant_title")
    if variant_title and variant_title != "Default Title":
        title = f"{title} - {variant_title}"
    return RemoteOrderLine(
        remote_id=remote_id,
        quantity=quantity(data.get("quantity"), f"{field}.quantity"),
        unit_price=_amount(data, "price", f"{field}.price"),
        title=title,
        sku=text(data, "sku"),
        variant_remote_id=gid("ProductVariant", data.get("variant_id")),
        product_remote_id=gid("Product", data.get("product_id")),
        product_exists=data.get("product_exists") is not False,
        discount=discount,
        taxes=_taxes(data, field),
    )


def _shipping(data: Obj, i: int) -> RemoteShippingLine:
    field = f"shipping_lines[{i}]"
    price = _amount(data, "price", f"{field}.price")
    discount = _allocated(data, field)
    if discount is None and data.get("discounted_price") not in (None, ""):
        discount = price - _amount(data, "discounted_price", f"{field}.discounted_price")
    return RemoteShippingLine(
        title=text(data, "title") or text(data, "code") or "Shipping",
        code=text(data, "code"),
        price=price,
        discount=max(discount or ZERO, ZERO),
        taxes=_taxes(data, field),
    )


def fulfilment(data: Obj) -> RemoteFulfilment:
    remote_id = gid("Fulfillment", data.get("id"), data.get("admin_graphql_api_id"))
    if remote_id is None:
        raise Rejected("fulfillments.id", "is missing")
    lines = []
    for i, row in enumerate(_objects(data, "line_items")):
        line_id = gid("LineItem", row.get("id"), row.get("admin_graphql_api_id"))
        if line_id is not None:
            lines.append(
                RemoteFulfilmentLine(
                    line_id, quantity(row.get("quantity"), f"fulfillments.line_items[{i}]")
                )
            )
    return RemoteFulfilment(
        remote_id=remote_id,
        location_remote_id=gid("Location", data.get("location_id")),
        lines=tuple(lines),
        status=text(data, "status") or "success",
        carrier=text(data, "tracking_company"),
        tracking_number=text(data, "tracking_number"),
        tracking_url=text(data, "tracking_url"),
        created_at=when(data.get("created_at"), "fulfillments.created_at"),
    )


def refund(data: Obj, order_remote_id: str | None = None) -> RemoteRefund:
    remote_id = gid("Refund", data.get("id"), data.get("admin_graphql_api_id"))
    order_id = order_remote_id or gid("Order", data.get("order_id"))
    if remote_id is None:
        raise Rejected("id", "is missing")
    if order_id is None:
        raise Rejected("order_id", "is missing")
    if hub_refunds.made_by_hub(text(data, "note")):  # recorded when the hub made it
        return RemoteRefund(remote_id=remote_id, order_remote_id=order_id)
    lines = []
    for i, row in enumerate(_objects(data, "refund_line_items")):
        line_id = gid("LineItem", row.get("line_item_id"))
        if line_id is None and isinstance(row.get("line_item"), Mapping):
            item = row["line_item"]
            line_id = gid("LineItem", item.get("id"), item.get("admin_graphql_api_id"))
        if line_id is None:
            raise Rejected(f"refund_line_items[{i}].line_item_id", "is missing")
        lines.append(
            RemoteRefundLine(
                line_remote_id=line_id,
                quantity=quantity(row.get("quantity"), f"refund_line_items[{i}].quantity"),
                restock_type=(text(row, "restock_type") or "no_restock").lower(),
                location_remote_id=gid("Location", row.get("location_id")),
                subtotal=_amount(row, "subtotal", f"refund_line_items[{i}].subtotal"),
            )
        )
    given = ZERO
    for i, tx in enumerate(_objects(data, "transactions")):
        if text(tx, "kind") == "refund" and text(tx, "status") in ("success", ""):
            given += money(tx.get("amount"), f"transactions[{i}].amount")
    shipping = ZERO
    for i, adj in enumerate(_objects(data, "order_adjustments")):
        if text(adj, "kind") == "shipping_refund":
            shipping += abs(money(adj.get("amount"), f"order_adjustments[{i}].amount"))
    return RemoteRefund(
        remote_id=remote_id,
        order_remote_id=order_id,
        lines=tuple(lines),
        amount=given,
        shipping=shipping,
        note=text(data, "note")[:255],
        created_at=when(data.get("created_at"), "created_at"),
    )


FULFILMENT_STATUS = {None: "unfulfilled", "": "unfulfilled", "partial": "partial"}


def order(data: Obj) -> RemoteOrder:
    """The REST order of an `orders/*` payload; `Rejected` naming the field it lacks."""
    remote_id = gid("Order", data.get("id"), data.get("admin_graphql_api_id"))
    if remote_id is None:
        raise Rejected("id", "is missing")
    currency = text(data, "currency").upper()
    if len(currency) != 3:
        raise Rejected("currency", f"must be a 3-letter code, got {currency!r}")
    created = when(data.get("created_at"), "created_at") or when(
        data.get("processed_at"), "processed_at"
    )
    if created is None:
        raise Rejected("created_at", "is missing")
    updated = when(data.get("updated_at"), "updated_at") or created
    buyer = data.get("customer")
    status = data.get("fulfillment_status")
    return RemoteOrder(
        remote_id=remote_id,
        name=text(data, "name") or f"#{text(data, 'order_number')}",
        currency=currency,
        presentment_currency=(
            text(data, "presentment_currency") or presentment_code(data.get("total_price_set"))
        ).upper(),
        created_at=created,
        updated_at=updated,
        processed_at=when(data.get("processed_at"), "processed_at"),
        lines=tuple(_line(row, i) for i, row in enumerate(_objects(data, "line_items"))),
        shipping_lines=tuple(
            _shipping(row, i) for i, row in enumerate(_objects(data, "shipping_lines"))
        ),
        subtotal=_amount(data, "subtotal_price", "subtotal_price"),
        discount_total=_amount(data, "total_discounts", "total_discounts"),
        shipping_total=shop_money(data.get("total_shipping_price_set"), "total_shipping_price"),
        tax_total=_amount(data, "total_tax", "total_tax"),
        total=_amount(data, "total_price", "total_price"),
        email=(text(data, "email") or text(data, "contact_email")).lower(),
        phone=text(data, "phone"),
        note=text(data, "note"),
        tags=tags(data.get("tags")),
        financial_status=text(data, "financial_status").lower(),
        fulfillment_status=FULFILMENT_STATUS.get(status, str(status).lower()),
        cancelled_at=when(data.get("cancelled_at"), "cancelled_at"),
        cancel_reason=text(data, "cancel_reason"),
        closed_at=when(data.get("closed_at"), "closed_at"),
        customer=customer(buyer) if isinstance(buyer, Mapping) and buyer.get("id") else None,
        billing_address=address(data.get("billing_address")),
        shipping_address=address(data.get("shipping_address")),
        location_remote_id=gid("Location", data.get("location_id")),
        source_name=text(data, "source_name"),
        taxes_included=data.get("taxes_included") is True,
        test=data.get("test") is True,
        fulfilments=tuple(fulfilment(f) for f in _objects(data, "fulfillments")),
        refunds=tuple(
            refund(r, remote_id)
            for r in _objects(data, "refunds")
            if not hub_refunds.made_by_hub(text(r, "note"))
        ),
    )
