"""Fulfilling and releasing by location, and many order lines at once (all or none)."""

from __future__ import annotations

import pytest

from stockbridge.catalog.models import Variant
from stockbridge.inventory import services
from stockbridge.inventory.errors import ReservationNotFound
from stockbridge.inventory.models import Location, Movement, Reservation, StockLevel
from stockbridge.platform.errors import FieldError


def stock(variant: Variant, location: Location) -> tuple[int, int]:
    row = StockLevel.objects.get(variant=variant, location=location)
    return row.on_hand, row.committed


@pytest.fixture
def split_line(variant: Variant, warehouse: Location, store: Location) -> Variant:
    """order-line:1 holds 3 units at the warehouse and 4 at the store."""
    services.adjust(variant_id=variant.pk, location_id=warehouse.pk, delta=3)
    services.adjust(variant_id=variant.pk, location_id=store.pk, delta=5)
    services.reserve(variant_id=variant.pk, quantity=7, reference="order-line:1", split=True)
    return variant


def test_fulfilling_at_a_location_ships_only_what_is_held_there(
    split_line: Variant, warehouse: Location, store: Location
) -> None:
    [shipped] = services.fulfil(reference="order-line:1", location_id=store.pk, quantity=2)
    assert (shipped.location_id, shipped.fulfilled, shipped.open_quantity) == (store.pk, 2, 2)
    assert stock(split_line, store) == (3, 2)
    assert stock(split_line, warehouse) == (3, 3)


def test_fulfilling_more_than_is_held_at_the_location_is_refused(
    split_line: Variant, warehouse: Location
) -> None:
    with pytest.raises(FieldError) as caught:
        services.fulfil(reference="order-line:1", location_id=warehouse.pk, quantity=4)
    assert caught.value.as_dict() == {
        "field": "quantity",
        "reason": "only 3 units are reserved, 4 requested",
        "code": "invalid",
    }
    assert stock(split_line, warehouse) == (3, 3)


def test_releasing_at_a_location_keeps_the_other_holds(
    split_line: Variant, warehouse: Location, store: Location
) -> None:
    [given_back] = services.release(reference="order-line:1", location_id=warehouse.pk)
    assert (given_back.location_id, given_back.released, given_back.status) == (
        warehouse.pk,
        3,
        "released",
    )
    assert stock(split_line, warehouse) == (3, 0)
    assert stock(split_line, store) == (5, 4)
    with pytest.raises(ReservationNotFound) as caught:
        services.release(reference="order-line:1", location_id=warehouse.pk)
    assert caught.value.as_dict() == {
        "field": "reference",
        "reason": "no open reservation for 'order-line:1' at WH",
        "code": "not_found",
    }


def test_fulfilling_many_lines_is_one_unit_of_work(
    variant: Variant, warehouse: Location, store: Location, new_variant
) -> None:
    mug = new_variant("MUG")
    services.adjust(variant_id=variant.pk, location_id=warehouse.pk, delta=5)
    services.adjust(variant_id=mug.pk, location_id=store.pk, delta=4)
    services.reserve_lines(
        lines=[
            services.LineRequest(variant.pk, 2, "order-line:1"),
            services.LineRequest(mug.pk, 3, "order-line:2"),
        ]
    )

    first, second = services.fulfil_lines(
        lines=[
            services.FulfilRequest("order-line:1", 2),
            services.FulfilRequest("order-line:2", 1, location_id=store.pk),
        ],
        actor="orders",
    )

    assert [(r.variant_id, r.fulfilled, r.status) for r in first] == [(variant.pk, 2, "fulfilled")]
    assert [(r.variant_id, r.fulfilled, r.open_quantity) for r in second] == [(mug.pk, 1, 2)]
    assert stock(variant, warehouse) == (3, 0)
    assert stock(mug, store) == (3, 2)
    assert list(
        Movement.objects.filter(reason="sold").values_list(
            "reference", "variant_id", "on_hand_delta", "committed_delta", "actor"
        )
    ) == [
        ("order-line:1", variant.pk, -2, -2, "orders"),
        ("order-line:2", mug.pk, -1, -1, "orders"),
    ]


def test_a_refused_line_ships_nothing_of_the_batch(
    variant: Variant, warehouse: Location, new_variant
) -> None:
    mug = new_variant("MUG")
    services.adjust(variant_id=variant.pk, location_id=warehouse.pk, delta=5)
    services.adjust(variant_id=mug.pk, location_id=warehouse.pk, delta=5)
    services.reserve(variant_id=variant.pk, quantity=2, reference="order-line:1")
    services.reserve(variant_id=mug.pk, quantity=1, reference="order-line:2")
    before = Movement.objects.count()

    with pytest.raises(FieldError) as caught:
        services.fulfil_lines(
            lines=[
                services.FulfilRequest("order-line:1", 2),
                services.FulfilRequest("order-line:2", 2),
            ]
        )
    assert caught.value.as_dict() == {
        "field": "lines[1].quantity",
        "reason": "only 1 units are reserved, 2 requested",
        "code": "invalid",
    }
    with pytest.raises(ReservationNotFound) as missing:
        services.fulfil_lines(
            lines=[
                services.FulfilRequest("order-line:1"),
                services.FulfilRequest("order-line:9"),
            ]
        )
    assert missing.value.field == "lines[1].reference"

    assert Movement.objects.count() == before
    assert stock(variant, warehouse) == (5, 2)
    assert stock(mug, warehouse) == (5, 1)
    assert sorted(Reservation.objects.values_list("reference", "fulfilled")) == [
        ("order-line:1", 0),
        ("order-line:2", 0),
    ]


def test_two_requests_for_one_line_take_its_units_once(
    split_line: Variant, warehouse: Location, store: Location
) -> None:
    services.fulfil_lines(
        lines=[
            services.FulfilRequest("order-line:1", 2, location_id=store.pk),
            services.FulfilRequest("order-line:1", 2, location_id=store.pk),
        ]
    )
    assert stock(split_line, store) == (1, 0)
    with pytest.raises(FieldError) as caught:
        services.fulfil_lines(
            lines=[
                services.FulfilRequest("order-line:1", 2, location_id=warehouse.pk),
                services.FulfilRequest("order-line:1", 2, location_id=warehouse.pk),
            ]
        )
    assert caught.value.field == "lines[1].quantity"
    assert stock(split_line, warehouse) == (3, 3)


def test_releasing_many_lines_gives_all_their_units_back(
    split_line: Variant, warehouse: Location, store: Location, new_variant
) -> None:
    mug = new_variant("MUG")
    services.adjust(variant_id=mug.pk, location_id=warehouse.pk, delta=2)
    services.reserve(variant_id=mug.pk, quantity=2, reference="order-line:2")

    first, second = services.release_lines(
        lines=[
            services.ReleaseRequest("order-line:1", 1, location_id=warehouse.pk),
            services.ReleaseRequest("order-line:2"),
        ]
    )

    assert [(r.location_id, r.released) for r in first] == [(warehouse.pk, 1)]
    assert [(r.variant_id, r.released, r.status) for r in second] == [(mug.pk, 2, "released")]
    assert stock(split_line, warehouse) == (3, 2)
    assert stock(split_line, store) == (5, 4)
    assert stock(mug, warehouse) == (2, 0)


def test_settling_a_bundle_line_moves_its_components_together(
    new_variant, warehouse: Location
) -> None:
    kit, cup, lid = new_variant("KIT"), new_variant("CUP"), new_variant("LID")
    services.set_bundle(bundle_id=kit.pk, components={cup.pk: 1, lid.pk: 2})
    services.adjust(variant_id=cup.pk, location_id=warehouse.pk, delta=5)
    services.adjust(variant_id=lid.pk, location_id=warehouse.pk, delta=10)
    services.reserve(variant_id=kit.pk, quantity=3, reference="order-line:1")

    [shipped] = services.fulfil_lines(
        lines=[services.FulfilRequest("order-line:1", 1, location_id=warehouse.pk)]
    )
    [released] = services.release_lines(lines=[services.ReleaseRequest("order-line:1", 2)])

    assert sorted((r.variant_id, r.fulfilled) for r in shipped) == [(cup.pk, 1), (lid.pk, 2)]
    assert sorted((r.variant_id, r.released) for r in released) == [(cup.pk, 2), (lid.pk, 4)]
    assert stock(cup, warehouse) == (4, 0)
    assert stock(lid, warehouse) == (8, 0)


def test_an_empty_batch_or_a_bad_quantity_is_refused(split_line: Variant) -> None:
    with pytest.raises(FieldError) as empty:
        services.fulfil_lines(lines=[])
    assert (empty.value.field, empty.value.reason) == ("lines", "at least one line is required")
    with pytest.raises(FieldError) as bad:
        services.release_lines(lines=[services.ReleaseRequest("order-line:1", 0)])
    assert bad.value.field == "lines[0].quantity"


def test_a_line_fully_shipped_at_a_location_has_nothing_left_there(
    split_line: Variant, warehouse: Location, store: Location
) -> None:
    services.fulfil_lines(lines=[services.FulfilRequest("order-line:1", 4, store.pk)])
    assert stock(split_line, store) == (1, 0)
    with pytest.raises(ReservationNotFound) as caught:
        services.fulfil_lines(lines=[services.FulfilRequest("order-line:1", 1, store.pk)])
    assert caught.value.field == "lines[0].reference"
    [[rest]] = services.fulfil_lines(lines=[services.FulfilRequest("order-line:1")])
    assert (rest.location_id, rest.fulfilled) == (warehouse.pk, 3)
