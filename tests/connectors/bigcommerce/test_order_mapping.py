"""BigCommerce's v2 order documents read into the port's `RemoteOrder`, without a store:
tax-inclusive and exclusive prices, taxes per line and per shipping address, coupons,
discounts, refunds (the hub's own left out), shipments, statuses. Synthetic documents with
BigCommerce's field names."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal

import pytest

from stockbridge.channels.errors import Rejected
from stockbridge.channels.port_orders import (
    RemoteFulfilment,
    RemoteFulfilmentLine,
    RemoteRefund,
    RemoteRefundLine,
    RemoteTax,
)
from stockbridge.connectors.bigcommerce.orders.mapping import OrderDocs, order

ORDER = {
    "id": 310, "date_created": "Tue, 01 Dec 2026 09:30:00 +0000",
    "date_modified": "Wed, 02 Dec 2026 10:00:00 +0000", "status_id": 3,
    "payment_status": "captured", "currency_code": "GBP", "is_tax_inclusive_pricing": True,
    "subtotal_ex_tax": "50.0000", "subtotal_inc_tax": "60.0000", "total_ex_tax": "54.1667",
    "total_inc_tax": "65.0000", "shipping_cost_ex_tax": "4.1667", "shipping_cost_inc_tax":
    "5.0000", "total_tax": "10.8333", "discount_amount": "1.0000", "coupon_discount": "2.0000",
    "customer_id": 0, "customer_message": "", "billing_address": {
        "first_name": "Ada", "last_name": "Lovelace", "email": "ada@example.com",
        "street_1": "1 Quay St", "city": "Leeds", "zip": "LS1 1AA", "country_iso2": "gb"},
}  # fmt: skip
PRODUCTS = [
    {"id": 21, "product_id": 7, "variant_id": 70, "name": "Tee", "sku": "TEE-S",
     "quantity": 2, "quantity_shipped": 1, "price_ex_tax": "25.0000",
     "price_inc_tax": "30.0000", "total_tax": "10.0000",
     "applied_discounts": [{"id": "coupon", "amount": "3.0000"}]},
]  # fmt: skip
TAXES = [
    {"id": 1, "order_address_id": 40, "name": "VAT", "rate": "20.0000", "line_amount": "10.0000",
     "order_product_id": "21", "line_item_type": "item"},
    {"id": 2, "order_address_id": 40, "name": "VAT", "rate": "20.0000", "line_amount": "0.8333",
     "order_product_id": "", "line_item_type": "shipping"},
]  # fmt: skip
ADDRESSES = [{"id": 40, "first_name": "Ada", "last_name": "Lovelace", "street_1": "1 Quay St",
              "city": "Leeds", "zip": "LS1 1AA", "country_iso2": "GB",
              "shipping_method": "Royal Mail 24", "cost_ex_tax": "4.1667",
              "cost_inc_tax": "5.0000"}]  # fmt: skip
SHIPMENTS = [{"id": 90, "date_created": "Wed, 02 Dec 2026 10:00:00 +0000",
              "tracking_number": "RM1", "tracking_carrier": "royal-mail", "tracking_link": "",
              "items": [{"order_product_id": 21, "quantity": 1}]}]  # fmt: skip
REFUNDS = [
    {"id": 5, "reason": "damaged", "created": "2026-12-02T11:00:00+00:00",
     "items": [{"item_type": "PRODUCT", "item_id": 21, "quantity": 1},
               {"item_type": "SHIPPING", "item_id": 40, "requested_amount": 5}],
     "payments": [{"amount": 35, "is_declined": False}, {"amount": 9, "is_declined": True}]},
    {"id": 6, "reason": "[stockbridge:abc]", "items": [], "payments": [{"amount": 1}]},
]  # fmt: skip


def test_a_tax_inclusive_order_with_coupons_taxes_shipments_and_refunds() -> None:
    read = order(OrderDocs(ORDER, PRODUCTS, ADDRESSES, [{"code": "SPRING"}], TAXES,
                           SHIPMENTS, REFUNDS))  # fmt: skip
    assert (read.remote_id, read.name, read.currency, read.taxes_included) == (
        "310", "#310", "GBP", True)  # fmt: skip
    assert (read.total, read.subtotal, read.shipping_total, read.tax_total,
            read.discount_total) == (Decimal("65.00"), Decimal("60.00"), Decimal("5.00"),
                                     Decimal("10.83"), Decimal("3.00"))  # fmt: skip
    assert (read.created_at, read.updated_at) == (
        datetime(2026, 12, 1, 9, 30, tzinfo=UTC),
        datetime(2026, 12, 2, 10, 0, tzinfo=UTC),
    )
    assert (read.financial_status, read.fulfillment_status, read.tags) == (
        "paid", "partial", ("SPRING",))  # fmt: skip
    [line] = read.lines
    assert (line.remote_id, line.unit_price, line.discount, line.variant_remote_id) == (
        "21", Decimal("30.00"), Decimal("3.00"), "70")  # fmt: skip
    assert line.taxes == (RemoteTax("VAT", Decimal("10.00"), Decimal("0.2")),)
    [shipping] = read.shipping_lines
    assert (shipping.title, shipping.price, shipping.taxes) == (
        "Royal Mail 24",
        Decimal("5.00"),
        (RemoteTax("VAT", Decimal("0.83"), Decimal("0.2")),),
    )
    assert read.customer is None and read.email == "ada@example.com"  # a guest
    assert read.billing_address is not None and read.billing_address.country_code == "GB"
    assert read.fulfilments == (
        RemoteFulfilment("310:90", None, (RemoteFulfilmentLine("21", 1),), carrier="royal-mail",
                         tracking_number="RM1", created_at=datetime(2026, 12, 2, 10, tzinfo=UTC)),
    )  # fmt: skip
    assert read.refunds == (  # the hub's own refund (6) is recorded there already
        RemoteRefund("5", "310", (RemoteRefundLine("21", 1, "no_restock"),), Decimal("35.00"),
                     Decimal("5.00"), "damaged", datetime(2026, 12, 2, 11, tzinfo=UTC)),
    )  # fmt: skip


@pytest.mark.parametrize(
    ("changes", "financial", "fulfilment", "cancelled"),
    [
        ({"status_id": 5}, "paid", "partial", True),
        ({"status_id": 4}, "refunded", "partial", False),
        ({"status_id": 14}, "partially_refunded", "partial", False),
        ({"status_id": 12, "payment_status": "authorized"}, "authorized", "on_hold", False),
        ({"status_id": 7, "payment_status": ""}, "pending", "partial", False),
        ({"payment_status": "void"}, "voided", "partial", False),
    ],
)
def test_statuses(changes: dict[str, object], financial: str, fulfilment: str,
                  cancelled: bool) -> None:  # fmt: skip
    read = order(OrderDocs({**ORDER, **changes}, PRODUCTS))
    assert (read.financial_status, read.fulfillment_status, read.cancelled_at is not None) == (
        financial, fulfilment, cancelled)  # fmt: skip


def test_an_order_without_prices_inclusive_of_tax_reads_the_ex_tax_amounts() -> None:
    read = order(OrderDocs({**ORDER, "is_tax_inclusive_pricing": False}, PRODUCTS, ADDRESSES))
    assert (read.total, read.subtotal, read.lines[0].unit_price, read.shipping_lines[0].price) \
        == (Decimal("54.17"), Decimal("50.00"), Decimal("25.00"), Decimal("4.17"))  # fmt: skip


def test_a_document_that_is_not_an_order_is_refused_naming_the_field() -> None:
    with pytest.raises(Rejected, match="id: the order has no id"):
        order(OrderDocs({"status_id": 1}))
    with pytest.raises(Rejected, match=r"products\.quantity: must be a whole number"):
        order(OrderDocs(ORDER, [{**PRODUCTS[0], "quantity": "two"}]))
    with pytest.raises(Rejected, match="date_created: is not a date"):
        order(OrderDocs({**ORDER, "date_created": "yesterday"}))
