"""The orders admin: lists orders, shows one with its timeline, and its actions go through
the order services."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.test import Client

from stockbridge.catalog.models import Variant
from stockbridge.inventory.models import Location

from .conftest import level, place, stock


def _client() -> Client:
    get_user_model().objects.create_superuser("boss", "boss@x.io", "pw-for-tests-only")
    client = Client()
    client.login(username="boss", password="pw-for-tests-only")
    return client


def test_the_cancel_action_releases_stock_through_the_service(
    tee: Variant, warehouse: Location
) -> None:
    stock(tee, warehouse, 5)
    order = place([(tee, 2)])
    client = _client()

    assert client.get("/admin/orders/order/").status_code == 200
    page = client.get(f"/admin/orders/order/{order.pk}/change/")
    assert page.status_code == 200
    assert b"Order confirmed, stock reserved" in page.content

    response = client.post(
        "/admin/orders/order/",
        {"action": "cancel", "_selected_action": [order.pk]},
        follow=True,
    )

    assert response.status_code == 200
    order.refresh_from_db()
    assert order.status == "cancelled"
    assert level(tee, warehouse) == (5, 0)


def test_orders_and_their_events_cannot_be_edited_or_deleted_in_the_admin(
    tee: Variant, warehouse: Location
) -> None:
    from stockbridge.orders import services
    from stockbridge.orders.models import Order, OrderEvent

    stock(tee, warehouse, 5)
    order = place([(tee, 2)])
    services.cancel_order(order_id=order.pk)
    event = OrderEvent.objects.get()
    client = _client()

    edited = client.post(f"/admin/orders/order/{order.pk}/change/", {"status": "confirmed"})
    deleted = client.post(f"/admin/orders/order/{order.pk}/delete/", {"post": "yes"})
    event_edit = client.post(
        f"/admin/orders/orderevent/{event.pk}/change/", {"attempts": 99, "published_at": ""}
    )

    assert edited.status_code == 200  # every field of an order is read-only: nothing to save
    assert (deleted.status_code, event_edit.status_code) == (403, 403)
    assert client.get(f"/admin/orders/orderevent/{event.pk}/change/").status_code == 200
    assert Order.objects.get().status == "cancelled"
    event.refresh_from_db()
    assert (event.attempts, event.published_at) == (0, None)
