"""The ledger: every change writes one movement, levels follow, the database refuses oversells."""

from __future__ import annotations

import pytest
from django.db import IntegrityError, transaction
from django.db.models import Sum

from stockbridge.catalog.models import Variant
from stockbridge.inventory import ledger, queries, services
from stockbridge.inventory.errors import InsufficientStock, UnknownLocation, UnknownVariant
from stockbridge.inventory.models import Location, Movement, Reason, StockChange, StockLevel
from stockbridge.platform.errors import FieldError


def level(variant: Variant, location: Location) -> StockLevel:
    return StockLevel.objects.get(variant=variant, location=location)


def test_adjusting_creates_the_level_and_one_movement(
    variant: Variant, warehouse: Location
) -> None:
    movement = services.adjust(
        variant_id=variant.pk, location_id=warehouse.pk, delta=12, actor="ops", note="opening"
    )
    row = level(variant, warehouse)
    assert (row.on_hand, row.committed, row.incoming, row.available) == (12, 0, 0, 12)
    assert (movement.reason, movement.on_hand_delta, movement.committed_delta) == (
        "adjusted",
        12,
        0,
    )
    assert (movement.on_hand_after, movement.committed_after) == (12, 0)
    assert (movement.reference, movement.actor, movement.note) == ("adjustment", "ops", "opening")
    assert Movement.objects.count() == 1


def test_adjusting_below_zero_is_refused_and_writes_nothing(
    variant: Variant, warehouse: Location
) -> None:
    services.adjust(variant_id=variant.pk, location_id=warehouse.pk, delta=3)
    with pytest.raises(InsufficientStock) as caught:
        services.adjust(variant_id=variant.pk, location_id=warehouse.pk, delta=-4)
    assert caught.value.field == "delta"
    assert caught.value.as_dict() == {
        "field": "delta",
        "reason": "only 3 available of SKU TEE-BLK-M at WH, 4 needed",
        "code": "insufficient_stock",
    }
    assert level(variant, warehouse).on_hand == 3
    assert Movement.objects.count() == 1
    assert StockChange.objects.count() == 1


def test_a_damaged_write_off_records_its_reason(variant: Variant, warehouse: Location) -> None:
    services.adjust(variant_id=variant.pk, location_id=warehouse.pk, delta=5)
    services.adjust(variant_id=variant.pk, location_id=warehouse.pk, delta=-2, reason="damaged")
    assert list(Movement.objects.values_list("reason", "on_hand_delta", "on_hand_after")) == [
        ("adjusted", 5, 5),
        ("damaged", -2, 3),
    ]


def test_adjust_rejects_a_zero_delta_and_an_unknown_reason(
    variant: Variant, warehouse: Location
) -> None:
    with pytest.raises(FieldError) as zero:
        services.adjust(variant_id=variant.pk, location_id=warehouse.pk, delta=0)
    assert zero.value.field == "delta"
    with pytest.raises(FieldError) as reason:
        services.adjust(variant_id=variant.pk, location_id=warehouse.pk, delta=1, reason="sold")
    assert reason.value.field == "reason"
    assert Movement.objects.count() == 0


def test_unknown_variant_and_location_are_named(variant: Variant, warehouse: Location) -> None:
    with pytest.raises(UnknownVariant) as v:
        services.adjust(variant_id=999999, location_id=warehouse.pk, delta=1)
    assert v.value.field == "variant_id"
    with pytest.raises(UnknownLocation) as loc:
        services.adjust(variant_id=variant.pk, location_id=999999, delta=1)
    assert loc.value.field == "location_id"


def test_a_backorder_location_may_go_negative(variant: Variant, new_location) -> None:
    dropship = new_location("DROP", backorder=True)
    services.adjust(variant_id=variant.pk, location_id=dropship.pk, delta=-2)
    row = level(variant, dropship)
    assert (row.on_hand, row.available, row.backorder) == (-2, -2, True)


def test_counting_records_the_difference(variant: Variant, warehouse: Location) -> None:
    services.adjust(variant_id=variant.pk, location_id=warehouse.pk, delta=10)
    movement = services.count(variant_id=variant.pk, location_id=warehouse.pk, counted=7)
    assert (movement.reason, movement.on_hand_delta, movement.on_hand_after) == ("counted", -3, 7)
    again = services.count(variant_id=variant.pk, location_id=warehouse.pk, counted=7)
    assert (again.reason, again.on_hand_delta, again.on_hand_after) == ("counted", 0, 7)
    assert level(variant, warehouse).on_hand == 7


def test_counting_a_variant_never_stocked_there_sets_it(
    variant: Variant, warehouse: Location
) -> None:
    movement = services.count(variant_id=variant.pk, location_id=warehouse.pk, counted=4)
    assert (movement.on_hand_delta, movement.on_hand_after) == (4, 4)


def test_counting_below_committed_is_refused(variant: Variant, warehouse: Location) -> None:
    services.adjust(variant_id=variant.pk, location_id=warehouse.pk, delta=5)
    services.reserve(variant_id=variant.pk, quantity=4, reference="order-line:1")
    with pytest.raises(InsufficientStock) as caught:
        services.count(variant_id=variant.pk, location_id=warehouse.pk, counted=3)
    assert caught.value.field == "counted"
    assert (level(variant, warehouse).on_hand, level(variant, warehouse).committed) == (5, 4)


def test_a_negative_count_is_refused(variant: Variant, warehouse: Location) -> None:
    with pytest.raises(FieldError) as caught:
        services.count(variant_id=variant.pk, location_id=warehouse.pk, counted=-1)
    assert caught.value.field == "counted"


def test_the_ledger_sum_equals_the_level(variant: Variant, warehouse: Location, store) -> None:
    services.adjust(variant_id=variant.pk, location_id=warehouse.pk, delta=20)
    services.adjust(variant_id=variant.pk, location_id=store.pk, delta=4)
    services.count(variant_id=variant.pk, location_id=warehouse.pk, counted=18)
    services.reserve(variant_id=variant.pk, quantity=5, reference="order-line:7")
    services.fulfil(reference="order-line:7", quantity=2)
    services.release(reference="order-line:7")
    for row in StockLevel.objects.all():
        sums = Movement.objects.filter(variant=row.variant, location=row.location).aggregate(
            h=Sum("on_hand_delta"), c=Sum("committed_delta")
        )
        assert (sums["h"], sums["c"]) == (row.on_hand, row.committed)
    assert queries.available(variant_id=variant.pk) == 16 + 4


def test_every_change_of_available_writes_an_outbox_row(
    variant: Variant, warehouse: Location
) -> None:
    services.adjust(variant_id=variant.pk, location_id=warehouse.pk, delta=6)
    services.reserve(variant_id=variant.pk, quantity=2, reference="order-line:1")
    services.fulfil(reference="order-line:1")
    assert list(StockChange.objects.values_list("variant_id", "location_id", "available")) == [
        (variant.pk, warehouse.pk, 6),
        (variant.pk, warehouse.pk, 4),
    ]


def test_a_failed_change_in_a_batch_writes_nothing_of_the_batch(
    variant: Variant, warehouse: Location, store: Location
) -> None:
    services.adjust(variant_id=variant.pk, location_id=warehouse.pk, delta=5)
    with pytest.raises(InsufficientStock), transaction.atomic():
        ledger.apply(
            [
                ledger.Change(variant.pk, warehouse.pk, Reason.ADJUSTED, on_hand=-5),
                ledger.Change(variant.pk, store.pk, Reason.ADJUSTED, on_hand=-1),
            ]
        )
    assert level(variant, warehouse).on_hand == 5
    assert Movement.objects.count() == 1


def test_a_refusal_names_the_figure_that_is_short_by_sku_and_location_code(
    variant: Variant, warehouse: Location, store: Location
) -> None:
    services.adjust(variant_id=variant.pk, location_id=warehouse.pk, delta=5)
    services.adjust(variant_id=variant.pk, location_id=store.pk, delta=1)
    cases = [
        (warehouse, {"committed": -2}, "only 0 committed of SKU TEE-BLK-M at WH, 2 needed"),
        (warehouse, {"incoming": -3}, "only 0 incoming of SKU TEE-BLK-M at WH, 3 needed"),
        (store, {"on_hand": -4}, "only 1 available of SKU TEE-BLK-M at STORE, 4 needed"),
    ]
    for location, figures, reason in cases:
        change = ledger.Change(variant.pk, location.pk, Reason.ADJUSTED, field="delta", **figures)
        with pytest.raises(InsufficientStock) as caught, transaction.atomic():
            ledger.apply([change])
        assert (caught.value.field, caught.value.reason) == ("delta", reason)
    assert (level(variant, warehouse).on_hand, level(variant, store).on_hand) == (5, 1)
    assert Movement.objects.count() == 2


def test_the_database_refuses_an_oversell_written_around_the_ledger(
    variant: Variant, warehouse: Location
) -> None:
    services.adjust(variant_id=variant.pk, location_id=warehouse.pk, delta=1)
    with pytest.raises(IntegrityError), transaction.atomic():
        StockLevel.objects.filter(variant=variant).update(committed=2)
    with pytest.raises(IntegrityError), transaction.atomic():
        StockLevel.objects.filter(variant=variant).update(on_hand=-1)


def test_a_location_that_stops_allowing_backorder_can_only_climb_back(
    variant: Variant, new_location
) -> None:
    shop = new_location("SHOP", backorder=True)
    services.adjust(variant_id=variant.pk, location_id=shop.pk, delta=-2)
    Location.objects.filter(pk=shop.pk).update(allows_backorder=False)

    services.adjust(variant_id=variant.pk, location_id=shop.pk, delta=1)
    assert (level(variant, shop).on_hand, level(variant, shop).backorder) == (-1, True)
    with pytest.raises(InsufficientStock):
        services.adjust(variant_id=variant.pk, location_id=shop.pk, delta=-1)
    services.adjust(variant_id=variant.pk, location_id=shop.pk, delta=5)
    assert (level(variant, shop).on_hand, level(variant, shop).backorder) == (4, False)
    with pytest.raises(InsufficientStock):
        services.adjust(variant_id=variant.pk, location_id=shop.pk, delta=-5)


def test_the_outbox_coalesces_to_the_newest_change_per_pair(
    variant: Variant, warehouse: Location, store: Location
) -> None:
    from stockbridge.inventory.outbox import coalesced

    services.adjust(variant_id=variant.pk, location_id=warehouse.pk, delta=6)
    services.adjust(variant_id=variant.pk, location_id=store.pk, delta=2)
    services.adjust(variant_id=variant.pk, location_id=warehouse.pk, delta=-1)
    pending = coalesced()
    assert [(c.location_id, c.available) for c in pending] == [(store.pk, 2), (warehouse.pk, 5)]
    assert coalesced(after_id=pending[-1].pk) == []
