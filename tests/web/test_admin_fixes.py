"""The raw admin's failures named by issue 16: money with four decimals, and an order
"Delete" that failed even for a superuser."""

from __future__ import annotations

import pytest
from django.test import Client

from .conftest import Shop
from .test_order_pages import place

pytestmark = pytest.mark.django_db


@pytest.fixture
def boss(db: None) -> Client:
    from django.contrib.auth import get_user_model

    get_user_model().objects.create_superuser("boss", "boss@example.com", "pw-for-tests-only")
    client = Client()
    assert client.login(username="boss", password="pw-for-tests-only")
    return client


def test_admin_shows_money_as_the_currency_shows_it(boss: Client, shop: Shop) -> None:
    from stockbridge.inventory.services import adjust

    adjust(variant_id=shop.small.pk, location_id=shop.main.pk, delta=19, reason="received")
    order = place(shop, quantity=29)  # 29 x $49.00
    listing = boss.get("/admin/orders/order/").content.decode()
    assert '<td class="field-total_shown">$1,421.00</td>' in listing
    assert "1421.0000" not in listing
    page = boss.get(f"/admin/orders/order/{order.pk}/change/").content.decode()
    assert "$1,421.00" in page
    assert "1421.0000" not in page


def test_an_order_is_never_offered_for_deletion(boss: Client, shop: Shop) -> None:
    """Orders change through their services (cancel, refund); the admin offers no Delete
    that would fail on the stock and money rows that protect them."""
    order = place(shop, quantity=1)
    page = boss.get(f"/admin/orders/order/{order.pk}/change/").content.decode()
    assert "deletelink" not in page
    assert boss.get(f"/admin/orders/order/{order.pk}/delete/").status_code == 403
    listing = boss.get("/admin/orders/order/").content.decode()
    assert 'value="delete_selected"' not in listing
