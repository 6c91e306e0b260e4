"""Reservations: the allocation policy picks the location, committed follows, nothing oversells."""

from __future__ import annotations

import pytest

from stockbridge.catalog.models import Variant
from stockbridge.inventory import queries, services
from stockbridge.inventory.errors import AlreadyReserved, InsufficientStock, ReservationNotFound
from stockbridge.inventory.models import Location, Movement, Reservation, StockLevel
from stockbridge.platform.errors import FieldError


def stock(variant: Variant, location: Location) -> tuple[int, int]:
    row = StockLevel.objects.get(variant=variant, location=location)
    return row.on_hand, row.committed


@pytest.fixture
def stocked(variant: Variant, warehouse: Location, store: Location) -> Variant:
    services.adjust(variant_id=variant.pk, location_id=warehouse.pk, delta=3)
    services.adjust(variant_id=variant.pk, location_id=store.pk, delta=5)
    return variant


def test_reserving_takes_the_first_location_by_priority_that_has_it_all(
    stocked: Variant, warehouse: Location, store: Location
) -> None:
    [held] = services.reserve(variant_id=stocked.pk, quantity=2, reference="order-line:1")
    assert (held.location_id, held.quantity, held.status) == (warehouse.pk, 2, "open")
    assert stock(stocked, warehouse) == (3, 2)
    [second] = services.reserve(variant_id=stocked.pk, quantity=2, reference="order-line:2")
    assert second.location_id == store.pk
    assert queries.available(variant_id=stocked.pk) == 4


def test_most_stock_strategy_takes_the_fullest_location(stocked: Variant, store: Location) -> None:
    [held] = services.reserve(
        variant_id=stocked.pk, quantity=1, reference="order-line:1", strategy="most_stock"
    )
    assert held.location_id == store.pk


def test_split_reservations_share_the_quantity(
    stocked: Variant, warehouse: Location, store: Location
) -> None:
    held = services.reserve(variant_id=stocked.pk, quantity=7, reference="ol:1", split=True)
    assert sorted((r.location_id, r.quantity) for r in held) == [(warehouse.pk, 3), (store.pk, 4)]
    assert stock(stocked, warehouse) == (3, 3)
    assert stock(stocked, store) == (5, 4)


def test_reserving_more_than_any_location_has_fails_and_writes_nothing(
    stocked: Variant, warehouse: Location, store: Location
) -> None:
    before = Movement.objects.count()
    with pytest.raises(InsufficientStock) as caught:
        services.reserve(variant_id=stocked.pk, quantity=6, reference="order-line:1")
    assert caught.value.as_dict() == {
        "field": "quantity",
        "reason": "only 5 available of SKU TEE-BLK-M, 6 needed",
        "code": "insufficient_stock",
    }
    assert Movement.objects.count() == before
    assert Reservation.objects.count() == 0
    assert stock(stocked, warehouse) == (3, 0)
    assert stock(stocked, store) == (5, 0)


def test_reserving_the_last_unit_twice_fails_the_second(
    variant: Variant, warehouse: Location
) -> None:
    services.adjust(variant_id=variant.pk, location_id=warehouse.pk, delta=1)
    services.reserve(variant_id=variant.pk, quantity=1, reference="order-line:1")
    with pytest.raises(InsufficientStock):
        services.reserve(variant_id=variant.pk, quantity=1, reference="order-line:2")
    assert stock(variant, warehouse) == (1, 1)


def test_a_backorder_location_takes_what_stock_cannot_cover(
    variant: Variant, warehouse: Location, new_location
) -> None:
    dropship = new_location("DROP", priority=9, backorder=True)
    services.adjust(variant_id=variant.pk, location_id=warehouse.pk, delta=1)
    [held] = services.reserve(variant_id=variant.pk, quantity=4, reference="order-line:1")
    assert (held.location_id, held.quantity) == (dropship.pk, 4)
    assert stock(variant, dropship) == (0, 4)
    assert queries.available(variant_id=variant.pk, location_id=dropship.pk) == -4


def test_reserving_at_a_named_location(stocked: Variant, store: Location) -> None:
    [held] = services.reserve(
        variant_id=stocked.pk, quantity=5, reference="ol:1", location_id=store.pk
    )
    assert held.location_id == store.pk
    with pytest.raises(InsufficientStock):
        services.reserve(variant_id=stocked.pk, quantity=1, reference="ol:2", location_id=store.pk)


def test_the_same_reference_cannot_reserve_a_variant_twice(stocked: Variant) -> None:
    services.reserve(variant_id=stocked.pk, quantity=1, reference="order-line:1")
    with pytest.raises(AlreadyReserved) as caught:
        services.reserve(variant_id=stocked.pk, quantity=1, reference="order-line:1")
    assert caught.value.code == "duplicate"


def test_a_quantity_must_be_a_positive_integer(stocked: Variant) -> None:
    for bad in (0, -1, 1.5, True):
        with pytest.raises(FieldError) as caught:
            services.reserve(variant_id=stocked.pk, quantity=bad, reference="ol:1")  # type: ignore[arg-type]
        assert caught.value.field == "quantity"


def test_releasing_gives_the_units_back(stocked: Variant, warehouse: Location) -> None:
    services.reserve(variant_id=stocked.pk, quantity=3, reference="order-line:1")
    [partial] = services.release(reference="order-line:1", quantity=1)
    assert (partial.released, partial.open_quantity, partial.status) == (1, 2, "open")
    assert stock(stocked, warehouse) == (3, 2)
    [rest] = services.release(reference="order-line:1")
    assert (rest.released, rest.status) == (3, "released")
    assert stock(stocked, warehouse) == (3, 0)
    with pytest.raises(ReservationNotFound):
        services.release(reference="order-line:1")


def test_fulfilling_lowers_on_hand_and_committed(stocked: Variant, warehouse: Location) -> None:
    services.reserve(variant_id=stocked.pk, quantity=2, reference="order-line:1")
    [done] = services.fulfil(reference="order-line:1")
    assert (done.fulfilled, done.status) == (2, "fulfilled")
    assert stock(stocked, warehouse) == (1, 0)
    assert list(
        Movement.objects.filter(reference="order-line:1").values_list(
            "reason", "on_hand_delta", "committed_delta"
        )
    ) == [("reserved", 0, 2), ("sold", -2, -2)]


def test_fulfilling_more_than_reserved_is_refused(stocked: Variant) -> None:
    services.reserve(variant_id=stocked.pk, quantity=2, reference="order-line:1")
    with pytest.raises(FieldError) as caught:
        services.fulfil(reference="order-line:1", quantity=3)
    assert caught.value.field == "quantity"


def test_a_return_with_restock_makes_units_sellable(stocked: Variant, warehouse: Location) -> None:
    services.return_stock(
        variant_id=stocked.pk, location_id=warehouse.pk, quantity=2, reference="refund:1"
    )
    assert stock(stocked, warehouse) == (5, 0)


def test_a_return_without_restock_is_recorded_and_written_off(
    stocked: Variant, warehouse: Location
) -> None:
    services.return_stock(
        variant_id=stocked.pk,
        location_id=warehouse.pk,
        quantity=2,
        reference="refund:1",
        restock=False,
    )
    assert stock(stocked, warehouse) == (3, 0)
    assert list(
        Movement.objects.filter(reference="refund:1").values_list("reason", "on_hand_delta")
    ) == [("returned", 2), ("damaged", -2)]


def test_reserving_several_lines_is_all_or_nothing(
    stocked: Variant, warehouse: Location, store: Location, new_variant
) -> None:
    other = new_variant("MUG")
    services.adjust(variant_id=other.pk, location_id=store.pk, delta=1)
    with pytest.raises(InsufficientStock) as caught:
        services.reserve_lines(
            lines=[
                services.LineRequest(stocked.pk, 2, "order-line:1"),
                services.LineRequest(other.pk, 2, "order-line:2"),
            ]
        )
    assert caught.value.field == "lines[1].quantity"
    assert not Reservation.objects.exists()
    assert stock(stocked, warehouse) == (3, 0)

    first, second = services.reserve_lines(
        lines=[
            services.LineRequest(stocked.pk, 2, "order-line:1"),
            services.LineRequest(other.pk, 1, "order-line:2"),
        ]
    )
    assert [(r.variant_id, r.location_id, r.quantity) for r in first] == [
        (stocked.pk, warehouse.pk, 2)
    ]
    assert [(r.variant_id, r.location_id, r.quantity) for r in second] == [(other.pk, store.pk, 1)]


def test_lines_of_one_batch_do_not_count_the_same_units_twice(
    stocked: Variant, warehouse: Location, store: Location
) -> None:
    first, second = services.reserve_lines(
        lines=[
            services.LineRequest(stocked.pk, 3, "order-line:1"),
            services.LineRequest(stocked.pk, 3, "order-line:2"),
        ]
    )
    assert [r.location_id for r in first] == [warehouse.pk]
    assert [r.location_id for r in second] == [store.pk]
    assert stock(stocked, warehouse) == (3, 3)
    assert stock(stocked, store) == (5, 3)


def test_reserving_at_a_named_location_names_the_sku_at_that_location(
    stocked: Variant, warehouse: Location
) -> None:
    with pytest.raises(InsufficientStock) as caught:
        services.reserve(
            variant_id=stocked.pk, quantity=4, reference="order-line:1", location_id=warehouse.pk
        )
    assert caught.value.as_dict() == {
        "field": "quantity",
        "reason": "only 3 available of SKU TEE-BLK-M at WH, 4 needed",
        "code": "insufficient_stock",
    }
    assert Reservation.objects.count() == 0


def test_a_reference_holding_the_variant_already_is_named_with_its_sku(
    stocked: Variant,
) -> None:
    services.reserve(variant_id=stocked.pk, quantity=1, reference="order-line:1")
    with pytest.raises(AlreadyReserved) as caught:
        services.reserve(variant_id=stocked.pk, quantity=1, reference="order-line:1")
    assert caught.value.as_dict() == {
        "field": "reference",
        "reason": "'order-line:1' already holds a reservation of SKU TEE-BLK-M",
        "code": "duplicate",
    }
    assert Reservation.objects.count() == 1
