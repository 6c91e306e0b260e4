"""Many counts in one transaction (a channel import): each through the ledger, all or none."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from stockbridge.catalog.models import Variant
from stockbridge.inventory import services
from stockbridge.inventory.errors import InsufficientStock, UnknownVariant
from stockbridge.inventory.models import Location, Movement, StockLevel
from stockbridge.inventory.outbox import StockChange
from stockbridge.inventory.services import CountLine
from stockbridge.platform.errors import FieldError


def on_hand() -> dict[tuple[str, str], int]:
    return {
        (sku, code): figure
        for sku, code, figure in StockLevel.objects.values_list(
            "variant__sku", "location__code", "on_hand"
        )
    }


def test_each_level_becomes_its_count_with_one_movement_per_change(
    new_variant: Callable[..., Variant], warehouse: Location, store: Location
) -> None:
    a, b = new_variant("A"), new_variant("B")
    services.adjust(variant_id=a.pk, location_id=warehouse.pk, delta=5)

    changed = services.count_levels(
        counts=[
            CountLine(a.pk, warehouse.pk, 8),
            CountLine(b.pk, warehouse.pk, 3),
            CountLine(b.pk, store.pk, 0),
        ],
        reference="channel import (run 1)",
        actor="channel:shop",
    )

    assert changed == 2
    assert on_hand() == {("A", "WH"): 8, ("B", "WH"): 3, ("B", "STORE"): 0}
    assert list(
        Movement.objects.filter(reason="counted")
        .order_by("variant__sku")
        .values_list("variant__sku", "on_hand_delta", "on_hand_after", "reference", "actor")
    ) == [
        ("A", 3, 8, "channel import (run 1)", "channel:shop"),
        ("B", 3, 3, "channel import (run 1)", "channel:shop"),
    ]
    assert StockChange.objects.count() == 3  # the adjustment and the two counts


def test_one_count_below_committed_refuses_them_all(
    new_variant: Callable[..., Variant], warehouse: Location
) -> None:
    a, b = new_variant("A"), new_variant("B")
    services.adjust(variant_id=b.pk, location_id=warehouse.pk, delta=5)
    services.reserve(variant_id=b.pk, quantity=4, reference="order-line:1")

    with pytest.raises(InsufficientStock) as refused:
        services.count_levels(
            counts=[CountLine(a.pk, warehouse.pk, 9), CountLine(b.pk, warehouse.pk, 2)]
        )

    assert refused.value.field == "counts[1].counted"
    assert on_hand() == {("B", "WH"): 5}


@pytest.mark.parametrize(
    ("counted", "field"),
    [(-1, "counts[0].counted"), (True, "counts[0].counted")],
)
def test_a_bad_count_is_named(
    variant: Variant, warehouse: Location, counted: int, field: str
) -> None:
    with pytest.raises(FieldError) as refused:
        services.count_levels(counts=[CountLine(variant.pk, warehouse.pk, counted)])
    assert refused.value.field == field


def test_a_level_counted_twice_or_an_unknown_variant_is_refused(
    variant: Variant, warehouse: Location
) -> None:
    with pytest.raises(FieldError) as twice:
        services.count_levels(
            counts=[CountLine(variant.pk, warehouse.pk, 1), CountLine(variant.pk, warehouse.pk, 2)]
        )
    with pytest.raises(UnknownVariant) as unknown:
        services.count_levels(counts=[CountLine(variant.pk + 999, warehouse.pk, 1)])

    assert (twice.value.field, twice.value.reason) == ("counts[1]", "counts the same level twice")
    assert unknown.value.field == "counts[0].variant_id"
    assert StockLevel.objects.count() == 0
