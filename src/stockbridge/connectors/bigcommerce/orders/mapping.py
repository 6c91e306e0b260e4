"""A v2 order with its sub-resources (products, shipping addresses, coupons, taxes,
shipments) and its v3 refunds, as the port's `RemoteOrder`.

- Prices: with tax-inclusive pricing (`is_tax_inclusive_pricing`) the `_inc_tax` amounts,
  otherwise the `_ex_tax` ones; taxes per line from `/taxes` (`line_item_type` item, by
  `order_product_id`), per shipping address likewise (`shipping`).
- Financial status from `payment_status` and the status id (4 Refunded, 14 Partially
  Refunded); fulfilment from the units shipped (`items_shipped` of `items_total`); status 12
  (Manual Verification Required) waits as `on_hold`; 5 is cancelled (at its last change).
- A line is an order product (its id the line id), naming the variant sold; a shipment is a
  fulfilment of order products with its tracking; a refund's `PRODUCT` items are its lines,
  never restocked (BigCommerce's refunds take no restock: stock is the hub's to move). The
  refunds the hub sent itself (their reason holds its key) are left out: recorded already."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
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

from .values import ZERO, amount, moment, required_moment, string, whole

Doc = Mapping[str, Any]
CANCELLED, REFUNDED, PARTIALLY_REFUNDED, VERIFYING = 5, 4, 14, 12
HUB_MARK = "[stockbridge:"  # the refunds the hub sends end their reason with it
PAYMENT = {
    "captured": "paid",
    "paid": "paid",
    "authorized": "authorized",
    "partially refunded": "partially_refunded",
    "refunded": "refunded",
    "void": "voided",
    "voided": "voided",
}


@dataclass(frozen=True, slots=True)
class OrderDocs:
    """Everything read of one order: the order and its sub-resources."""

    order: Doc
    products: Sequence[Doc] = ()
    addresses: Sequence[Doc] = ()
    coupons: Sequence[Doc] = ()
    taxes: Sequence[Doc] = ()
    shipments: Sequence[Doc] = ()
    refunds: Sequence[Doc] = field(default_factory=tuple)


# where each part of an address is: v2 orders (`street_1`, `state`, `zip`, `country_iso2`)
# and v3 customers (`address1`, `state_or_province`, `postal_code`, `country_code`)
V2_ADDRESS = ("street_1", "street_2", "state", "zip", "country_iso2")
V3_ADDRESS = ("address1", "address2", "state_or_province", "postal_code", "country_code")


def address(doc: Any, keys: tuple[str, ...] = V2_ADDRESS) -> RemoteAddress | None:
    if not isinstance(doc, Mapping):
        return None
    line1, line2, region, postal, country = keys
    name = " ".join(p for p in (string(doc, "first_name"), string(doc, "last_name")) if p)
    return RemoteAddress(
        name=name,
        company=string(doc, "company"),
        address1=string(doc, line1),
        address2=string(doc, line2),
        city=string(doc, "city"),
        region=string(doc, region),
        postal_code=string(doc, postal),
        country_code=string(doc, country).upper(),
        phone=string(doc, "phone"),
    )


def _side(inclusive: bool) -> str:
    return "inc_tax" if inclusive else "ex_tax"


def _taxes(rows: Sequence[Doc], kind: str, key: str, ident: int) -> tuple[RemoteTax, ...]:
    return tuple(
        RemoteTax(
            title=string(row, "name") or "Tax",
            amount=amount(row, "line_amount", "taxes."),
            rate=amount(row, "rate", "taxes.") / 100 if string(row, "rate") else None,
        )
        for row in rows
        if string(row, "line_item_type") == kind and string(row, key) == str(ident)
    )


def _line(doc: Doc, inclusive: bool, taxes: Sequence[Doc]) -> RemoteOrderLine:
    ident = whole(doc, "id", "products.")
    discounts = sum(
        (amount(d, "amount", "products.applied_discounts.") for d in doc.get("applied_discounts")
         or [] if isinstance(d, Mapping)),
        ZERO,
    )  # fmt: skip
    own = _taxes(taxes, "item", "order_product_id", ident)
    if not own and amount(doc, "total_tax") > 0:
        own = (RemoteTax(title="Tax", amount=amount(doc, "total_tax")),)
    variant = doc.get("variant_id")
    product = doc.get("product_id")
    return RemoteOrderLine(
        remote_id=str(ident),
        quantity=whole(doc, "quantity", "products."),
        unit_price=amount(doc, f"price_{_side(inclusive)}", "products."),
        title=string(doc, "name"),
        sku=string(doc, "sku"),
        variant_remote_id=str(variant) if isinstance(variant, int) and variant else None,
        product_remote_id=str(product) if isinstance(product, int) and product else None,
        discount=discounts,
        taxes=own,
    )


def _shipping(doc: Doc, inclusive: bool, taxes: Sequence[Doc]) -> RemoteShippingLine:
    ident = whole(doc, "id", "shipping_addresses.")
    return RemoteShippingLine(
        title=string(doc, "shipping_method") or "Shipping",
        price=amount(doc, f"cost_{_side(inclusive)}", "shipping_addresses."),
        code=string(doc, "shipping_zone_name"),
        taxes=_taxes(taxes, "shipping", "order_address_id", ident),
    )


def shipment_id(order_id: str, doc: Doc) -> str:
    """A shipment's id as the hub keeps it: `<order id>:<shipment id>` (BigCommerce's API
    names a shipment under its order)."""
    return f"{order_id}:{whole(doc, 'id', 'shipments.')}"


def shipment(doc: Doc, order_id: str) -> RemoteFulfilment:
    lines = tuple(
        RemoteFulfilmentLine(
            line_remote_id=str(whole(item, "order_product_id", "shipments.items.")),
            quantity=whole(item, "quantity", "shipments.items."),
        )
        for item in doc.get("items") or []
        if isinstance(item, Mapping)
    )
    return RemoteFulfilment(
        remote_id=shipment_id(order_id, doc),
        location_remote_id=None,
        lines=lines,
        carrier=string(doc, "tracking_carrier") or string(doc, "shipping_provider"),
        tracking_number=string(doc, "tracking_number"),
        tracking_url=string(doc, "tracking_link"),
        created_at=moment(doc, "date_created", "shipments."),
    )


def sent_by_hub(doc: Doc) -> bool:
    """A refund the hub made (its reason carries the hub's key): already recorded there."""
    return HUB_MARK in string(doc, "reason")


def refund(doc: Doc, order_id: str) -> RemoteRefund:
    items = [i for i in doc.get("items") or [] if isinstance(i, Mapping)]
    paid = sum(
        (amount(p, "amount", "refunds.payments.") for p in doc.get("payments") or []
         if isinstance(p, Mapping) and not p.get("is_declined")),
        ZERO,
    )  # fmt: skip
    return RemoteRefund(
        remote_id=str(whole(doc, "id", "refunds.")),
        order_remote_id=order_id,
        lines=tuple(
            RemoteRefundLine(
                line_remote_id=str(whole(i, "item_id", "refunds.items.")),
                quantity=whole(i, "quantity", "refunds.items."),
                restock_type="no_restock",
            )
            for i in items
            if i.get("item_type") == "PRODUCT"
        ),
        amount=paid,
        shipping=sum(
            (amount(i, "requested_amount") for i in items if i.get("item_type") == "SHIPPING"),
            ZERO,
        ),
        note=string(doc, "reason"),
        created_at=moment(doc, "created", "refunds."),
    )


def _financial(doc: Doc) -> str:
    status = doc.get("status_id")
    if status == REFUNDED:
        return "refunded"
    if status == PARTIALLY_REFUNDED:
        return "partially_refunded"
    return PAYMENT.get(string(doc, "payment_status").lower(), "pending")


def _fulfilment(doc: Doc, products: Sequence[Doc]) -> str:
    if doc.get("status_id") == VERIFYING:
        return "on_hold"
    total = sum(whole(p, "quantity", "products.") for p in products)
    shipped = sum(int(p.get("quantity_shipped") or 0) for p in products)
    if shipped <= 0:
        return "unfulfilled"
    return "fulfilled" if shipped >= total else "partial"


def customer(doc: Doc) -> RemoteCustomer | None:
    """The order's registered customer (a guest's order has none: its e-mail stays on it)."""
    ident = doc.get("customer_id")
    billing = doc.get("billing_address")
    if not isinstance(ident, int | float) or int(ident) <= 0:
        return None
    bill = billing if isinstance(billing, Mapping) else {}
    found = address(bill)
    return RemoteCustomer(
        remote_id=str(int(ident)),
        email=string(bill, "email"),
        first_name=string(bill, "first_name"),
        last_name=string(bill, "last_name"),
        phone=string(bill, "phone"),
        addresses=(found,) if found is not None else (),
    )


def order(docs: OrderDocs) -> RemoteOrder:
    doc = docs.order
    if not isinstance(doc, Mapping) or not isinstance(doc.get("id"), int):
        raise Rejected("id", "the order has no id")
    inclusive = bool(doc.get("is_tax_inclusive_pricing"))
    side = _side(inclusive)
    created = required_moment(doc, "date_created")
    updated = moment(doc, "date_modified") or created
    billing = doc.get("billing_address")
    ident = str(doc["id"])
    ship_to = [address(a) for a in docs.addresses]
    discount = amount(doc, "discount_amount") + amount(doc, "coupon_discount")
    return RemoteOrder(
        remote_id=ident,
        name=f"#{ident}",
        currency=string(doc, "currency_code") or string(doc, "default_currency_code"),
        created_at=created,
        updated_at=updated,
        lines=tuple(_line(p, inclusive, docs.taxes) for p in docs.products),
        total=amount(doc, f"total_{side}"),
        subtotal=amount(doc, f"subtotal_{side}"),
        discount_total=discount,
        shipping_total=amount(doc, f"shipping_cost_{side}"),
        tax_total=amount(doc, "total_tax"),
        email=string(billing, "email") if isinstance(billing, Mapping) else "",
        phone=string(billing, "phone") if isinstance(billing, Mapping) else "",
        note=string(doc, "customer_message"),
        tags=tuple(string(c, "code") for c in docs.coupons if string(c, "code")),
        financial_status=_financial(doc),
        fulfillment_status=_fulfilment(doc, docs.products),
        cancelled_at=updated if doc.get("status_id") == CANCELLED else None,
        cancel_reason="other" if doc.get("status_id") == CANCELLED else "",
        processed_at=created,
        customer=customer(doc),
        billing_address=address(billing),
        shipping_address=ship_to[0] if ship_to else None,
        shipping_lines=tuple(_shipping(a, inclusive, docs.taxes) for a in docs.addresses),
        source_name=string(doc, "order_source"),
        taxes_included=inclusive,
        fulfilments=tuple(shipment(s, ident) for s in docs.shipments),
        refunds=tuple(refund(r, ident) for r in docs.refunds if not sent_by_hub(r)),
    )
