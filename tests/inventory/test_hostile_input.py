"""Faults found in review (issue 11), each reproduced first: figures beyond what the columns
hold were accepted (on hand then stored as a float, reads failing for good), a second receipt
of a received transfer moved its date, units shipped from a location that did not hold them.
Every refusal writes nothing, and every read afterwards still works."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from stockbridge.catalog.models import Variant
from stockbridge.cli.main import main
from stockbridge.inventory import queries, services
from stockbridge.inventory.errors import AlreadyReceived, NotOnHand, StockOutOfRange
from stockbridge.inventory.models import Location, Movement, StockLevel, Transfer
from stockbridge.platform import clock
from stockbridge.platform.bounds import MAX_STOCK
from stockbridge.platform.errors import FieldError

HUGE = 4611686018427387904  # 2**62, the delta of the review


def figures(variant: Variant, location: Location) -> tuple[int, int]:
    row = StockLevel.objects.get(variant=variant, location=location)
    return row.on_hand, row.committed


def reads_work(capsys: pytest.CaptureFixture[str]) -> None:
    """Every read of the stock still answers: levels, movements, availability, verify."""
    for row in queries.levels():
        assert isinstance(row.on_hand, int) and abs(row.on_hand) <= MAX_STOCK
        assert isinstance(row.committed, int) and 0 <= row.committed <= MAX_STOCK
    for m in queries.movements():
        assert isinstance(m.on_hand_delta, int) and isinstance(m.on_hand_after, int)
    assert queries.drift() == []
    capsys.readouterr()
    assert main(["stock", "verify"]) == 0
    assert capsys.readouterr().out == "0 level(s) differ from their ledger\n"


def test_a_delta_beyond_the_limit_is_refused_before_anything_is_written(
    variant: Variant, warehouse: Location, capsys: pytest.CaptureFixture[str]
) -> None:
    services.adjust(variant_id=variant.pk, location_id=warehouse.pk, delta=5)

    for delta in (HUGE, HUGE, -HUGE, MAX_STOCK + 1):
        with pytest.raises(FieldError) as error:
            services.adjust(variant_id=variant.pk, location_id=warehouse.pk, delta=delta)
        limit = "at most 1 000 000 000" if delta > 0 else "at least -1 000 000 000"
        assert (error.value.field, error.value.reason) == ("delta", f"must be {limit}")

    assert figures(variant, warehouse) == (5, 0)
    assert Movement.objects.count() == 1
    reads_work(capsys)


def test_a_negative_delta_beyond_the_limit_is_refused(
    variant: Variant, warehouse: Location
) -> None:
    with pytest.raises(FieldError) as error:
        services.adjust(variant_id=variant.pk, location_id=warehouse.pk, delta=-HUGE)
    assert (error.value.field, error.value.reason) == ("delta", "must be at least -1 000 000 000")
    assert not Movement.objects.exists()


def test_on_hand_never_leaves_the_limit_however_many_deltas(
    variant: Variant, warehouse: Location, capsys: pytest.CaptureFixture[str]
) -> None:
    services.adjust(variant_id=variant.pk, location_id=warehouse.pk, delta=MAX_STOCK)

    with pytest.raises(StockOutOfRange) as error:
        services.adjust(variant_id=variant.pk, location_id=warehouse.pk, delta=1)

    assert (error.value.field, error.value.code) == ("delta", "out_of_range")
    assert error.value.reason == (
        "would take on hand of SKU TEE-BLK-M at WH to 1 000 000 001,"
        " beyond the limit of 1 000 000 000"
    )
    assert figures(variant, warehouse) == (MAX_STOCK, 0)
    assert Movement.objects.count() == 1
    reads_work(capsys)


def test_a_count_beyond_the_limit_is_refused_and_changes_nothing(
    variant: Variant, warehouse: Location, capsys: pytest.CaptureFixture[str]
) -> None:
    services.adjust(variant_id=variant.pk, location_id=warehouse.pk, delta=7)

    for counted in (HUGE, MAX_STOCK + 1, -1):
        with pytest.raises(FieldError) as error:
            services.count(variant_id=variant.pk, location_id=warehouse.pk, counted=counted)
        assert error.value.field == "counted"

    assert figures(variant, warehouse) == (7, 0)
    assert Movement.objects.count() == 1
    services.count(variant_id=variant.pk, location_id=warehouse.pk, counted=MAX_STOCK)
    assert figures(variant, warehouse) == (MAX_STOCK, 0)
    reads_work(capsys)


def test_quantities_of_reservations_transfers_and_returns_are_bounded(
    variant: Variant, warehouse: Location, store: Location, capsys: pytest.CaptureFixture[str]
) -> None:
    services.adjust(variant_id=variant.pk, location_id=warehouse.pk, delta=5)
    calls = [
        ("quantity", lambda q: services.reserve(variant_id=variant.pk, quantity=q, reference="r")),
        (
            "lines[0].quantity",
            lambda q: services.create_transfer(
                source_id=warehouse.pk, destination_id=store.pk, lines=[(variant.pk, q)]
            ),
        ),
        (
            "quantity",
            lambda q: services.return_stock(
                variant_id=variant.pk, location_id=warehouse.pk, quantity=q, reference="ret"
            ),
        ),
    ]
    for field, call in calls:
        for q in (HUGE, 1_000_001, 0, -3):
            with pytest.raises(FieldError) as error:
                call(q)
            assert error.value.field == field

    assert figures(variant, warehouse) == (5, 0)
    assert not Transfer.objects.exists()
    assert Movement.objects.count() == 1
    reads_work(capsys)


def test_a_reference_with_a_nul_character_is_refused(variant: Variant, warehouse: Location) -> None:
    services.adjust(variant_id=variant.pk, location_id=warehouse.pk, delta=5)
    with pytest.raises(FieldError) as error:
        services.reserve(variant_id=variant.pk, quantity=1, reference="ol:\x00")
    assert error.value.field == "reference"
    with pytest.raises(FieldError) as error:
        services.adjust(variant_id=variant.pk, location_id=warehouse.pk, delta=1, note="a\x00")
    assert error.value.field == "note"
    assert figures(variant, warehouse) == (5, 0)


def test_the_ledger_refuses_text_its_columns_cannot_hold_whoever_calls_it(
    variant: Variant, warehouse: Location
) -> None:
    services.adjust(variant_id=variant.pk, location_id=warehouse.pk, delta=5)
    for actor in ("x" * 151, "bot\x00"):
        with pytest.raises(FieldError) as error:
            services.adjust(variant_id=variant.pk, location_id=warehouse.pk, delta=1, actor=actor)
        assert error.value.field == "actor"
    with pytest.raises(FieldError) as error:
        services.return_stock(
            variant_id=variant.pk, location_id=warehouse.pk, quantity=1, reference="r" * 121
        )
    assert error.value.field == "reference"
    assert figures(variant, warehouse) == (5, 0)
    assert Movement.objects.count() == 1


def test_receiving_a_received_transfer_again_is_refused_and_keeps_its_date(
    variant: Variant, warehouse: Location, store: Location
) -> None:
    services.adjust(variant_id=variant.pk, location_id=warehouse.pk, delta=4)
    transfer = services.create_transfer(
        source_id=warehouse.pk, destination_id=store.pk, lines=[(variant.pk, 4)]
    )
    frozen = clock.FrozenClock(datetime(2026, 3, 1, 9, 30, tzinfo=UTC))
    previous = clock.install(frozen)
    try:
        services.receive_transfer(transfer_id=transfer.pk)
        frozen.advance(days=8)
        with pytest.raises(AlreadyReceived) as error:
            services.receive_transfer(transfer_id=transfer.pk)
        with pytest.raises(AlreadyReceived):
            services.receive_transfer(transfer_id=transfer.pk, quantities={variant.pk: 0})
    finally:
        clock.install(previous)

    assert (error.value.field, error.value.code) == ("transfer_id", "already_received")
    assert error.value.reason == (
        f"transfer {transfer.pk} was fully received on 2026-03-01 09:30 UTC: nothing is in transit"
    )
    transfer.refresh_from_db()
    assert (transfer.status, transfer.received_at) == (
        "received",
        datetime(2026, 3, 1, 9, 30, tzinfo=UTC),
    )
    assert figures(variant, store) == (4, 0)


def test_units_cannot_ship_from_a_backorder_location_that_does_not_hold_them(
    variant: Variant, warehouse: Location, new_location, capsys: pytest.CaptureFixture[str]
) -> None:
    tpl = new_location("3PL", priority=9, backorder=True)
    services.adjust(variant_id=variant.pk, location_id=tpl.pk, delta=2)
    services.reserve(variant_id=variant.pk, quantity=5, reference="ol:1", location_id=tpl.pk)

    with pytest.raises(NotOnHand) as error:
        services.fulfil(reference="ol:1")

    assert (error.value.field, error.value.code) == ("quantity", "insufficient_stock")
    assert error.value.reason == (
        "only 2 on hand of SKU TEE-BLK-M at 3PL, 5 to send; 3PL does not allow negative stock"
    )
    assert figures(variant, tpl) == (2, 5)
    with pytest.raises(NotOnHand):
        services.create_transfer(
            source_id=tpl.pk, destination_id=warehouse.pk, lines=[(variant.pk, 3)]
        )
    services.fulfil(reference="ol:1", quantity=2)
    assert figures(variant, tpl) == (0, 3)
    reads_work(capsys)


def test_a_location_that_allows_negative_stock_ships_what_it_does_not_hold(
    variant: Variant, new_location
) -> None:
    drop = new_location("DROP", backorder=True)
    Location.objects.filter(pk=drop.pk).update(allows_negative_stock=True)
    services.reserve(variant_id=variant.pk, quantity=5, reference="ol:1", location_id=drop.pk)

    services.fulfil(reference="ol:1")

    assert figures(variant, drop) == (-5, 0)
    assert list(Movement.objects.values_list("reason", "on_hand_delta", "on_hand_after")) == [
        ("reserved", 0, 0),
        ("sold", -5, -5),
    ]
