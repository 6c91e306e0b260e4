"""The ledger's set-based batch (`ledger.write_batch`): the same conditions as one change at a
time, one statement per group of levels sharing a condition, all or nothing."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.db import transaction

from stockbridge.catalog.models import Variant
from stockbridge.inventory import ledger, services
from stockbridge.inventory.errors import InsufficientStock
from stockbridge.inventory.ledger import Change
from stockbridge.inventory.models import Location, Movement, Reason, StockLevel
from stockbridge.inventory.outbox import StockChange


def figures() -> dict[tuple[str, str], tuple[int, int, bool]]:
    return {
        (sku, code): (on_hand, committed, backorder)
        for sku, code, on_hand, committed, backorder in StockLevel.objects.values_list(
            "variant__sku", "location__code", "on_hand", "committed", "backorder"
        )
    }


def test_rises_and_falls_at_several_locations_are_written_with_their_rows(
    new_variant: Callable[..., Variant],
    new_location: Callable[..., Location],
    warehouse: Location,
) -> None:
    late = new_location("LATE", backorder=True)
    a, b, c = new_variant("A"), new_variant("B"), new_variant("C")
    services.adjust(variant_id=a.pk, location_id=warehouse.pk, delta=5)
    services.adjust(variant_id=b.pk, location_id=late.pk, delta=2)
    services.reserve(variant_id=b.pk, quantity=2, reference="order-line:1")

    with transaction.atomic():
        written = ledger.write_batch(
            [
                Change(a.pk, warehouse.pk, Reason.COUNTED, on_hand=-3, reference="count"),
                Change(b.pk, late.pk, Reason.COUNTED, on_hand=-2, reference="count"),
                Change(c.pk, warehouse.pk, Reason.COUNTED, on_hand=7, reference="count"),
            ],
            actor="channel:shop",
        )

    assert written == 3
    assert figures() == {
        ("A", "WH"): (2, 0, False),
        ("B", "LATE"): (0, 2, True),  # a backorder location may go below committed
        ("C", "WH"): (7, 0, False),  # a level that did not exist is created
    }
    assert list(
        Movement.objects.filter(reason="counted")
        .order_by("variant__sku")
        .values_list("variant__sku", "on_hand_delta", "on_hand_after", "committed_after", "actor")
    ) == [
        ("A", -3, 2, 0, "channel:shop"),
        ("B", -2, 0, 2, "channel:shop"),
        ("C", 7, 7, 0, "channel:shop"),
    ]
    assert sorted(
        StockChange.objects.filter(variant__sku__in=["A", "C"]).values_list(
            "variant__sku", "available"
        )
    ) == [("A", 2), ("A", 5), ("C", 7)]


def test_one_refused_level_refuses_the_batch(
    new_variant: Callable[..., Variant], warehouse: Location
) -> None:
    a, b = new_variant("A"), new_variant("B")
    services.adjust(variant_id=b.pk, location_id=warehouse.pk, delta=5)
    services.reserve(variant_id=b.pk, quantity=4, reference="order-line:1")

    with pytest.raises(InsufficientStock) as refused, transaction.atomic():
        ledger.write_batch(
            [
                Change(a.pk, warehouse.pk, Reason.COUNTED, on_hand=9),
                Change(b.pk, warehouse.pk, Reason.COUNTED, on_hand=-3, field="counts[1]"),
            ]
        )

    assert refused.value.field == "counts[1]"
    assert figures() == {("B", "WH"): (5, 4, False)}
    assert not Movement.objects.filter(reason="counted").exists()


def test_a_level_given_twice_is_refused_before_anything_is_written(
    variant: Variant, warehouse: Location
) -> None:
    with pytest.raises(ValueError, match="a level is given twice"):
        ledger.write_batch(
            [
                Change(variant.pk, warehouse.pk, Reason.COUNTED, on_hand=1),
                Change(variant.pk, warehouse.pk, Reason.COUNTED, on_hand=2),
            ]
        )

    assert StockLevel.objects.count() == 0
