"""Two processes, each with its own database connection, confirm (then ship or cancel) orders
naming the same two variants in opposite line order, many times at once: no deadlock, no
error, and the stock is exact afterwards (on SQLite and PostgreSQL)."""

from __future__ import annotations

import pytest

from stockbridge.inventory.models import Movement
from stockbridge.orders import services
from stockbridge.orders.models import Order
from stockbridge.orders.specs import LineSpec, OrderSpec
from tests.support.races import race

from .conftest import level, make_location, make_variant, stock

ROUNDS = 30
UNITS = 500


def _racer(first: int, second: int, location_id: int) -> list[str]:
    """Confirm ROUNDS orders of (first x 2, second x 1); ship the even ones, cancel the odd."""
    errors = []
    for n in range(ROUNDS):
        spec = OrderSpec(
            currency="USD",
            lines=(
                LineSpec(variant_id=first, quantity=2),
                LineSpec(variant_id=second, quantity=1),
            ),
        )
        try:
            order = services.create_order(spec=spec, confirm=True, actor="race")
            if n % 2 == 0:
                services.fulfil_order(order_id=order.pk, location_id=location_id)
            else:
                services.cancel_order(order_id=order.pk)
        except Exception as exc:  # report every failed round, keep racing
            errors.append(repr(exc))
    return errors


@pytest.mark.django_db(transaction=True)
def test_orders_naming_variants_in_opposite_line_order_never_deadlock() -> None:
    tee = make_variant("RACE-TEE")
    cap = make_variant("RACE-CAP")
    warehouse = make_location("WH", priority=1)
    stock(tee, warehouse, UNITS)
    stock(cap, warehouse, UNITS)

    outcomes = race(
        _racer, [(tee.pk, cap.pk, warehouse.pk), (cap.pk, tee.pk, warehouse.pk)], timeout=300
    )

    assert outcomes == [[], []]
    shipped = ROUNDS // 2
    # Each process shipped `shipped` orders: 2 of its first variant, 1 of its second.
    assert level(tee, warehouse) == (UNITS - 3 * shipped, 0)
    assert level(cap, warehouse) == (UNITS - 3 * shipped, 0)
    statuses = sorted(Order.objects.values_list("status", flat=True))
    assert statuses == ["cancelled"] * ROUNDS + ["fulfilled"] * ROUNDS
    assert Movement.objects.filter(reason="reserved").count() == 4 * ROUNDS


def _mover(first: int, second: int, held_at: int, ship_from: int) -> list[str]:
    """Confirm ROUNDS orders of (first, second) held at one location and ship each from the
    other: the units move (released there, reserved and shipped here)."""
    errors = []
    for _ in range(ROUNDS):
        spec = OrderSpec(
            currency="USD",
            lines=(
                LineSpec(variant_id=first, quantity=1),
                LineSpec(variant_id=second, quantity=1),
            ),
            requested_location_id=held_at,
        )
        try:
            order = services.create_order(spec=spec, confirm=True, actor="race")
            services.fulfil_order(order_id=order.pk, location_id=ship_from)
        except Exception as exc:  # report every failed round, keep racing
            errors.append(repr(exc))
    return errors


@pytest.mark.django_db(transaction=True)
def test_shipping_units_held_elsewhere_in_opposite_directions_never_deadlocks() -> None:
    tee = make_variant("MOVE-TEE")
    cap = make_variant("MOVE-CAP")
    warehouse = make_location("WH", priority=1)
    store = make_location("STORE", priority=2)
    for variant in (tee, cap):
        for location in (warehouse, store):
            stock(variant, location, UNITS)

    outcomes = race(
        _mover,
        [(tee.pk, cap.pk, store.pk, warehouse.pk), (cap.pk, tee.pk, warehouse.pk, store.pk)],
        timeout=300,
    )

    assert outcomes == [[], []]
    # Each location shipped one of each variant per order of one process; nothing stays held.
    for variant in (tee, cap):
        assert level(variant, warehouse) == (UNITS - ROUNDS, 0)
        assert level(variant, store) == (UNITS - ROUNDS, 0)
    assert sorted(set(Order.objects.values_list("status", flat=True))) == ["fulfilled"]
    assert Movement.objects.filter(reason="released").count() == 4 * ROUNDS
