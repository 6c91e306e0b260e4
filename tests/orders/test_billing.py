"""Invoices (full or per fulfilment) and payments (captured, authorized, voided), with the
financial status following."""

from __future__ import annotations

from decimal import Decimal as D

import pytest

from stockbridge.catalog.models import Variant
from stockbridge.inventory.models import Location
from stockbridge.orders import services
from stockbridge.orders.errors import AmountTooLarge, IllegalTransition
from stockbridge.orders.specs import FulfilLine, ShippingSpec
from stockbridge.orders.totals import Tax
from stockbridge.platform.errors import Conflict, FieldError

from .conftest import place, stock


def test_a_full_invoice_carries_every_line_and_the_shipping(
    tee: Variant, cap: Variant, warehouse: Location
) -> None:
    stock(tee, warehouse, 5)
    stock(cap, warehouse, 5)
    order = place(
        [(tee, 2), (cap, 1)],
        shipping_lines=(ShippingSpec("Express", D("7.50"), taxes=(Tax("VAT", D("0.2")),)),),
    )

    invoice = services.create_invoice(order_id=order.pk)

    assert invoice.number == f"INV-{invoice.pk:06d}"
    assert invoice.total == D("44.00")  # 20 + 15 + 7.50 + 1.50 VAT on shipping
    assert list(invoice.lines.values_list("description", "quantity", "amount")) == [
        (f"{tee.product.title} - Black / M", 2, D("20.0000")),
        (f"{cap.product.title} - Black / M", 1, D("15.0000")),
        ("Express", 1, D("9.0000")),
    ]
    with pytest.raises(FieldError) as error:
        services.create_invoice(order_id=order.pk)
    assert error.value.reason == "nothing left to invoice"


def test_invoices_per_fulfilment_split_the_order(tee: Variant, warehouse: Location) -> None:
    stock(tee, warehouse, 5)
    order = place([(tee, 3)], shipping_lines=(ShippingSpec("Standard", D("5.00")),))
    line = order.lines.get()
    first = services.fulfil_order(
        order_id=order.pk, location_id=warehouse.pk, lines=[FulfilLine(line.pk, 1)]
    )
    second = services.fulfil_order(order_id=order.pk, location_id=warehouse.pk)

    a = services.create_invoice(order_id=order.pk, fulfilment_id=first.pk)
    b = services.create_invoice(order_id=order.pk, fulfilment_id=second.pk)

    assert (a.total, b.total) == (D("15.00"), D("20.00"))
    with pytest.raises(Conflict):
        services.create_invoice(order_id=order.pk, fulfilment_id=first.pk)


def test_payments_move_the_financial_status_to_paid(tee: Variant, warehouse: Location) -> None:
    stock(tee, warehouse, 5)
    order = place([(tee, 3)])
    invoice = services.create_invoice(order_id=order.pk)

    services.record_payment(invoice_id=invoice.pk, amount=D("10.00"), gateway="card")
    order.refresh_from_db()
    assert (order.amount_paid, order.financial_status) == (D("10.00"), "partially_paid")

    services.record_payment(invoice_id=invoice.pk)
    order.refresh_from_db()
    invoice.refresh_from_db()
    assert (order.amount_paid, order.financial_status) == (D("30.00"), "paid")
    assert invoice.status == "paid"


def test_paying_more_than_the_invoice_is_refused(tee: Variant, warehouse: Location) -> None:
    stock(tee, warehouse, 5)
    order = place([(tee, 1)])
    invoice = services.create_invoice(order_id=order.pk)

    with pytest.raises(AmountTooLarge) as error:
        services.record_payment(invoice_id=invoice.pk, amount=D("10.01"))

    assert error.value.reason == "only 10.00 left to pay, 10.01 requested"
    order.refresh_from_db()
    assert (order.amount_paid, order.payments.count()) == (D("0"), 0)


def test_an_authorization_is_captured_or_voided(tee: Variant, warehouse: Location) -> None:
    stock(tee, warehouse, 5)
    order = place([(tee, 1)])
    invoice = services.create_invoice(order_id=order.pk)

    auth = services.record_payment(invoice_id=invoice.pk, authorize_only=True)
    order.refresh_from_db()
    assert order.financial_status == "authorized"

    services.void_payment(payment_id=auth.pk)
    order.refresh_from_db()
    assert (order.amount_authorized, order.financial_status) == (D("0"), "voided")

    second = services.record_payment(invoice_id=invoice.pk, authorize_only=True)
    services.capture_payment(payment_id=second.pk)
    order.refresh_from_db()
    assert (order.amount_paid, order.financial_status) == (D("10.00"), "paid")
    with pytest.raises(FieldError) as error:
        services.capture_payment(payment_id=second.pk)
    assert error.value.field == "payment_id"


def test_a_draft_cannot_be_invoiced(tee: Variant) -> None:
    order = place([(tee, 1)], confirm=False)
    with pytest.raises(IllegalTransition):
        services.create_invoice(order_id=order.pk)
