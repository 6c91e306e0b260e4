"""Across the kinds taking orders: what the hub does to a shopper's order shows in the store
(a shipment with its tracking and the levels following; a refund with restock made there
once, moving exactly its units here, its echo not a second refund), and a forged delivery
about an order is refused with 401, nothing stored."""

from __future__ import annotations

import pytest

from stockbridge.inventory.models import Location
from stockbridge.orders import services as orders
from stockbridge.orders.models import Order
from stockbridge.orders.specs import FulfilLine, RefundLineSpec, RefundSpec, Tracking
from stockbridge.sync.models import InboundEvent, OrderPush

from .drivers.protocol import ORDERS, Driver
from .test_publish_and_orders import level
from .test_stock import imported

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.kinds_supporting(ORDERS)]


def shipped(driver: Driver, hub: Location, lines: dict[str, int], number: str) -> tuple[str, Order]:
    """A shopper's order of `lines` (the store's id, the hub's order), shipped whole from the
    hub with tracking `number`."""
    placed = driver.order(lines)
    order = Order.objects.get()
    by_sku = {line.sku: line for line in order.lines.all()}
    orders.fulfil_order(
        order_id=order.pk,
        location_id=hub.pk,
        lines=[FulfilLine(by_sku[sku].pk, quantity) for sku, quantity in lines.items()],
        tracking=Tracking(
            carrier="UPS", number=number, url=f"https://ups.example/{number}", notify_customer=True
        ),
    )
    return placed, order


def pushes(driver: Driver) -> list[tuple[str, str]]:
    rows = OrderPush.objects.filter(channel=driver.channel).order_by("id")
    return list(rows.values_list("kind", "state"))


def test_a_shipment_here_shows_in_the_store_with_its_tracking(
    driver: Driver, hub: Location
) -> None:
    imported(driver)

    placed, _ = shipped(driver, hub, {"MUG": 2, "TEE-S": 1}, "1Z9")

    assert driver.tracking(placed) == ["1Z9"]
    assert pushes(driver) == [("fulfilment", "sent")]
    assert (level(hub, "MUG"), level(hub, "TEE-S")) == ((5, 0), (4, 0))
    assert (driver.level("MUG"), driver.level("TEE-S")) == (5, 4)


def test_a_refund_here_with_restock_is_made_there_once_and_moves_exactly_its_units(
    driver: Driver, hub: Location
) -> None:
    imported(driver)
    placed, order = shipped(driver, hub, {"MUG": 3}, "1Z8")
    mug = order.lines.get(sku="MUG")

    orders.refund_order(
        order_id=order.pk,
        spec=RefundSpec(lines=(RefundLineSpec(mug.pk, 2, restock="return", location_id=hub.pk),)),
    )

    driver.deliver()  # the store's webhooks about it: our own refund echoed back

    assert driver.refunded(placed) == {"MUG": 2}
    assert pushes(driver) == [("fulfilment", "sent"), ("refund", "sent")]
    assert order.refunds.count() == 1  # the echo is not a second refund
    assert level(hub, "MUG") == (6, 0)  # 7 - 3 shipped + 2 back
    # (the store's own figure is not asserted here: Shopify restocks a refund's units itself,
    # and when the hub's stock push went first its figure shows them twice until reconciled)


def test_a_forged_delivery_is_refused_and_stores_nothing(driver: Driver, hub: Location) -> None:
    imported(driver)
    events = InboundEvent.objects.count()  # e.g. the store's pings when subscribing

    assert driver.forge("4242") == [401, 401]
    assert (InboundEvent.objects.count(), Order.objects.count()) == (events, 0)
