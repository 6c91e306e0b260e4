"""Faults found in review around invoices, payments, refunds and cancellation, each reproduced
here: reused channel order names, refunds of nothing, cancelling a paid order, amounts
rounded without a word."""

from __future__ import annotations

from decimal import Decimal as D

import pytest

from stockbridge.catalog.models import Variant
from stockbridge.inventory.models import Location
from stockbridge.orders import queries, services
from stockbridge.orders.models import Invoice, Order, OrderEvent, Refund
from stockbridge.orders.specs import RefundLineSpec, RefundSpec
from stockbridge.platform.errors import FieldError

from .conftest import level, order_spec, paid_order, place, stock


def _paid(tee: Variant, warehouse: Location, units: int = 3, ship: int = 0) -> Order:
    return paid_order(tee, warehouse, units=units, ship=ship, gateway="card")


def test_two_channel_orders_with_the_same_name_get_different_invoice_numbers(
    tee: Variant, warehouse: Location
) -> None:
    stock(tee, warehouse, 10)
    spec = {"channel": "stitchex", "external_name": "#1001", "invoicing": "channel"}
    first, _ = services.import_channel_order(spec=order_spec([(tee, 1)], external_id="A", **spec))
    second, created = services.import_channel_order(
        spec=order_spec([(tee, 1)], external_id="B", **spec)
    )

    assert created is True
    assert [i.number for i in Invoice.objects.order_by("id")] == [
        "stitchex:#1001",
        f"stitchex:#1001/{second.number}",
    ]
    assert (first.financial_status, second.financial_status) == ("paid", "paid")


def test_an_over_long_channel_order_name_still_makes_an_invoice_number_that_fits(
    tee: Variant, warehouse: Location
) -> None:
    stock(tee, warehouse, 10)
    order, _ = services.import_channel_order(
        spec=order_spec(
            [(tee, 1)],
            channel="stitchex",
            external_id="A",
            external_name="#" + "9" * 200,
            invoicing="channel",
        )
    )
    invoice = order.invoices.get()
    assert invoice.number == f"stitchex:INV-{invoice.pk:06d}"


def test_a_refund_of_zero_is_refused_and_nothing_is_recorded(
    tee: Variant, warehouse: Location
) -> None:
    order = _paid(tee, warehouse, ship=2)
    with pytest.raises(FieldError) as error:
        services.refund_order(
            order_id=order.pk,
            spec=RefundSpec(
                lines=(RefundLineSpec(order.lines.get().pk, 1, restock="no_restock"),),
                amount=D("0.00"),
            ),
        )
    assert (error.value.field, error.value.code) == ("amount", "nothing_to_refund")
    assert error.value.reason == (
        "a refund of 0 USD gives nothing back: refund an amount above 0 (nothing is left to "
        "refund when nothing was paid), or take units back with restock cancel or return"
    )
    assert (Refund.objects.count(), order.lines.get().shipped_refunded_quantity) == (0, 0)


def test_a_refund_amount_with_more_places_than_the_currency_is_refused_not_rounded(
    tee: Variant, warehouse: Location
) -> None:
    order = _paid(tee, warehouse, ship=2)
    with pytest.raises(FieldError) as error:
        services.refund_order(order_id=order.pk, spec=RefundSpec(amount=D("10.005")))
    assert (error.value.field, error.value.reason) == (
        "amount",
        "has more than 2 decimal places (USD uses 2)",
    )
    assert Refund.objects.count() == 0


def test_a_payment_with_more_places_than_the_currency_is_refused_not_rounded(
    tee: Variant, warehouse: Location
) -> None:
    stock(tee, warehouse, 5)
    order = place([(tee, 1)])
    invoice = services.create_invoice(order_id=order.pk)
    with pytest.raises(FieldError) as error:
        services.record_payment(invoice_id=invoice.pk, amount=D("5.005"))
    assert (error.value.field, error.value.reason) == (
        "amount",
        "has more than 2 decimal places (USD uses 2)",
    )
    assert order.payments.count() == 0


def test_cancelling_a_paid_order_refunds_what_was_paid_and_releases_the_stock(
    tee: Variant, warehouse: Location
) -> None:
    order = _paid(tee, warehouse)

    services.cancel_order(order_id=order.pk, reason="customer asked")

    order.refresh_from_db()
    assert (order.status, order.financial_status) == ("cancelled", "refunded")
    assert (order.amount_paid, order.amount_refunded) == (D("35.00"), D("35.00"))
    refund = Refund.objects.get()
    assert (refund.amount, refund.shipping_amount, refund.note) == (
        D("35.00"),
        D("5.00"),
        "order cancelled: customer asked",
    )
    assert level(tee, warehouse) == (10, 0)
    assert list(OrderEvent.objects.values_list("kind", flat=True)) == [
        "order.refunded",
        "order.cancelled",
    ]
    assert OrderEvent.objects.get(kind="order.cancelled").payload["released"] == {"TEE-BLK-M": 3}
    loaded = queries.order(order.pk)
    assert loaded is not None and loaded.refunds.count() == 1


def test_cancelling_a_partly_shipped_paid_order_refunds_only_the_units_not_shipped(
    tee: Variant, warehouse: Location
) -> None:
    order = _paid(tee, warehouse, units=3, ship=2)

    services.cancel_order(order_id=order.pk)

    order.refresh_from_db()
    assert (order.status, order.amount_refunded, order.financial_status) == (
        "cancelled",
        D("10.00"),
        "partially_refunded",
    )
    assert Refund.objects.get().shipping_amount == D("0")
    assert level(tee, warehouse) == (8, 0)


def test_a_paid_order_cancelled_without_refund_is_refused_naming_the_amount(
    tee: Variant, warehouse: Location
) -> None:
    order = _paid(tee, warehouse)

    with pytest.raises(FieldError) as error:
        services.cancel_order(order_id=order.pk, refund=False)

    assert (error.value.field, error.value.code) == ("refund", "paid")
    assert error.value.reason == (
        f"{order.number} has 35.00 USD paid for what is cancelled: cancel it with a refund, "
        "or refund it first"
    )
    order.refresh_from_db()
    assert (order.status, order.amount_refunded) == ("confirmed", D("0"))
    assert level(tee, warehouse) == (10, 3)


def test_cancelling_voids_an_open_authorization(tee: Variant, warehouse: Location) -> None:
    stock(tee, warehouse, 5)
    order = place([(tee, 1)])
    invoice = services.create_invoice(order_id=order.pk)
    payment = services.record_payment(invoice_id=invoice.pk, authorize_only=True)

    services.cancel_order(order_id=order.pk)

    payment.refresh_from_db()
    order.refresh_from_db()
    assert (payment.status, order.amount_authorized, order.financial_status) == (
        "voided",
        D("0"),
        "voided",
    )
    assert Refund.objects.count() == 0


def test_a_cancel_reason_with_a_nul_character_is_refused(tee: Variant, warehouse: Location) -> None:
    stock(tee, warehouse, 5)
    order = place([(tee, 1)])
    with pytest.raises(FieldError) as error:
        services.cancel_order(order_id=order.pk, reason="oops\x00")
    assert error.value.field == "reason"
    order.refresh_from_db()
    assert order.status == "confirmed"


def test_paying_a_paid_invoice_again_says_nothing_is_left_to_pay(
    tee: Variant, warehouse: Location
) -> None:
    order = _paid(tee, warehouse)
    invoice = order.invoices.get()
    with pytest.raises(FieldError) as error:
        services.record_payment(invoice_id=invoice.pk)
    assert (error.value.field, error.value.reason) == (
        "amount",
        f"nothing is left to pay on {invoice.number}",
    )
    assert order.payments.count() == 1
