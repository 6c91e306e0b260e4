"""Purchasing screens: purchase orders with unit costs and partial receiving, incoming stock
by expected date, suppliers (and their API)."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client

from .conftest import Shop, make_product
from .queries import queries_of
from .test_stock_pages import rows

pytestmark = pytest.mark.django_db


@pytest.fixture
def mill(db: None) -> Any:
    from stockbridge.catalog.suppliers import SupplierSpec, create_supplier

    return create_supplier(spec=SupplierSpec(name="Linen Mill", code="MILL", lead_time_days=14))


def test_create_place_and_receive_in_part(staff: Client, shop: Shop, mill: Any) -> None:
    from stockbridge.inventory.models import StockLevel
    from stockbridge.purchasing.models import PurchaseOrder

    form = {
        "supplier": mill.pk,
        "location": shop.main.pk,
        "expected_on": "2027-01-15",
        "currency": "USD",
        "lines": "LS-S, 24, 12.50\nLS-M, 10, 1200",
        "note": "",
        "place": "on",
    }
    bad = staff.post("/purchasing/new", form | {"lines": "LS-S, 24, 12.505"})
    assert bad.status_code == 400
    assert (
        '<ul class="errorlist" id="id_lines_error"><li>line 1: has more than 2 decimal places '
        "(USD uses 2)</li></ul>" in bad.content.decode()
    )
    assert PurchaseOrder.objects.count() == 0
    response = staff.post("/purchasing/new", form)
    assert response.status_code == 302
    po = PurchaseOrder.objects.get()
    page = staff.get(response.headers["Location"]).content.decode()
    assert f"{po.number} created (Ordered)" in page
    assert "<dt>Cost</dt><dd>$12,300.00</dd>" in page
    assert rows(page)[0][:7] == ["LS-S", "Linen shirt", "24", "0", "24", "$12.50", "$300.00"]
    assert rows(page)[1][:7] == ["LS-M", "Linen shirt", "10", "0", "10", "$1,200.00", "$12,000.00"]
    level = StockLevel.objects.get(variant=shop.small, location=shop.main)
    assert (level.on_hand, level.incoming) == (10, 24)

    response = staff.post(
        f"/purchasing/orders/{po.pk}/",
        {f"line_{shop.small.pk}": "20", f"line_{shop.medium.pk}": "0"},
    )
    assert response.status_code == 302
    page = staff.get(f"/purchasing/orders/{po.pk}/").content.decode()
    assert f"{po.number}: 20 units received at WH" in page
    assert '<span class="badge">Partially received</span>' in page
    assert rows(page)[0][:5] == ["LS-S", "Linen shirt", "24", "20", "4"]
    level.refresh_from_db()
    assert (level.on_hand, level.incoming) == (30, 4)

    response = staff.post(f"/purchasing/orders/{po.pk}/", {f"line_{shop.small.pk}": "-1"})
    assert response.status_code == 400
    assert "Ensure this value is greater than or equal to 0." in response.content.decode()

    staff.post(f"/purchasing/orders/{po.pk}/cancel")
    po.refresh_from_db()
    assert po.status == "cancelled"
    level.refresh_from_db()
    assert (level.on_hand, level.incoming) == (30, 0)


def test_incoming_by_expected_date(staff: Client, shop: Shop, mill: Any) -> None:
    from stockbridge.purchasing.services import LineSpec, create_purchase_order

    for expected, sku in ((date(2027, 3, 1), shop.small), (date(2027, 2, 1), shop.medium)):
        create_purchase_order(
            supplier_id=mill.pk,
            location_id=shop.main.pk,
            lines=[LineSpec(variant_id=sku.pk, quantity=5)],
            expected_on=expected,
            place=True,
        )
    page = staff.get("/purchasing/incoming").content.decode()
    assert [r[:4] for r in rows(page)] == [
        ["2027-02-01", "LS-M", "WH", "5"],
        ["2027-03-01", "LS-S", "WH", "5"],
    ]
    assert (
        "Nothing is expected."
        in staff.get(f"/purchasing/incoming?location={shop.shop.pk}").content.decode()
    )


def test_suppliers_screen(staff: Client, mill: Any) -> None:
    from stockbridge.catalog.models import Supplier

    response = staff.post(
        "/purchasing/suppliers/new",
        {
            "name": "Button Co",
            "code": "MILL",
            "email": "not-mail",
            "phone": "",
            "lead_time_days": "",
        },
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "<li>&#x27;not-mail&#x27; is not an email address</li>" in page
    response = staff.post(
        "/purchasing/suppliers/new",
        {"name": "Button Co", "code": "MILL", "email": "", "phone": "", "lead_time_days": ""},
    )
    assert (
        '<ul class="errorlist" id="id_code_error"><li>another supplier already has the code '
        "&#x27;MILL&#x27;</li></ul>" in response.content.decode()
    )
    response = staff.post(
        "/purchasing/suppliers/new",
        {
            "name": "Button Co",
            "code": "BTN",
            "email": "a@b.example",
            "phone": "",
            "lead_time_days": "7",
        },
    )
    assert response.status_code == 302
    assert rows(staff.get("/purchasing/suppliers/").content.decode()) == [
        ["Button Co", "BTN", "a@b.example", "", "7"],
        ["Linen Mill", "MILL", "", "", "14"],
    ]
    button = Supplier.objects.get(code="BTN")
    staff.post(
        f"/purchasing/suppliers/{button.pk}/",
        {"name": "Button Company", "code": "BTN", "email": "", "phone": "", "lead_time_days": ""},
    )
    button.refresh_from_db()
    assert (button.name, button.lead_time_days) == ("Button Company", None)


def test_suppliers_api(api: Any) -> None:
    created = api.post("/api/v1/suppliers", {"name": "Linen Mill", "code": "MILL"})
    assert created.status_code == 201
    body = created.json()
    assert {k: body[k] for k in ("name", "code", "email", "phone", "lead_time_days")} == {
        "name": "Linen Mill",
        "code": "MILL",
        "email": "",
        "phone": "",
        "lead_time_days": None,
    }
    again = api.post("/api/v1/suppliers", {"name": "Other", "code": "MILL"})
    assert again.status_code == 409
    assert again.json()["errors"] == [
        {
            "field": "code",
            "reason": "another supplier already has the code 'MILL'",
            "code": "duplicate",
        }
    ]
    patched = api.patch(f"/api/v1/suppliers/{body['id']}", {"lead_time_days": 21})
    assert patched.json()["lead_time_days"] == 21
    listed = api.get("/api/v1/suppliers", q="mil").json()
    assert [s["code"] for s in listed["items"]] == ["MILL"]
    assert api.get("/api/v1/suppliers/999999").status_code == 404


def test_purchase_order_api_takes_unit_costs(api: Any, shop: Shop, mill: Any) -> None:
    response = api.post(
        "/api/v1/purchase-orders",
        {
            "supplier": "MILL",
            "location": "WH",
            "currency": "EUR",
            "lines": [{"sku": "LS-S", "quantity": 3, "unit_cost": "7.25"}],
        },
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["currency"] == "EUR"
    assert Decimal(body["lines"][0]["unit_cost"]) == Decimal("7.25")
    missing = api.post(
        "/api/v1/purchase-orders",
        {
            "supplier": "MILL",
            "location": "WH",
            "lines": [{"sku": "LS-S", "quantity": 3, "unit_cost": "7"}],
        },
    )
    assert missing.status_code == 400
    assert missing.json()["errors"][0]["field"] == "currency"


def test_purchasing_lists_issue_the_same_queries_for_more_rows(
    staff: Client, shop: Shop, mill: Any
) -> None:
    from stockbridge.catalog.suppliers import SupplierSpec, create_supplier
    from stockbridge.purchasing.services import LineSpec, create_purchase_order

    def order(variants: list[Any]) -> Any:
        return create_purchase_order(
            supplier_id=mill.pk,
            location_id=shop.main.pk,
            lines=[LineSpec(variant_id=v.pk, quantity=2, unit_cost="1.50") for v in variants],
            currency="USD",
            place=True,
        )

    first = order([shop.small])
    urls = [
        "/purchasing/",
        "/purchasing/incoming",
        "/purchasing/suppliers/",
        f"/purchasing/orders/{first.pk}/",
    ]
    few = {url: queries_of(staff, url) for url in urls}
    for n in range(5):
        create_supplier(spec=SupplierSpec(name=f"Supplier {n}", code=f"S{n}"))
        product = make_product(f"Tee {n}", [f"T{n}-S", f"T{n}-M"])
        order(list(product.variants.all()))
    bigger = order([shop.medium, *(make_product("Cap", ["CAP-S", "CAP-M"]).variants.all())])
    many = {url: queries_of(staff, url) for url in urls}
    assert many == few
    assert queries_of(staff, f"/purchasing/orders/{bigger.pk}/") == few[urls[3]]
    assert len(re.findall(r"<tr>", staff.get("/purchasing/incoming").content.decode())) == 15
