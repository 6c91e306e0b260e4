"""Channel orders come in exactly once, confirmed, invoiced and paid when asked (Stitchex),
with the channel's stated total checked by policy."""

from __future__ import annotations

from decimal import Decimal as D

import pytest

from stockbridge.catalog.models import Variant
from stockbridge.inventory.models import Location
from stockbridge.orders import services
from stockbridge.orders.errors import TotalsMismatch
from stockbridge.orders.models import Order
from stockbridge.orders.specs import ShippingSpec
from stockbridge.platform.errors import Conflict

from .conftest import level, order_spec, stock


def _channel_spec(tee: Variant, **kwargs: object) -> object:
    defaults: dict[str, object] = {
        "channel": "stitchex",
        "external_id": "SX-1001",
        "external_name": "#1001",
        "invoicing": "channel",
        "shipping_lines": (ShippingSpec("Ground", D("4.00")),),
    }
    defaults.update(kwargs)
    return order_spec([(tee, 2)], **defaults)


def test_an_imported_order_is_confirmed_invoiced_and_paid(
    tee: Variant, warehouse: Location
) -> None:
    stock(tee, warehouse, 5)

    order, created = services.import_channel_order(
        spec=_channel_spec(tee, stated_total=D("24.00"))  # type: ignore[arg-type]
    )

    assert created is True
    assert (order.status, order.financial_status) == ("confirmed", "paid")
    assert order.amount_paid == D("24.00")
    invoice = order.invoices.get()
    assert (invoice.number, invoice.total, invoice.status) == ("stitchex:#1001", D("24.00"), "paid")
    assert order.payments.get().gateway == "stitchex"
    assert level(tee, warehouse) == (5, 2)


def test_importing_the_same_order_again_returns_the_first_one(
    tee: Variant, warehouse: Location
) -> None:
    stock(tee, warehouse, 5)
    first, _ = services.import_channel_order(spec=_channel_spec(tee))  # type: ignore[arg-type]

    again, created = services.import_channel_order(spec=_channel_spec(tee))  # type: ignore[arg-type]

    assert (again.pk, created) == (first.pk, False)
    assert Order.objects.count() == 1
    assert level(tee, warehouse) == (5, 2)


def test_creating_a_channel_order_twice_through_create_order_is_a_conflict(
    tee: Variant, warehouse: Location
) -> None:
    stock(tee, warehouse, 5)
    services.create_order(spec=_channel_spec(tee))  # type: ignore[arg-type]

    with pytest.raises(Conflict) as error:
        services.create_order(spec=_channel_spec(tee))  # type: ignore[arg-type]
    assert error.value.field == "external_id"


def test_a_mismatching_channel_total_is_rejected_by_default(
    tee: Variant, warehouse: Location
) -> None:
    stock(tee, warehouse, 5)

    with pytest.raises(TotalsMismatch) as error:
        services.import_channel_order(
            spec=_channel_spec(tee, stated_total=D("23.00"))  # type: ignore[arg-type]
        )

    assert error.value.reason == "stated 23.00 but lines, taxes and shipping add up to 24.00"
    assert Order.objects.count() == 0
    assert level(tee, warehouse) == (5, 0)


def test_a_mismatching_total_is_flagged_under_the_flag_policy(
    tee: Variant, warehouse: Location
) -> None:
    stock(tee, warehouse, 5)

    order, _ = services.import_channel_order(
        spec=_channel_spec(tee, stated_total=D("23.00"), totals_policy="flag")  # type: ignore[arg-type]
    )

    assert (order.total, order.channel_total) == (D("24.00"), D("23.00"))
    assert order.totals_flag == "channel total 23.00 differs from computed 24.00 by -1.00"
    assert order.history.filter(kind="totals_flagged").count() == 1


def test_totals_from_channel_keep_the_channel_total_and_flag_the_difference(
    tee: Variant, warehouse: Location
) -> None:
    stock(tee, warehouse, 5)

    order, _ = services.import_channel_order(
        spec=_channel_spec(tee, stated_total=D("23.00"), totals_policy="channel")  # type: ignore[arg-type]
    )

    assert (order.total, order.computed_total) == (D("23.00"), D("24.00"))
    assert order.totals_flag == "channel total 23.00 differs from computed 24.00 by -1.00"
    assert (order.amount_paid, order.financial_status) == (D("23.00"), "paid")


def test_an_import_short_of_stock_stays_a_draft_and_says_why(
    tee: Variant, warehouse: Location
) -> None:
    stock(tee, warehouse, 1)

    order, created = services.import_channel_order(spec=_channel_spec(tee))  # type: ignore[arg-type]

    assert (created, order.status, order.financial_status) == (True, "draft", "pending")
    entry = order.history.get(kind="stock_short")
    assert entry.message == "Not confirmed: only 1 available of SKU TEE-BLK-M, 2 needed"
    assert level(tee, warehouse) == (1, 0)


def test_an_imported_paid_order_has_one_invoice_of_everything_and_one_payment_of_it(
    tee: Variant, warehouse: Location
) -> None:
    stock(tee, warehouse, 5)

    order, _ = services.import_channel_order(
        spec=_channel_spec(tee, stated_total=D("23.00"), totals_policy="channel"),  # type: ignore[arg-type]
        actor="channel:Stitchex",
    )

    stored = Order.objects.get(pk=order.pk)
    assert (order.amount_paid, order.financial_status, order.status) == (
        stored.amount_paid,
        stored.financial_status,
        stored.status,
    )
    invoice = stored.invoices.get()
    assert (invoice.total, invoice.amount_paid, invoice.status) == (D("23.00"), D("23.00"), "paid")
    assert list(invoice.lines.values_list("description", "quantity", "amount")) == [
        (stored.lines.get().title, 2, D("20.00")),
        ("Ground", 1, D("4.00")),
        ("Adjustment to the channel's total", 1, D("-1.00")),
    ]
    assert list(stored.lines.values_list("invoiced_quantity", "invoiced_amount")) == [
        (2, D("20.00"))
    ]
    payment = stored.payments.get()
    assert (payment.invoice_id, payment.amount, payment.kind, payment.status) == (
        invoice.pk,
        D("23.00"),
        "capture",
        "paid",
    )
    assert (payment.gateway, payment.reference) == ("stitchex", "SX-1001")
    assert list(stored.history.values_list("kind", "message", "actor"))[-2:] == [
        ("invoiced", "Invoice stitchex:#1001 issued for 23.00 USD", "channel:Stitchex"),
        ("paid", "23.00 USD paid on stitchex:#1001 via stitchex", "channel:Stitchex"),
    ]


def test_an_imported_order_whose_channel_number_is_taken_is_invoiced_under_the_hub_number_too(
    tee: Variant, warehouse: Location
) -> None:
    stock(tee, warehouse, 5)
    services.import_channel_order(spec=_channel_spec(tee))  # type: ignore[arg-type]

    second, _ = services.import_channel_order(
        spec=_channel_spec(tee, external_id="SX-2002")  # type: ignore[arg-type]
    )

    assert second.invoices.get().number == f"stitchex:#1001/{second.number}"
