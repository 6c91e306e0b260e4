"""How the lines of an order hold stock: all lines reserved in one inventory call, a line no
single location can fill split over locations (after what earlier lines take), and shipping
from a location that does not hold every unit."""

from __future__ import annotations

import re
from decimal import Decimal as D

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from stockbridge.catalog.models import Variant
from stockbridge.inventory.errors import InsufficientStock
from stockbridge.inventory.models import Location, Movement, Reservation
from stockbridge.orders import services
from stockbridge.orders.models import LineAllocation, Order, OrderLine
from stockbridge.orders.specs import ShippingSpec

from .conftest import level, order_spec, place, stock


def _allocations(order: Order) -> list[tuple[str, str, int, int, int]]:
    prefix = f"order:{order.pk}:line:"
    return [
        (
            a.reference.removeprefix(prefix).split(":", 1)[1],
            a.location.code,
            a.quantity,
            a.fulfilled,
            a.released,
        )
        for a in LineAllocation.objects.filter(line__order=order).order_by("line__position", "id")
    ]


def test_every_line_is_reserved_by_one_ledger_write(
    tee: Variant, cap: Variant, warehouse: Location
) -> None:
    stock(tee, warehouse, 10)
    stock(cap, warehouse, 10)

    order = place([(cap, 1), (tee, 2)])

    # One ledger write stamps every movement of the batch with the same time.
    reserved = Movement.objects.filter(reason="reserved")
    assert sorted(reserved.values_list("reference", flat=True)) == sorted(
        LineAllocation.objects.values_list("reference", flat=True)
    )
    assert len({m.created_at for m in reserved}) == 1
    assert order.status == "confirmed"
    assert (level(tee, warehouse), level(cap, warehouse)) == ((10, 2), (10, 1))
    assert _allocations(order) == [("1", "WH", 1, 0, 0), ("1", "WH", 2, 0, 0)]


def test_a_line_is_split_only_over_what_earlier_lines_left(
    tee: Variant, warehouse: Location, store: Location
) -> None:
    stock(tee, warehouse, 3)
    stock(tee, store, 2)

    order = place([(tee, 2), (tee, 3)])

    # The first line fits the warehouse; the second finds 1 there and 2 in the store.
    assert _allocations(order) == [
        ("1", "WH", 2, 0, 0),
        ("1", "WH", 1, 0, 0),
        ("2", "STORE", 2, 0, 0),
    ]
    assert (level(tee, warehouse), level(tee, store)) == ((3, 3), (2, 2))


def test_a_line_nothing_can_fill_even_split_is_named_and_nothing_is_reserved(
    tee: Variant, cap: Variant, warehouse: Location, store: Location
) -> None:
    stock(tee, warehouse, 3)
    stock(cap, warehouse, 1)
    stock(cap, store, 1)
    order = place([(tee, 2), (cap, 3)], confirm=False)

    with pytest.raises(InsufficientStock) as error:
        services.confirm_order(order_id=order.pk)

    assert error.value.field == "lines[1].quantity"
    assert (error.value.requested, error.value.available) == (3, 2)
    assert Reservation.objects.count() == 0
    assert Movement.objects.filter(reason="reserved").count() == 0
    assert (level(tee, warehouse), level(cap, warehouse), level(cap, store)) == (
        (3, 0),
        (1, 0),
        (1, 0),
    )


def test_shipping_from_one_location_moves_the_units_held_elsewhere(
    tee: Variant, warehouse: Location, store: Location
) -> None:
    stock(tee, warehouse, 3)
    stock(tee, store, 2)
    order = place([(tee, 2), (tee, 3)])
    stock(tee, warehouse, 2)

    services.fulfil_order(order_id=order.pk, location_id=warehouse.pk)

    # The 2 units held in the store were released there, held and shipped from the warehouse.
    assert _allocations(order) == [
        ("1", "WH", 2, 2, 0),
        ("1", "WH", 1, 1, 0),
        ("2", "STORE", 2, 0, 2),
        ("3", "WH", 2, 2, 0),
    ]
    assert (level(tee, warehouse), level(tee, store)) == ((0, 0), (2, 0))
    assert sorted(OrderLine.objects.values_list("fulfilled_quantity", flat=True)) == [2, 3]
    order.refresh_from_db()
    assert order.status == "fulfilled"


def _order_statements(captured: CaptureQueriesContext) -> list[str]:
    """The statements on the orders tables (the inventory's own are its business); one
    executemany (logged as "N times: UPDATE ...") is one statement."""
    return [
        re.sub(r"^\d+ times: ", "", q["sql"]).split(" ", 1)[0]
        for q in captured.captured_queries
        if '"orders_' in q["sql"]
    ]


def test_a_two_line_order_is_created_confirmed_and_shipped_in_few_statements(
    tee: Variant, cap: Variant, warehouse: Location
) -> None:
    stock(tee, warehouse, 10)
    stock(cap, warehouse, 10)
    spec = order_spec([(tee, 2), (cap, 1)], shipping_lines=(ShippingSpec("Std", D("4.95")),))

    with CaptureQueriesContext(connection) as created:
        order = services.create_order(spec=spec, confirm=True)
    with CaptureQueriesContext(connection) as shipped:
        services.fulfil_order(order_id=order.pk, location_id=warehouse.pk)

    # order, lines, shipping line, allocations, number + status, timeline (created+confirmed)
    assert _order_statements(created) == ["INSERT"] * 4 + ["UPDATE", "INSERT"]
    # order locked with its lines, allocations, allocations and lines shipped, fulfilment and
    # its lines, order status, timeline, outbox
    assert _order_statements(shipped) == ["SELECT"] * 2 + ["UPDATE"] * 2 + ["INSERT"] * 2 + [
        "UPDATE",
        "INSERT",
        "INSERT",
    ]
    assert (level(tee, warehouse), level(cap, warehouse)) == ((8, 0), (9, 0))


def test_stock_on_hand_is_used_before_a_backorder_location(
    tee: Variant, warehouse: Location, store: Location
) -> None:
    # Review of issue 11: 58 ordered, 54 + 6 on hand elsewhere, and all 58 went to the 3PL.
    tpl = Location.objects.create(
        name="Location 3PL", code="3PL", priority=3, allows_backorder=True
    )
    stock(tee, warehouse, 54)
    stock(tee, store, 6)

    order = place([(tee, 58)])

    assert _allocations(order) == [("1", "WH", 54, 0, 0), ("2", "STORE", 4, 0, 0)]
    assert (level(tee, warehouse), level(tee, store), level(tee, tpl)) == (
        (54, 54),
        (6, 4),
        (0, 0),
    )


def test_only_what_stock_cannot_cover_goes_to_the_backorder_location(
    tee: Variant, warehouse: Location, store: Location
) -> None:
    tpl = Location.objects.create(
        name="Location 3PL", code="3PL", priority=3, allows_backorder=True
    )
    stock(tee, warehouse, 54)
    stock(tee, store, 6)

    order = place([(tee, 70)])

    assert _allocations(order) == [
        ("1", "WH", 54, 0, 0),
        ("2", "STORE", 6, 0, 0),
        ("3", "3PL", 10, 0, 0),
    ]
    assert level(tee, tpl) == (0, 10)


def test_shipping_from_a_location_that_does_not_hold_the_units_is_refused(
    tee: Variant, warehouse: Location
) -> None:
    # Review of issue 11: fulfilling from a location with no stock drove on hand negative.
    tpl = Location.objects.create(
        name="Location 3PL", code="3PL", priority=3, allows_backorder=True
    )
    stock(tee, warehouse, 5)
    order = place([(tee, 5)])

    with pytest.raises(InsufficientStock) as error:
        services.fulfil_order(order_id=order.pk, location_id=tpl.pk)

    assert (error.value.field, error.value.code) == ("lines[0].quantity", "insufficient_stock")
    assert error.value.reason == (
        "only 0 on hand of SKU TEE-BLK-M at 3PL, 5 to send; 3PL does not allow negative stock"
    )
    assert (level(tee, warehouse), level(tee, tpl)) == ((5, 5), (0, 0))
    assert _allocations(order) == [("1", "WH", 5, 0, 0)]
    order.refresh_from_db()
    assert order.status == "confirmed"


def test_a_location_that_allows_negative_stock_may_ship_what_it_does_not_hold(
    tee: Variant, warehouse: Location
) -> None:
    drop = Location.objects.create(
        name="Location DROP",
        code="DROP",
        priority=3,
        allows_backorder=True,
        allows_negative_stock=True,
    )
    stock(tee, warehouse, 5)
    order = place([(tee, 5)])

    services.fulfil_order(order_id=order.pk, location_id=drop.pk)

    assert (level(tee, warehouse), level(tee, drop)) == ((5, 0), (-5, 0))
    assert _allocations(order) == [("1", "WH", 5, 0, 5), ("2", "DROP", 5, 5, 0)]
