"""Transfers: out at the source, in transit as incoming at the destination, in on receipt."""

from __future__ import annotations

import pytest

from stockbridge.catalog.models import Variant
from stockbridge.inventory import services
from stockbridge.inventory.errors import InsufficientStock
from stockbridge.inventory.models import Location, Movement, StockLevel
from stockbridge.platform.errors import FieldError


def level(variant: Variant, location: Location) -> tuple[int, int, int]:
    row = StockLevel.objects.get(variant=variant, location=location)
    return row.on_hand, row.committed, row.incoming


def test_a_transfer_moves_stock_through_transit(
    variant: Variant, warehouse: Location, store: Location
) -> None:
    services.adjust(variant_id=variant.pk, location_id=warehouse.pk, delta=10)
    transfer = services.create_transfer(
        source_id=warehouse.pk, destination_id=store.pk, lines=[(variant.pk, 4)]
    )
    assert transfer.status == "in_transit"
    assert level(variant, warehouse) == (6, 0, 0)
    assert level(variant, store) == (0, 0, 4)
    transfer = services.receive_transfer(transfer_id=transfer.pk, quantities={variant.pk: 1})
    assert transfer.status == "partially_received"
    transfer = services.receive_transfer(transfer_id=transfer.pk)
    assert transfer.status == "received"
    assert level(variant, store) == (4, 0, 0)
    assert list(
        Movement.objects.filter(reference=f"transfer:{transfer.pk}").values_list(
            "location_id", "reason", "on_hand_delta"
        )
    ) == [
        (warehouse.pk, "transferred_out", -4),
        (store.pk, "transferred_in", 1),
        (store.pk, "transferred_in", 3),
    ]


def test_transferring_more_than_available_is_refused(
    variant: Variant, warehouse: Location, store: Location
) -> None:
    services.adjust(variant_id=variant.pk, location_id=warehouse.pk, delta=3)
    services.reserve(variant_id=variant.pk, quantity=2, reference="ol:1")
    with pytest.raises(InsufficientStock) as caught:
        services.create_transfer(
            source_id=warehouse.pk, destination_id=store.pk, lines=[(variant.pk, 2)]
        )
    assert caught.value.field == "lines[0].quantity"
    assert level(variant, warehouse) == (3, 2, 0)
    assert not StockLevel.objects.filter(location=store).exists()


def test_receiving_more_than_in_transit_is_refused(
    variant: Variant, warehouse: Location, store: Location
) -> None:
    services.adjust(variant_id=variant.pk, location_id=warehouse.pk, delta=3)
    transfer = services.create_transfer(
        source_id=warehouse.pk, destination_id=store.pk, lines=[(variant.pk, 2)]
    )
    with pytest.raises(FieldError) as caught:
        services.receive_transfer(transfer_id=transfer.pk, quantities={variant.pk: 3})
    assert caught.value.as_dict() == {
        "field": 'quantities["TEE-BLK-M"]',
        "reason": "only 2 in transit, 3 received",
        "code": "invalid",
    }


def test_a_transfer_needs_two_locations(variant: Variant, warehouse: Location) -> None:
    with pytest.raises(FieldError) as caught:
        services.create_transfer(
            source_id=warehouse.pk, destination_id=warehouse.pk, lines=[(variant.pk, 1)]
        )
    assert caught.value.field == "destination_id"
