"""Bundles: available is the minimum over components; selling one reserves the components."""

from __future__ import annotations

import pytest

from stockbridge.catalog.models import Variant
from stockbridge.inventory import queries, services
from stockbridge.inventory.errors import AlreadyReserved, InsufficientStock
from stockbridge.inventory.models import Location, StockLevel
from stockbridge.platform.errors import FieldError


@pytest.fixture
def kit(new_variant, warehouse: Location) -> tuple[Variant, Variant, Variant]:
    bundle, mug, spoon = new_variant("KIT"), new_variant("MUG"), new_variant("SPOON")
    services.set_bundle(bundle_id=bundle.pk, components={mug.pk: 1, spoon.pk: 2})
    services.adjust(variant_id=mug.pk, location_id=warehouse.pk, delta=5)
    services.adjust(variant_id=spoon.pk, location_id=warehouse.pk, delta=7)
    return bundle, mug, spoon


def committed(variant: Variant) -> int:
    return sum(StockLevel.objects.filter(variant=variant).values_list("committed", flat=True))


def test_bundle_available_is_the_minimum_over_components(kit) -> None:
    bundle, _mug, _spoon = kit
    assert queries.available(variant_id=bundle.pk) == 3  # 7 spoons // 2


def test_bundle_availability_follows_its_components(kit, warehouse: Location) -> None:
    bundle, mug, _spoon = kit
    services.adjust(variant_id=mug.pk, location_id=warehouse.pk, delta=-4)
    assert queries.available(variant_id=bundle.pk) == 1
    services.reserve(variant_id=mug.pk, quantity=1, reference="ol:mug")
    assert queries.available(variant_id=bundle.pk) == 0


def test_a_bundle_is_available_only_where_all_components_are(
    kit,
    store: Location,
) -> None:
    bundle, mug, _spoon = kit
    services.adjust(variant_id=mug.pk, location_id=store.pk, delta=9)
    assert queries.available(variant_id=bundle.pk, location_id=store.pk) == 0
    assert queries.available(variant_id=bundle.pk) == 3


def test_selling_a_bundle_reserves_its_components(kit) -> None:
    bundle, mug, spoon = kit
    held = services.reserve(variant_id=bundle.pk, quantity=2, reference="ol:1")
    assert sorted((r.variant_id, r.quantity, r.bundle_id) for r in held) == sorted(
        [(mug.pk, 2, bundle.pk), (spoon.pk, 4, bundle.pk)]
    )
    assert (committed(mug), committed(spoon)) == (2, 4)
    assert queries.available(variant_id=bundle.pk) == 1
    with pytest.raises(InsufficientStock):
        services.reserve(variant_id=bundle.pk, quantity=2, reference="ol:2")
    services.fulfil(reference="ol:1", variant_id=bundle.pk, quantity=1)
    assert (committed(mug), committed(spoon)) == (1, 2)
    services.release(reference="ol:1")
    assert (committed(mug), committed(spoon)) == (0, 0)
    assert queries.available(variant_id=bundle.pk) == 2  # 4 mugs, 5 spoons


def test_returning_a_bundle_returns_its_components(kit, warehouse: Location) -> None:
    bundle, mug, spoon = kit
    services.return_stock(
        variant_id=bundle.pk, location_id=warehouse.pk, quantity=1, reference="refund:1"
    )
    assert queries.available(variant_id=mug.pk) == 6
    assert queries.available(variant_id=spoon.pk) == 9


def test_a_bundle_cannot_contain_itself_or_another_bundle(kit, new_variant) -> None:
    bundle, mug, _spoon = kit
    with pytest.raises(FieldError) as itself:
        services.set_bundle(bundle_id=mug.pk, components={mug.pk: 1})
    assert (itself.value.field, itself.value.reason) == (
        'components["MUG"]',
        "a bundle cannot contain itself",
    )
    outer = new_variant("OUTER")
    with pytest.raises(FieldError) as nested:
        services.set_bundle(bundle_id=outer.pk, components={bundle.pk: 1})
    assert (nested.value.field, nested.value.reason) == (
        'components["KIT"]',
        "a bundle cannot contain another bundle",
    )
    with pytest.raises(FieldError) as unknown:
        services.set_bundle(bundle_id=outer.pk, components={outer.pk + 99: 1})
    assert (unknown.value.field, unknown.value.reason) == (
        f"components[{outer.pk + 99}]",
        f"no variant {outer.pk + 99}",
    )


def test_a_reference_is_one_line_so_it_cannot_add_a_bundle_over_its_component(
    kit: tuple[Variant, Variant, Variant],
) -> None:
    bundle, mug, spoon = kit
    services.reserve(variant_id=mug.pk, quantity=1, reference="order-line:1")
    with pytest.raises(AlreadyReserved):
        services.reserve(variant_id=bundle.pk, quantity=1, reference="order-line:1")
    assert (committed(mug), committed(spoon)) == (1, 0)
    services.reserve(variant_id=bundle.pk, quantity=1, reference="order-line:2")
    [released] = services.release(reference="order-line:1", variant_id=mug.pk)
    assert (released.variant_id, released.bundle_id) == (mug.pk, None)
    assert (committed(mug), committed(spoon)) == (1, 2)
