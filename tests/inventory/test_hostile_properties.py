"""Property: the inventory services driven with extreme and hostile values (huge and negative
numbers, NUL, very long and mixed-script text) store nothing unless every read of it works,
and a refused call writes nothing at all."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from stockbridge.inventory import queries, services
from stockbridge.inventory.models import Movement, Reservation, StockLevel, Transfer
from stockbridge.platform.bounds import MAX_STOCK
from stockbridge.platform.errors import FieldError

from .conftest import make_location, make_variant

EDGES = [0, 1, -1, 2**31 - 1, 2**31, 2**62, 2**63 - 1, 2**63, 2**64, MAX_STOCK, MAX_STOCK + 1]
number = st.one_of(
    st.sampled_from(EDGES + [-n for n in EDGES]),
    st.integers(-(2**80), 2**80),
    st.integers(-8, 8),
)
text = st.one_of(
    st.sampled_from(["", "ok", "\x00", "a\x00b", "x" * 121, "x" * 5000, "Straße 東京 🚚 مرحبا"]),
    st.text(max_size=300),
)
loc = st.integers(0, 2)

operations = st.lists(
    st.one_of(
        st.tuples(st.just("adjust"), loc, number, text),
        st.tuples(st.just("count"), loc, number),
        st.tuples(st.just("reserve"), text, number, st.booleans()),
        st.tuples(st.just("release"), text, st.none() | number),
        st.tuples(st.just("fulfil"), text, st.none() | number),
        st.tuples(st.just("transfer"), loc, loc, number, st.none() | number),
        st.tuples(st.just("return"), loc, number, text, st.booleans()),
    ),
    max_size=12,
)


def run(op: tuple[Any, ...], variant_id: int, locations: list[int]) -> None:
    kind, *args = op
    if kind == "adjust":
        services.adjust(
            variant_id=variant_id, location_id=locations[args[0]], delta=args[1], note=args[2]
        )
    elif kind == "count":
        services.count(variant_id=variant_id, location_id=locations[args[0]], counted=args[1])
    elif kind == "reserve":
        services.reserve(variant_id=variant_id, quantity=args[1], reference=args[0], split=args[2])
    elif kind == "release":
        services.release(reference=args[0], quantity=args[1])
    elif kind == "fulfil":
        services.fulfil(reference=args[0], quantity=args[1])
    elif kind == "transfer":
        source, destination, units, received = args
        transfer = services.create_transfer(
            source_id=locations[source],
            destination_id=locations[destination],
            lines=[(variant_id, units)],
        )
        if received is not None:
            services.receive_transfer(transfer_id=transfer.pk, quantities={variant_id: received})
    elif kind == "return":
        services.return_stock(
            variant_id=variant_id,
            location_id=locations[args[0]],
            quantity=args[1],
            reference=args[2],
            restock=args[3],
        )


def snapshot() -> tuple[Any, ...]:
    return (
        list(StockLevel.objects.values_list("pk", "on_hand", "committed", "incoming")),
        Movement.objects.count(),
        list(Reservation.objects.values_list("pk", "released", "fulfilled")),
        list(Transfer.objects.values_list("pk", "status", "received_at")),
    )


def every_read_works(variant_id: int) -> None:
    for level in queries.levels():
        for figure in (level.on_hand, level.committed, level.incoming, level.available):
            assert isinstance(figure, int)
        assert -MAX_STOCK <= level.on_hand <= MAX_STOCK
        assert 0 <= level.committed <= MAX_STOCK
        assert 0 <= level.incoming <= MAX_STOCK
        str(level)
    for movement in queries.movements(variant_id=variant_id):
        assert isinstance(movement.on_hand_delta, int)
        assert isinstance(movement.on_hand_after, int)
        assert "\x00" not in movement.reference + movement.note
        str(movement)
    for reservation in Reservation.objects.all():
        assert 0 < len(reservation.reference) <= 120
        assert "\x00" not in reservation.reference
        assert reservation.open_quantity >= 0
    assert isinstance(queries.available(variant_id=variant_id), int)
    list(queries.low_stock(threshold=MAX_STOCK))
    assert queries.drift() == []


@pytest.mark.django_db
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(ops=operations)
def test_hostile_values_store_nothing_that_cannot_be_read(ops: list[tuple[Any, ...]]) -> None:
    with transaction.atomic():
        variant = make_variant()
        locations = [
            make_location("A", priority=1).pk,
            make_location("B", priority=2).pk,
            make_location("C", priority=3, backorder=True).pk,
        ]
        for op in ops:
            before = snapshot()
            try:
                with transaction.atomic():
                    run(op, variant.pk, locations)
            except FieldError:
                assert snapshot() == before  # a refused call writes nothing
            every_read_works(variant.pk)
        transaction.set_rollback(True)
