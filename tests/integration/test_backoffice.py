"""The back office: login required, every model in the admin, writes through the services."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from django.apps import apps
from django.contrib import admin
from django.test import Client

pytestmark = pytest.mark.django_db

OUR_APPS = {"catalog", "customers", "inventory", "purchasing", "sync", "web", "orders"}


@pytest.fixture
def staff(db: None) -> Client:
    from django.contrib.auth import get_user_model

    get_user_model().objects.create_superuser("boss", "boss@example.com", "pw-for-tests-only")
    client = Client()
    assert client.login(username="boss", password="pw-for-tests-only")
    return client


@pytest.fixture
def shirt(api: Any) -> dict[str, Any]:
    api.post("/api/v1/seasons", {"name": "Summer 2027", "code": "SS27"})
    body = {
        "title": "Linen shirt",
        "status": "active",
        "season": "SS27",
        "tags": ["linen"],
        "attributes": [{"name": "Size", "values": ["S", "M"]}],
        "variants": [
            {"sku": "LS-S", "price": "49.00", "attribute_values": ["S"], "barcode": "111"},
            {"sku": "LS-M", "price": "49.00", "attribute_values": ["M"], "barcode": "222"},
        ],
    }
    response = api.post("/api/v1/products", body)
    assert response.status_code == 201, response.content
    return response.json()


def test_pages_need_a_login() -> None:
    client = Client()
    assert client.get("/").status_code == 302
    assert client.get("/").headers["Location"].startswith("/admin/login/")
    assert client.get("/admin/catalog/product/").status_code == 302
    assert client.get("/health").json() == {"status": "ok"}


def test_every_model_of_ours_is_in_the_admin_and_its_list_loads(staff: Client) -> None:
    """Each model has its own admin, or is shown inline in the admin of the model it belongs to
    (order lines inside their order, for example)."""
    ours = [m for m in apps.get_models() if m._meta.app_label in OUR_APPS]
    inline = {
        inline_class.model
        for model_admin in admin.site._registry.values()
        for inline_class in model_admin.inlines
    }
    missing = [m.__name__ for m in ours if m not in admin.site._registry and m not in inline]
    assert missing == []
    for model in ours:
        if model in admin.site._registry:
            url = f"/admin/{model._meta.app_label}/{model._meta.model_name}/"
            assert staff.get(url).status_code == 200, url


def test_dashboard_shows_what_needs_doing(staff: Client, shirt: dict[str, Any]) -> None:
    from stockbridge.inventory.locations import LocationSpec, create_location
    from stockbridge.inventory.services import adjust
    from stockbridge.orders.services import create_order
    from stockbridge.orders.specs import LineSpec, OrderSpec
    from stockbridge.sync.housekeeping import prune_old_data

    page = staff.get("/").content.decode()
    assert "Nothing waiting to ship." in page
    assert "No job has run yet" in page

    warehouse = create_location(spec=LocationSpec(name="Main", code="WH1"))
    small = next(v for v in shirt["variants"] if v["sku"] == "LS-S")
    adjust(variant_id=small["id"], location_id=warehouse.pk, delta=1, reason="received")
    order = create_order(
        spec=OrderSpec(currency="USD", lines=(LineSpec(variant_id=small["id"], quantity=1),)),
        confirm=True,
    )
    prune_old_data()

    page = staff.get("/").content.decode()
    assert f'<a href="/orders/{order.pk}/">{order.number}</a>' in page
    assert f'<a href="/stock/variants/{small["id"]}/">LS-S</a>' in page
    assert "<td>prune_old_data</td>" in page
    assert '<div class="n">1</div><div>Orders to ship</div>' in page


def test_product_list_filters_by_season_status_and_tag(
    staff: Client, shirt: dict[str, Any]
) -> None:
    from stockbridge.catalog.models import Season, Tag

    season = Season.objects.get(code="SS27")
    tag = Tag.objects.get(name="linen")
    for query in (
        f"season__id__exact={season.pk}",
        "status__exact=active",
        f"tags__id__exact={tag.pk}",
    ):
        page = staff.get(f"/admin/catalog/product/?{query}").content.decode()
        assert "Linen shirt" in page, query
    assert (
        "Linen shirt"
        not in staff.get("/admin/catalog/product/?status__exact=draft").content.decode()
    )


def test_variant_search_by_sku_and_barcode(staff: Client, shirt: dict[str, Any]) -> None:
    by_sku = staff.get("/admin/catalog/variant/?q=LS-M").content.decode()
    assert "LS-M" in by_sku and "LS-S" not in by_sku
    by_barcode = staff.get("/admin/catalog/variant/?q=111").content.decode()
    assert "LS-S" in by_barcode and "LS-M" not in by_barcode


def test_admin_edit_goes_through_the_service_rules(staff: Client, shirt: dict[str, Any]) -> None:
    from stockbridge.catalog.models import Variant

    variant = Variant.objects.get(sku="LS-S")
    form = {
        "sku": "LS-S",
        "barcode": "111",
        "attribute_values": '["S"]',
        "position": 1,
        "currency": "USD",
        "price": "-5",
        "weight_unit": "g",
        "dimension_unit": "cm",
        "unit_type": "fixed",
    }
    response = staff.post(f"/admin/catalog/variant/{variant.pk}/change/", form)
    assert response.status_code == 200  # the form again, with the error on the price
    assert "must not be negative" in response.content.decode()
    variant.refresh_from_db()
    assert variant.price == Decimal("49.0000")

    form["attribute_values"] = '["XL"]'
    form["price"] = "45.50"
    response = staff.post(f"/admin/catalog/variant/{variant.pk}/change/", form)
    assert response.status_code == 200
    assert "XL" in response.content.decode()
    variant.refresh_from_db()
    assert variant.attribute_values == ["S"]

    form["attribute_values"] = '["S"]'
    response = staff.post(f"/admin/catalog/variant/{variant.pk}/change/", form)
    assert response.status_code == 302
    variant.refresh_from_db()
    assert variant.price == Decimal("45.5000")


INLINES = {
    f"{prefix}-{name}": "0"
    for prefix in ("attributes", "variants", "images")
    for name in ("TOTAL_FORMS", "INITIAL_FORMS")
}


def test_admin_creates_a_product_through_the_service(staff: Client) -> None:
    from stockbridge.catalog.models import Product

    response = staff.post(
        "/admin/catalog/product/add/",
        {"title": "Wool scarf", "handle": "wool-scarf", "status": "draft", "custom_fields": "{}"}
        | INLINES,
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    product = Product.objects.get(handle="wool-scarf")
    assert (product.title, product.status) == ("Wool scarf", "draft")

    response = staff.post(
        "/admin/catalog/product/add/",
        {"title": "Other", "handle": "wool-scarf", "status": "draft", "custom_fields": "{}"}
        | INLINES,
    )
    assert response.status_code == 200
    assert "already" in response.content.decode()
    assert Product.objects.filter(title="Other").count() == 0
