"""The ledger's write of levels that don't exist yet (`ledger.new_levels.write_new`): each is
inserted with its change applied, with its movement and outbox rows; existing levels are
left alone for `write_batch`."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.db import transaction

from stockbridge.catalog.models import Variant
from stockbridge.inventory import services
from stockbridge.inventory.ledger import Change, new_levels
from stockbridge.inventory.models import Location, Movement, Reason, StockLevel
from stockbridge.inventory.outbox import StockChange


def figures() -> dict[tuple[str, str], tuple[int, int, int, bool]]:
    return {
        (sku, code): (on_hand, committed, incoming, backorder)
        for sku, code, on_hand, committed, incoming, backorder in StockLevel.objects.values_list(
            "variant__sku", "location__code", "on_hand", "committed", "incoming", "backorder"
        )
    }


def test_missing_levels_are_created_with_their_figure_and_rows_existing_ones_left(
    new_variant: Callable[..., Variant],
    new_location: Callable[..., Location],
    warehouse: Location,
) -> None:
    late = new_location("LATE", backorder=True)
    a, b, c = new_variant("A"), new_variant("B"), new_variant("C")
    services.adjust(variant_id=a.pk, location_id=warehouse.pk, delta=5)

    with transaction.atomic():
        created = new_levels.write_new(
            [
                Change(a.pk, warehouse.pk, Reason.COUNTED, on_hand=9, reference="count"),
                Change(b.pk, late.pk, Reason.COUNTED, on_hand=4, reference="count"),
                Change(c.pk, warehouse.pk, Reason.COUNTED, on_hand=0, reference="count"),
            ],
            actor="channel:shop",
        )

    assert created == {(late.pk, b.pk), (warehouse.pk, c.pk)}
    assert figures() == {
        ("A", "WH"): (5, 0, 0, False),  # it existed: left to write_batch
        ("B", "LATE"): (4, 0, 0, True),  # the location's backorder rule, as an empty level
        ("C", "WH"): (0, 0, 0, False),  # created, counted at nothing: no movement
    }
    assert list(
        Movement.objects.filter(reason="counted").values_list(
            "variant__sku",
            "on_hand_delta",
            "committed_delta",
            "on_hand_after",
            "committed_after",
            "reference",
            "actor",
        )
    ) == [("B", 4, 0, 4, 0, "count", "channel:shop")]
    assert list(StockChange.objects.order_by("id").values_list("variant__sku", "available")) == [
        ("A", 5),
        ("B", 4),
    ]


@pytest.mark.parametrize(
    "change",
    [
        {"on_hand": -1},
        {"on_hand": 2, "committed": 1},
        {"incoming": 3},
    ],
)
def test_only_changes_an_empty_level_takes_as_they_are(
    variant: Variant, warehouse: Location, change: dict[str, int]
) -> None:
    with pytest.raises(ValueError, match="only changes an empty level takes"):
        new_levels.write_new([Change(variant.pk, warehouse.pk, Reason.COUNTED, **change)])

    assert figures() == {}


def test_a_level_given_twice_is_refused(variant: Variant, warehouse: Location) -> None:
    twice = [Change(variant.pk, warehouse.pk, Reason.COUNTED, on_hand=1)] * 2

    with pytest.raises(ValueError, match="a level is given twice"):
        new_levels.write_new(twice)

    assert figures() == {}
