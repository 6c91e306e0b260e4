"""Purchase orders: placing shows `incoming` with dates, receiving moves it to on_hand."""

from __future__ import annotations

from datetime import date

import pytest
from django.test import Client

from stockbridge.catalog.models import Variant
from stockbridge.inventory.models import Location, Movement, StockLevel
from stockbridge.platform.errors import FieldError
from stockbridge.purchasing import queries, services
from stockbridge.purchasing.errors import WrongStatus
from stockbridge.purchasing.models import Supplier
from stockbridge.purchasing.services import LineSpec


def level(variant: Variant, location: Location) -> tuple[int, int, int]:
    row = StockLevel.objects.get(variant=variant, location=location)
    return row.on_hand, row.committed, row.incoming


@pytest.fixture
def supplier(db: None) -> Supplier:
    return Supplier.objects.create(name="Mill & Co", code="MILL")


@pytest.fixture
def other(new_variant) -> Variant:
    return new_variant("TEE-WHT-M")


def order(supplier: Supplier, warehouse: Location, *lines: LineSpec, place: bool = True):
    return services.create_purchase_order(
        supplier_id=supplier.pk,
        location_id=warehouse.pk,
        lines=lines,
        expected_on=date(2026, 12, 1),
        place=place,
    )


def test_a_draft_is_not_incoming_until_placed(
    supplier: Supplier, warehouse: Location, variant: Variant
) -> None:
    po = order(supplier, warehouse, LineSpec(variant.pk, 10), place=False)
    assert (po.number, po.status) == (f"PO-{po.pk:05d}", "draft")
    assert not StockLevel.objects.exists()
    services.place_purchase_order(purchase_order_id=po.pk)
    assert level(variant, warehouse) == (0, 0, 10)


def test_incoming_shows_open_quantities_with_their_expected_dates(
    supplier: Supplier, warehouse: Location, variant: Variant, other: Variant
) -> None:
    first = order(
        supplier,
        warehouse,
        LineSpec(variant.pk, 10),
        LineSpec(other.pk, 4, expected_on=date(2026, 11, 28)),
    )
    second = order(supplier, warehouse, LineSpec(variant.pk, 6))
    assert [
        (i.variant_id, i.quantity, i.expected_on, i.purchase_order) for i in queries.incoming()
    ] == [
        (other.pk, 4, date(2026, 11, 28), first.number),
        (variant.pk, 10, date(2026, 12, 1), first.number),
        (variant.pk, 6, date(2026, 12, 1), second.number),
    ]
    assert level(variant, warehouse) == (0, 0, 16)


def test_receiving_partially_then_fully(
    supplier: Supplier, warehouse: Location, variant: Variant, other: Variant
) -> None:
    po = order(supplier, warehouse, LineSpec(variant.pk, 10), LineSpec(other.pk, 4))
    po = services.receive_purchase_order(purchase_order_id=po.pk, quantities={variant.pk: 3})
    assert po.status == "partially_received"
    assert level(variant, warehouse) == (3, 0, 7)
    assert level(other, warehouse) == (0, 0, 4)
    po = services.receive_purchase_order(purchase_order_id=po.pk)
    assert po.status == "received"
    assert level(variant, warehouse) == (10, 0, 0)
    assert level(other, warehouse) == (4, 0, 0)
    line = po.lines.get(variant=variant)
    assert list(
        Movement.objects.filter(variant=variant).values_list("reason", "on_hand_delta", "reference")
    ) == [("received", 3, f"po-line:{line.pk}"), ("received", 7, f"po-line:{line.pk}")]
    assert queries.incoming() == []


def test_an_over_receipt_raises_on_hand_but_not_below_zero_incoming(
    supplier: Supplier, warehouse: Location, variant: Variant
) -> None:
    po = order(supplier, warehouse, LineSpec(variant.pk, 5))
    services.receive_purchase_order(purchase_order_id=po.pk, quantities={variant.pk: 7})
    assert level(variant, warehouse) == (7, 0, 0)


def test_cancelling_drops_what_is_still_open(
    supplier: Supplier, warehouse: Location, variant: Variant
) -> None:
    po = order(supplier, warehouse, LineSpec(variant.pk, 10))
    services.receive_purchase_order(purchase_order_id=po.pk, quantities={variant.pk: 4})
    po = services.cancel_purchase_order(purchase_order_id=po.pk)
    assert po.status == "cancelled"
    assert level(variant, warehouse) == (4, 0, 0)
    with pytest.raises(WrongStatus):
        services.receive_purchase_order(purchase_order_id=po.pk)


def test_receiving_a_variant_not_on_the_order_is_refused(
    supplier: Supplier, warehouse: Location, variant: Variant, other: Variant
) -> None:
    po = order(supplier, warehouse, LineSpec(variant.pk, 10))
    with pytest.raises(FieldError) as caught:
        services.receive_purchase_order(purchase_order_id=po.pk, quantities={other.pk: 1})
    assert caught.value.as_dict() == {
        "field": 'quantities["TEE-WHT-M"]',
        "reason": f"SKU TEE-WHT-M is not on {po.number}",
        "code": "invalid",
    }
    with pytest.raises(FieldError) as unknown:
        services.receive_purchase_order(purchase_order_id=po.pk, quantities={other.pk + 99: 1})
    assert unknown.value.as_dict() == {
        "field": f"quantities[{other.pk + 99}]",
        "reason": f"no variant {other.pk + 99}",
        "code": "not_found",
    }
    assert level(variant, warehouse) == (0, 0, 10)


def test_lines_are_validated(supplier: Supplier, warehouse: Location, variant: Variant) -> None:
    with pytest.raises(FieldError) as caught:
        order(supplier, warehouse, LineSpec(variant.pk, 1), LineSpec(variant.pk, 0))
    assert caught.value.field == "lines[1].quantity"
    with pytest.raises(FieldError) as dup:
        order(supplier, warehouse, LineSpec(variant.pk, 1), LineSpec(variant.pk, 2))
    assert dup.value.field == "lines[1].variant_id"


def test_the_admin_cannot_move_a_partly_received_order_to_another_location(
    admin_client: Client, supplier: Supplier, warehouse: Location, store: Location, variant: Variant
) -> None:
    """Regression: the admin let the location change, leaving phantom `incoming` at the first
    location and refusing every later receipt."""
    po = order(supplier, warehouse, LineSpec(variant.pk, 10))
    services.receive_purchase_order(purchase_order_id=po.pk, quantities={variant.pk: 4})

    response = admin_client.post(
        f"/admin/purchasing/purchaseorder/{po.pk}/change/",
        {
            "supplier": supplier.pk,
            "location": store.pk,
            "expected_on": "2026-12-24",
            "note": "call before delivery",
            "lines-TOTAL_FORMS": "1",
            "lines-INITIAL_FORMS": "1",
            "lines-MIN_NUM_FORMS": "0",
            "lines-MAX_NUM_FORMS": "1000",
            "lines-0-id": po.lines.get().pk,
            "lines-0-purchase_order": po.pk,
        },
    )

    assert response.status_code == 302, response.content.decode()[:2000]
    po.refresh_from_db()
    assert (po.location_id, po.expected_on, po.note) == (
        warehouse.pk,
        date(2026, 12, 24),
        "call before delivery",
    )
    services.receive_purchase_order(purchase_order_id=po.pk)
    assert level(variant, warehouse) == (10, 0, 0)
    assert StockLevel.objects.filter(location=store).count() == 0


def test_quantities_and_notes_beyond_their_bounds_are_refused(
    supplier: Supplier, warehouse: Location, variant: Variant
) -> None:
    with pytest.raises(FieldError) as caught:
        order(supplier, warehouse, LineSpec(variant.pk, 10**12))
    assert (caught.value.field, caught.value.reason) == (
        "lines[0].quantity",
        "must be at most 1 000 000",
    )
    po = order(supplier, warehouse, LineSpec(variant.pk, 10))
    with pytest.raises(FieldError) as received:
        services.receive_purchase_order(purchase_order_id=po.pk, quantities={variant.pk: 2**63})
    assert received.value.field == 'quantities["TEE-BLK-M"]'
    with pytest.raises(FieldError) as noted:
        services.update_purchase_order(purchase_order_id=po.pk, expected_on=None, note="x\x00")
    assert noted.value.field == "note"
    assert level(variant, warehouse) == (0, 0, 10)
