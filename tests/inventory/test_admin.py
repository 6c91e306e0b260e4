"""The back office shows stock, the ledger and purchase orders, read-only where quantities are."""

from __future__ import annotations

from datetime import date

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from stockbridge.catalog.models import Variant
from stockbridge.inventory import services
from stockbridge.inventory.models import Location, StockLevel
from stockbridge.purchasing import services as purchasing
from stockbridge.purchasing.models import PurchaseOrder, Supplier
from stockbridge.purchasing.services import LineSpec


@pytest.fixture
def admin_client(db: None) -> Client:
    user = get_user_model().objects.create_superuser("boss", password="pw-for-tests-only")
    client = Client()
    client.force_login(user)
    return client


@pytest.mark.parametrize(
    "model",
    [
        "inventory/stocklevel",
        "inventory/movement",
        "inventory/reservation",
        "inventory/transfer",
        "inventory/bundlecomponent",
        "inventory/stockchange",
        "purchasing/purchaseorder",
    ],
)
def test_changelists_render(
    admin_client: Client, variant: Variant, warehouse: Location, model: str
) -> None:
    services.adjust(variant_id=variant.pk, location_id=warehouse.pk, delta=3)
    response = admin_client.get(f"/admin/{model}/")
    assert response.status_code == 200


def test_stock_levels_cannot_be_edited_in_the_admin(
    admin_client: Client, variant: Variant, warehouse: Location
) -> None:
    services.adjust(variant_id=variant.pk, location_id=warehouse.pk, delta=3)
    level = StockLevel.objects.get()
    response = admin_client.post(f"/admin/inventory/stocklevel/{level.pk}/change/", {"on_hand": 99})
    assert response.status_code == 403
    level.refresh_from_db()
    assert level.on_hand == 3


def test_receiving_a_purchase_order_from_the_admin(
    admin_client: Client, variant: Variant, warehouse: Location
) -> None:
    supplier = Supplier.objects.create(name="Mill", code="MILL")
    po = purchasing.create_purchase_order(
        supplier_id=supplier.pk,
        location_id=warehouse.pk,
        lines=[LineSpec(variant.pk, 5)],
        expected_on=date(2026, 12, 1),
        place=True,
    )
    response = admin_client.post(
        "/admin/purchasing/purchaseorder/",
        {"action": "receive_all", "_selected_action": [po.pk]},
    )
    assert response.status_code == 302
    assert PurchaseOrder.objects.get().status == "received"
    assert StockLevel.objects.get().on_hand == 5
