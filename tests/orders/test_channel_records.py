"""Every record a channel can send is kept once per (channel, external id): customers,
payments, refunds and fulfilments. Sent again — one after the other or at the same instant
from several threads, each with its own connection — the record already kept is returned and
nothing is written twice. Records made in the hub (no external id) never collide."""

from __future__ import annotations

import threading
from collections.abc import Callable
from decimal import Decimal as D
from typing import Any

import pytest
from django.db import connection

from stockbridge.catalog.models import Variant
from stockbridge.customers import services as customers
from stockbridge.customers.models import Customer
from stockbridge.customers.specs import CustomerSpec
from stockbridge.inventory.models import Location
from stockbridge.orders import services
from stockbridge.orders.models import Fulfilment, Invoice, Order, Payment, Refund
from stockbridge.orders.specs import FulfilLine, RefundLineSpec, RefundSpec, Tracking
from stockbridge.platform.errors import Conflict, FieldError

from .conftest import level, make_location, make_variant, place, stock

THREADS = 4


def _invoiced(tee: Variant, warehouse: Location, units: int = 2) -> tuple[Order, Invoice]:
    stock(tee, warehouse, 10)
    order = place([(tee, units)])
    return order, services.create_invoice(order_id=order.pk)


def test_a_channel_customer_imported_twice_is_kept_once(db: None) -> None:
    spec = CustomerSpec(first_name="Ada", email="ada@example.com", channel="shop", external_id="7")

    first, created = customers.import_channel_customer(spec=spec)
    again, created_again = customers.import_channel_customer(
        spec=CustomerSpec(first_name="Changed", channel="shop", external_id="7")
    )

    assert (created, created_again, again.pk) == (True, False, first.pk)
    assert list(Customer.objects.values_list("first_name", "channel", "external_id")) == [
        ("Ada", "shop", "7")
    ]


def test_creating_a_channel_customer_that_is_already_here_is_a_conflict(db: None) -> None:
    spec = CustomerSpec(first_name="Ada", channel="shop", external_id="7")
    customers.create_customer(spec=spec)
    with pytest.raises(Conflict) as error:
        customers.create_customer(spec=spec)
    assert (error.value.field, error.value.reason) == (
        "external_id",
        "customer '7' of 'shop' is already imported",
    )
    assert Customer.objects.count() == 1


def test_hub_customers_without_external_ids_never_collide(db: None) -> None:
    customers.create_customer(spec=CustomerSpec(first_name="A"))
    customers.create_customer(spec=CustomerSpec(first_name="B"))
    assert list(Customer.objects.values_list("external_id", flat=True)) == ["", ""]


def test_the_same_external_id_from_two_channels_is_two_customers(db: None) -> None:
    customers.import_channel_customer(
        spec=CustomerSpec(first_name="A", channel="a", external_id="1")
    )
    customers.import_channel_customer(
        spec=CustomerSpec(first_name="B", channel="b", external_id="1")
    )
    assert Customer.objects.count() == 2


def test_where_a_customer_came_from_cannot_be_changed(db: None) -> None:
    customer = customers.create_customer(
        spec=CustomerSpec(first_name="A", channel="shop", external_id="1")
    )
    with pytest.raises(FieldError) as error:
        customers.update_customer(customer_id=customer.pk, changes={"external_id": "2"})
    assert (error.value.field, error.value.reason) == (
        "external_id",
        "is not a customer field that can be changed",
    )


def test_a_channel_payment_sent_twice_is_recorded_once(tee: Variant, warehouse: Location) -> None:
    order, invoice = _invoiced(tee, warehouse)

    first = services.record_payment(
        invoice_id=invoice.pk, amount=D("5.00"), channel="shop", external_id="pay-1"
    )
    again = services.record_payment(
        invoice_id=invoice.pk, amount=D("5.00"), channel="shop", external_id="pay-1"
    )

    assert again.pk == first.pk
    order.refresh_from_db()
    assert (order.amount_paid, Payment.objects.count()) == (D("5.00"), 1)


def test_a_channel_payment_sent_for_another_invoice_is_a_conflict(
    tee: Variant, warehouse: Location
) -> None:
    _, invoice = _invoiced(tee, warehouse)
    _, other = _invoiced(tee, warehouse)
    services.record_payment(invoice_id=invoice.pk, channel="shop", external_id="pay-1")
    with pytest.raises(Conflict) as error:
        services.record_payment(invoice_id=other.pk, channel="shop", external_id="pay-1")
    assert error.value.reason == "payment 'pay-1' of 'shop' is recorded on another invoice"


def test_a_channel_id_without_its_channel_is_refused(tee: Variant, warehouse: Location) -> None:
    _, invoice = _invoiced(tee, warehouse)
    with pytest.raises(FieldError) as error:
        services.record_payment(invoice_id=invoice.pk, external_id="pay-1")
    assert (error.value.field, error.value.reason) == (
        "channel",
        "channel and external_id go together",
    )


def test_a_channel_refund_sent_twice_is_recorded_once(tee: Variant, warehouse: Location) -> None:
    order, invoice = _invoiced(tee, warehouse)
    services.record_payment(invoice_id=invoice.pk)
    line = order.lines.get()
    spec = RefundSpec(lines=(RefundLineSpec(line.pk, 1, restock="cancel"),))

    first = services.refund_order(order_id=order.pk, spec=spec, channel="shop", external_id="r1")
    again = services.refund_order(order_id=order.pk, spec=spec, channel="shop", external_id="r1")

    assert again.pk == first.pk
    order.refresh_from_db()
    assert (order.amount_refunded, Refund.objects.count()) == (D("10.00"), 1)
    assert level(tee, warehouse) == (10, 1)


def test_a_channel_fulfilment_sent_twice_ships_once(tee: Variant, warehouse: Location) -> None:
    stock(tee, warehouse, 10)
    order = place([(tee, 3)])
    line = order.lines.get()

    def ship() -> tuple[Fulfilment, bool]:
        return services.record_channel_fulfilment(
            order_id=order.pk,
            channel="shop",
            external_id="f1",
            location_id=warehouse.pk,
            lines=[FulfilLine(line.pk, 2)],
            tracking=Tracking(carrier="UPS", number="1Z"),
        )

    first, created = ship()
    again, created_again = ship()

    assert (created, created_again, again.pk) == (True, False, first.pk)
    assert (first.channel, first.external_id, first.tracking_number) == ("shop", "f1", "1Z")
    assert level(tee, warehouse) == (8, 1)
    assert Fulfilment.objects.count() == 1


def test_a_channel_fulfilment_of_another_order_is_a_conflict(
    tee: Variant, warehouse: Location
) -> None:
    stock(tee, warehouse, 10)
    first, second = place([(tee, 1)]), place([(tee, 1)])
    services.record_channel_fulfilment(
        order_id=first.pk, channel="shop", external_id="f1", location_id=warehouse.pk
    )
    with pytest.raises(Conflict):
        services.record_channel_fulfilment(
            order_id=second.pk, channel="shop", external_id="f1", location_id=warehouse.pk
        )
    assert level(tee, warehouse) == (9, 1)


def _race(action: Callable[[], Any]) -> list[Any]:
    """Run `action` in THREADS threads released at the same instant; each thread has its own
    database connection. Returns each outcome (or the error it raised)."""
    barrier = threading.Barrier(THREADS)
    outcomes: list[Any] = []
    lock = threading.Lock()

    def run() -> None:
        from django.db import connections

        try:
            barrier.wait()
            result = action()
        except Exception as exc:  # reported to the test, never swallowed
            result = exc
        finally:
            connections.close_all()
        with lock:
            outcomes.append(result)

    threads = [threading.Thread(target=run) for _ in range(THREADS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    return outcomes


@pytest.mark.django_db(transaction=True)
def test_threads_redelivering_one_channel_record_at_once_keep_one_of_each() -> None:
    variant = make_variant("RACE-CH")
    warehouse = make_location("WH", priority=1)
    stock(variant, warehouse, 10)
    order = place([(variant, 4)])
    invoice = services.create_invoice(order_id=order.pk)
    connection.close()

    customer_outcomes = _race(
        lambda: customers.import_channel_customer(
            spec=CustomerSpec(first_name="Ada", channel="shop", external_id="c1")
        )[1]
    )
    payment_outcomes = _race(
        lambda: (
            services.record_payment(
                invoice_id=invoice.pk, amount=D("10.00"), channel="shop", external_id="p1"
            ).pk
        )
    )
    refund_outcomes = _race(
        lambda: (
            services.refund_order(
                order_id=order.pk,
                spec=RefundSpec(lines=(RefundLineSpec(order.lines.get().pk, 1, restock="cancel"),)),
                channel="shop",
                external_id="r1",
            ).pk
        )
    )
    fulfilment_outcomes = _race(
        lambda: services.record_channel_fulfilment(
            order_id=order.pk,
            channel="shop",
            external_id="f1",
            location_id=warehouse.pk,
            lines=[FulfilLine(order.lines.get().pk, 1)],
        )[1]
    )

    assert sorted(customer_outcomes) == [False, False, False, True]
    assert len(set(payment_outcomes)) == 1, payment_outcomes
    assert len(set(refund_outcomes)) == 1, refund_outcomes
    assert sorted(fulfilment_outcomes) == [False, False, False, True]
    order.refresh_from_db()
    assert (Customer.objects.count(), Payment.objects.count(), order.amount_paid) == (
        1,
        1,
        D("10.00"),
    )
    assert (Refund.objects.count(), order.amount_refunded) == (1, D("10.00"))
    assert (Fulfilment.objects.count(), level(variant, warehouse)) == (1, (9, 2))
