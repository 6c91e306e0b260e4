"""A WooCommerce order (REST v3 `order`, as `GET /orders/<id>` answers and webhooks carry it)
and its refunds (`order_refund`) read into the port's values. Pure: JSON in, values out.

- Ids: a line's variant is its variation (`variation_id`) or, for a simple product, its
  product (`product_id`), as the catalog import links them; a line without a product (0) is a
  custom item.
- Statuses: paid once `date_paid` is set (partially refunded / refunded after refunds);
  `completed` is fulfilled (WooCommerce has no shipment object: a completed order shipped
  every unit, shown as one fulfilment `<order id>:completed` from the store's stock);
  `pending`, `failed` and `on-hold` (awaiting payment) are on hold, so they wait;
  `cancelled` and `trash` are cancelled (at their last change).
- Money: a line's unit price is its subtotal (before coupons) over its quantity, its discount
  subtotal - total; coupons are the order's `discount_total`; taxes per line and shipping
  line by the order's `tax_lines` labels.
- Refunds: each refund's lines name the order line refunded (`_refunded_item_id` meta, else
  the same product and variation) with the units as a positive number; WooCommerce restocks
  refunded items unless told not to (`api_restock`, default true; wp-admin's "Restock
  refunded items", checked by default), so a refund's lines are `return`: shipped units come
  back, unshipped ones are released. Refunds this hub made (meta `stockbridge_refund_key`)
  are left out: the hub holds them already.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
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

from ..ids import STOCK
from .values import CENT, ZERO, gmt, meta, money, number, objects, part, text

REFUND_KEY = "stockbridge_refund_key"  # on refunds this hub made
REFUNDED_ITEM = "_refunded_item_id"  # on a refund's line: the order line it refunds
HELD = ("pending", "failed", "on-hold")
CANCELLED = ("cancelled", "trash")


def address(data: Mapping[str, Any]) -> RemoteAddress | None:
    if not data:
        return None
    found = RemoteAddress(
        name=" ".join(p for p in (text(data, "first_name"), text(data, "last_name")) if p),
        company=text(data, "company"),
        address1=text(data, "address_1"),
        address2=text(data, "address_2"),
        city=text(data, "city"),
        region=text(data, "state"),
        postal_code=text(data, "postcode"),
        country_code=text(data, "country"),
        phone=text(data, "phone"),
    )
    return found if found != RemoteAddress() else None


def _taxes(data: Mapping[str, Any], labels: Mapping[int, str], where: str) -> tuple[RemoteTax, ...]:
    found = []
    for tax in objects(data, "taxes"):
        amount = money(tax.get("total"), f"{where}taxes.total")
        if amount:
            rate_id = number(tax, "id")
            found.append(RemoteTax(title=labels.get(rate_id, f"tax {rate_id}"), amount=amount))
    return tuple(found)


def _line(data: Mapping[str, Any], labels: Mapping[int, str]) -> RemoteOrderLine:
    quantity = number(data, "quantity", "line_items.")
    if quantity < 1:
        raise Rejected("line_items.quantity", f"must be at least 1, got {quantity}")
    subtotal = money(data.get("subtotal"), "line_items.subtotal")
    total = money(data.get("total"), "line_items.total")
    product, variation = number(data, "product_id"), number(data, "variation_id")
    variant = variation or product
    return RemoteOrderLine(
        remote_id=str(number(data, "id", "line_items.")),
        quantity=quantity,
        unit_price=(subtotal / quantity).quantize(CENT),
        title=text(data, "name"),
        sku=text(data, "sku"),
        variant_remote_id=str(variant) if variant else None,
        product_remote_id=str(product) if product else None,
        discount=max(subtotal - total, ZERO),
        taxes=_taxes(data, labels, "line_items."),
    )


def _financial(data: Mapping[str, Any], status: str, refunded: Decimal) -> str:
    if status == "refunded":
        return "refunded"
    if not data.get("date_paid_gmt") and not data.get("date_paid"):
        return "voided" if status in CANCELLED else "pending"
    return "partially_refunded" if refunded else "paid"


def customer_of(data: Mapping[str, Any]) -> RemoteCustomer:
    """The customer a `customer.*` payload carries."""
    remote = number(data, "id")
    if remote < 1:
        raise Rejected("id", "the customer has no id")
    billing, shipping = part(data, "billing"), part(data, "shipping")
    return RemoteCustomer(
        remote_id=str(remote),
        email=text(data, "email") or text(billing, "email"),
        first_name=text(data, "first_name"),
        last_name=text(data, "last_name"),
        phone=text(billing, "phone"),
        addresses=tuple(a for a in (address(billing), address(shipping)) if a is not None),
        updated_at=gmt(data, "date_modified_gmt"),
    )


def refund_of(
    data: Mapping[str, Any], order_id: str, lines: Sequence[Mapping[str, Any]]
) -> RemoteRefund:
    """One refund of order `order_id` whose line items are `lines`."""
    found = []
    for item in objects(data, "line_items"):
        quantity = abs(number(item, "quantity", "line_items."))
        line = meta(item, REFUNDED_ITEM) or _same_line(item, lines)
        if quantity and line:
            found.append(
                RemoteRefundLine(
                    line_remote_id=line,
                    quantity=quantity,
                    restock_type="return",
                    location_remote_id=STOCK,
                    subtotal=abs(money(item.get("subtotal"), "line_items.subtotal")),
                )
            )
    return RemoteRefund(
        remote_id=str(number(data, "id")),
        order_remote_id=order_id,
        lines=tuple(found),
        amount=abs(money(data.get("amount"), "amount")),
        note=text(data, "reason"),
        created_at=gmt(data, "date_created_gmt"),
    )


def _same_line(item: Mapping[str, Any], lines: Sequence[Mapping[str, Any]]) -> str:
    wanted = (number(item, "product_id"), number(item, "variation_id"))
    for line in lines:
        if (number(line, "product_id"), number(line, "variation_id")) == wanted:
            return str(number(line, "id"))
    return ""


def made_here(refund: Mapping[str, Any]) -> bool:
    return bool(meta(refund, REFUND_KEY))


def order_of(data: Mapping[str, Any], refunds: Sequence[Mapping[str, Any]] = ()) -> RemoteOrder:
    """The order a payload carries, with its refunds as `GET /orders/<id>/refunds` answers
    them (a payload lists only each refund's id and total)."""
    remote = number(data, "id")
    status = text(data, "status")
    created, updated = gmt(data, "date_created_gmt"), gmt(data, "date_modified_gmt")
    if remote < 1 or not status or created is None:
        raise Rejected("id", "is not an order (no id, status or date_created_gmt)")
    order_id = str(remote)
    labels = {number(t, "rate_id"): text(t, "label") for t in objects(data, "tax_lines")}
    raw_lines = objects(data, "line_items")
    lines = tuple(_line(line, labels) for line in raw_lines)
    read = tuple(refund_of(r, order_id, raw_lines) for r in refunds if not made_here(r))
    refunded = sum(
        (abs(money(r.get("total"), "refunds.total")) for r in objects(data, "refunds")), ZERO
    )
    billing, shipping = part(data, "billing"), part(data, "shipping")
    customer_id = number(data, "customer_id")
    customer = None
    if customer_id > 0:
        customer = RemoteCustomer(
            remote_id=str(customer_id),
            email=text(billing, "email"),
            first_name=text(billing, "first_name"),
            last_name=text(billing, "last_name"),
            phone=text(billing, "phone"),
            addresses=tuple(a for a in (address(billing), address(shipping)) if a is not None),
        )
    completed = gmt(data, "date_completed_gmt") or updated
    fulfilments: tuple[RemoteFulfilment, ...] = ()
    if status == "completed":
        fulfilments = (
            RemoteFulfilment(
                remote_id=f"{order_id}:completed",
                location_remote_id=STOCK,
                lines=tuple(RemoteFulfilmentLine(x.remote_id, x.quantity) for x in lines),
                created_at=completed,
            ),
        )
    return RemoteOrder(
        remote_id=order_id,
        name=f"#{text(data, 'number') or order_id}",
        currency=text(data, "currency"),
        created_at=created,
        updated_at=updated or created,
        lines=lines,
        total=money(data.get("total"), "total"),
        subtotal=sum((money(x.get("subtotal"), "line_items.subtotal") for x in raw_lines), ZERO),
        discount_total=money(data.get("discount_total"), "discount_total"),
        shipping_total=money(data.get("shipping_total"), "shipping_total"),
        tax_total=money(data.get("total_tax"), "total_tax"),
        email=text(billing, "email"),
        phone=text(billing, "phone"),
        note=text(data, "customer_note"),
        financial_status=_financial(data, status, refunded),
        fulfillment_status=(
            "fulfilled" if status == "completed" else "on_hold" if status in HELD else "unfulfilled"
        ),
        cancelled_at=updated if status in CANCELLED else None,
        processed_at=gmt(data, "date_paid_gmt"),
        customer=customer,
        billing_address=address(billing),
        shipping_address=address(shipping),
        shipping_lines=tuple(
            RemoteShippingLine(
                title=text(s, "method_title"),
                price=money(s.get("total"), "shipping_lines.total"),
                code=text(s, "method_id"),
                taxes=_taxes(s, labels, "shipping_lines."),
            )
            for s in objects(data, "shipping_lines")
        ),
        source_name=text(data, "created_via"),
        taxes_included=data.get("prices_include_tax") is True,
        fulfilments=fulfilments,
        refunds=read,
    )
