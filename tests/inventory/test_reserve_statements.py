"""The reservation hot path: how many statements it takes, and that the short path writes
exactly what the long one does (reservation, movement, outbox) or nothing at all."""

from __future__ import annotations

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from stockbridge.inventory import services
from stockbridge.inventory.errors import AlreadyReserved, InsufficientStock
from stockbridge.inventory.models import Movement, Reservation, StockChange, StockLevel

from .conftest import make_location, make_variant

# Outside any transaction. PostgreSQL: the stock read, then one autocommitted statement
# (UPDATE ... RETURNING feeding the reservation, movement and outbox inserts), both EXECUTEs of
# statements prepared once per session (the first reservation of a session also sends the two
# PREPAREs). SQLite (the ORM path): the read, BEGIN IMMEDIATE, UPDATE, three INSERTs, COMMIT.
STATEMENTS = {"postgresql": 2, "sqlite": 7}
# Inside the caller's transaction: the read, SAVEPOINT, the write(s), RELEASE SAVEPOINT.
STATEMENTS_IN_A_TRANSACTION = {"postgresql": 4, "sqlite": 7}


@pytest.mark.django_db(transaction=True)
def test_a_reservation_takes_few_statements_and_writes_every_row() -> None:
    variant = make_variant()
    warehouse = make_location("WH", priority=1)
    services.adjust(variant_id=variant.pk, location_id=warehouse.pk, delta=4)
    services.reserve(variant_id=variant.pk, quantity=1, reference="order-line:0")

    with CaptureQueriesContext(connection) as statements:
        [held] = services.reserve(
            variant_id=variant.pk, quantity=2, reference="order-line:1", actor="orders"
        )

    assert len(statements.captured_queries) == STATEMENTS[connection.vendor]
    stored = Reservation.objects.get(reference="order-line:1")
    assert (held.pk, held.quantity, held.location_id, held.status) == (
        stored.pk,
        2,
        warehouse.pk,
        "open",
    )
    assert (stored.reference, stored.quantity, stored.per_unit, stored.bundle_id) == (
        "order-line:1",
        2,
        1,
        None,
    )
    assert list(
        Movement.objects.filter(reference="order-line:1").values_list(
            "reason",
            "on_hand_delta",
            "committed_delta",
            "on_hand_after",
            "committed_after",
            "actor",
        )
    ) == [("reserved", 0, 2, 4, 3, "orders")]
    assert StockChange.objects.latest("id").available == 1
    level = StockLevel.objects.get(variant=variant, location=warehouse)
    assert (level.on_hand, level.committed, level.backorder) == (4, 3, False)


@pytest.mark.django_db(transaction=True)
def test_a_refused_reservation_outside_a_transaction_writes_nothing() -> None:
    variant = make_variant()
    warehouse = make_location("WH", priority=1)
    services.adjust(variant_id=variant.pk, location_id=warehouse.pk, delta=1)
    services.reserve(variant_id=variant.pk, quantity=1, reference="order-line:1")
    movements, changes = Movement.objects.count(), StockChange.objects.count()

    with pytest.raises(InsufficientStock):
        services.reserve(variant_id=variant.pk, quantity=1, reference="order-line:2")
    with pytest.raises(AlreadyReserved):
        services.reserve(variant_id=variant.pk, quantity=1, reference="order-line:1")

    assert (Movement.objects.count(), StockChange.objects.count()) == (movements, changes)
    assert list(Reservation.objects.values_list("reference", "quantity")) == [("order-line:1", 1)]
    level = StockLevel.objects.get(variant=variant, location=warehouse)
    assert (level.on_hand, level.committed) == (1, 1)


@pytest.mark.django_db(transaction=True)
def test_a_refusal_inside_the_callers_transaction_leaves_it_usable() -> None:
    variant = make_variant()
    warehouse = make_location("WH", priority=1)
    services.adjust(variant_id=variant.pk, location_id=warehouse.pk, delta=2)

    services.reserve(variant_id=variant.pk, quantity=1, reference="order-line:0")
    services.release(reference="order-line:0")
    with transaction.atomic():
        with CaptureQueriesContext(connection) as statements:
            services.reserve(variant_id=variant.pk, quantity=1, reference="order-line:1")
        with pytest.raises(InsufficientStock):
            services.reserve(variant_id=variant.pk, quantity=2, reference="order-line:2")
        services.reserve(variant_id=variant.pk, quantity=1, reference="order-line:3")

    assert len(statements.captured_queries) == STATEMENTS_IN_A_TRANSACTION[connection.vendor]
    assert sorted(Reservation.objects.values_list("reference", "quantity", "released")) == [
        ("order-line:0", 1, 1),
        ("order-line:1", 1, 0),
        ("order-line:3", 1, 0),
    ]
    level = StockLevel.objects.get(variant=variant, location=warehouse)
    assert (level.on_hand, level.committed) == (2, 2)


@pytest.mark.django_db(transaction=True)
def test_reserving_still_works_after_the_sessions_statements_were_dropped() -> None:
    variant = make_variant()
    warehouse = make_location("WH", priority=1)
    services.adjust(variant_id=variant.pk, location_id=warehouse.pk, delta=2)
    services.reserve(variant_id=variant.pk, quantity=1, reference="order-line:1")
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("DEALLOCATE ALL")

    [held] = services.reserve(variant_id=variant.pk, quantity=1, reference="order-line:2")

    assert (held.quantity, held.location_id) == (1, warehouse.pk)
    level = StockLevel.objects.get(variant=variant, location=warehouse)
    assert (level.on_hand, level.committed) == (2, 2)
