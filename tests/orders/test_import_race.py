"""Several processes, each with its own database connection, import the same channel order at
the same instant: exactly one order exists and its stock is reserved once."""

from __future__ import annotations

from decimal import Decimal

import pytest

from stockbridge.inventory.models import Reservation
from stockbridge.orders import services
from stockbridge.orders.models import Invoice, Order, Payment
from stockbridge.orders.specs import LineSpec, OrderSpec
from tests.support.races import race

from .conftest import level, make_location, make_variant, stock

PROCESSES = 6


def _importer(variant_id: int) -> tuple[int, bool]:
    order, created = services.import_channel_order(
        spec=OrderSpec(
            currency="USD",
            lines=(LineSpec(variant_id=variant_id, quantity=2),),
            channel="shopify:demo",
            external_id="gid://shopify/Order/42",
            stated_total=Decimal("20.00"),
        )
    )
    return (order.pk, created)


@pytest.mark.django_db(transaction=True)
def test_processes_importing_the_same_channel_order_make_one_order() -> None:
    variant = make_variant("RACE-1")
    warehouse = make_location("WH", priority=1)
    stock(variant, warehouse, 10)

    outcomes = race(_importer, [(variant.pk,)] * PROCESSES)

    order = Order.objects.get()
    assert sorted(outcomes) == sorted([(order.pk, True)] + [(order.pk, False)] * (PROCESSES - 1))
    assert level(variant, warehouse) == (10, 2)
    assert Reservation.objects.count() == 1
    assert (Invoice.objects.count(), Payment.objects.count()) == (1, 1)
