"""The sync orders API (Unreleased, ordout): tracking changed after shipment, the channel's
order pushes, its settings, and its PII retention run on demand. Exact answers."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from decimal import Decimal
from typing import Any

import pytest

from stockbridge.catalog.models import Product, Variant
from stockbridge.channels.access import seal
from stockbridge.channels.models import Channel, ChannelStatus
from stockbridge.channels.order_origin import origin
from stockbridge.channels.port import Credentials
from stockbridge.customers.models import Address, Customer
from stockbridge.inventory import services as inventory
from stockbridge.inventory.models import Location
from stockbridge.orders import services as orders
from stockbridge.orders.models import Order
from stockbridge.orders.specs import FulfilLine, LineSpec, OrderSpec, Tracking
from stockbridge.platform import clock
from stockbridge.sync import outbox
from stockbridge.sync.order_pushes import intake
from tests.support import order_pushes

pytestmark = pytest.mark.django_db


@pytest.fixture
def order_events_taken() -> Iterator[None]:
    """The order events are taken into pushes (the drain sends nothing: nothing commits)."""
    with order_pushes.order_events_taken():
        yield


@pytest.fixture
def shop(db: None) -> dict[str, Any]:
    product = Product.objects.create(title="Tee", handle="tee")
    tee = Variant.objects.create(product=product, sku="TEE", currency="USD", price=Decimal("10"))
    wh = Location.objects.create(name="Warehouse", code="WH", priority=1)
    inventory.adjust(variant_id=tee.pk, location_id=wh.pk, delta=10, reason="received")
    channel = Channel.objects.create(
        kind="shopify",
        name="Moor",
        domain="moor.myshopify.com",
        base_url="https://moor.myshopify.com",
        credentials=seal(Credentials(access_token="shpat_x")),
        status=ChannelStatus.CONNECTED,
        created_at=clock.now(),
    )
    return {"tee": tee, "wh": wh, "channel": channel}


def _channel_order(shop: dict[str, Any], number: int, email: str = "ann@example.com") -> Order:
    customer = Customer.objects.create(
        first_name="Ann",
        last_name="Lee",
        email=email,
        phone="+44 1",
        channel=origin(shop["channel"]),
        external_id=f"gid://shopify/Customer/{number}",
    )
    Address.objects.create(
        customer=customer,
        kind="shipping",
        name="Ann Lee",
        address1="1 Main St",
        city="Leeds",
        country_code="GB",
    )
    order, _ = orders.import_channel_order(
        spec=OrderSpec(
            currency="USD",
            lines=(LineSpec(1, variant_id=shop["tee"].pk),),
            channel=origin(shop["channel"]),
            external_id=f"gid://shopify/Order/{number}",
            customer_id=customer.pk,
            email=email,
            shipping_address={
                "name": "Ann Lee",
                "address1": "1 Main St",
                "city": "Leeds",
                "region": "West Yorkshire",
                "postal_code": "LS1 1AA",
                "country_code": "GB",
                "phone": "+44 1",
            },
        )
    )
    return order


def test_tracking_changed_after_shipment(api: Any, shop: dict[str, Any]) -> None:
    order = _channel_order(shop, 1)
    fulfilment = orders.fulfil_order(
        order_id=order.pk, location_id=shop["wh"].pk, tracking=Tracking(carrier="ups", number="1")
    )
    url = f"/api/v1/orders/{order.pk}/fulfilments/{fulfilment.pk}/tracking"

    response = api.patch(
        url,
        {"carrier": "dhl", "tracking_number": "JD1, JD2", "tracking_url": "https://d.example/1"},
    )

    assert response.status_code == 200, response.content
    shipped = response.json()["fulfilments"][0]
    assert {k: shipped[k] for k in ("carrier", "tracking_number", "tracking_url")} == {
        "carrier": "dhl",
        "tracking_number": "JD1, JD2",
        "tracking_url": "https://d.example/1",
    }
    timeline = api.get(f"/api/v1/orders/{order.pk}/timeline").json()
    assert (timeline[0]["kind"], timeline[0]["message"]) == (
        "tracking_updated",
        f"Tracking of fulfilment {fulfilment.pk} changed to dhl JD1, JD2",
    )
    assert api.patch(url, {"tracking_url": "ftp://x"}).json() == {
        "errors": [
            {
                "field": "tracking_url",
                "reason": "must be an http(s) URL",
                "code": "invalid",
            }
        ]
    }
    missing = api.patch(f"/api/v1/orders/{order.pk}/fulfilments/{fulfilment.pk + 99}/tracking", {})
    assert (missing.status_code, missing.json()) == (
        404,
        {
            "errors": [
                {
                    "field": "fulfilment_id",
                    "reason": f"order {order.pk} has no fulfilment {fulfilment.pk + 99}",
                    "code": "not_found",
                }
            ]
        },
    )


def test_the_channels_order_pushes_list_what_waits_to_be_sent(
    api: Any, shop: dict[str, Any], order_events_taken: None
) -> None:
    order = _channel_order(shop, 2)
    fulfilment = orders.fulfil_order(order_id=order.pk, location_id=shop["wh"].pk)
    outbox.drain(intake.CONSUMER)

    page = api.get(f"/api/v1/channels/{shop['channel'].pk}/order-pushes?state=pending").json()

    assert [
        {k: p[k] for k in ("order_id", "kind", "source_id", "state", "remote_ids", "attempts")}
        for p in page["items"]
    ] == [
        {
            "order_id": order.pk,
            "kind": "fulfilment",
            "source_id": fulfilment.pk,
            "state": "pending",
            "remote_ids": [],
            "attempts": 0,
        }
    ]
    sent = api.get(f"/api/v1/channels/{shop['channel'].pk}/order-pushes?state=sent").json()
    assert sent == {"items": [], "next_cursor": None}


def test_sync_orders_settings_are_validated(api: Any, shop: dict[str, Any]) -> None:
    url = f"/api/v1/channels/{shop['channel'].pk}/operations/sync_orders"

    refused = api.patch(url, {"settings": {"pii_retention": "forever"}})
    kept = api.patch(
        url,
        {"settings": {"pii_retention": "purge", "pii_purge_days": 30, "carriers": {"UPS": "UPS"}}},
    )

    assert refused.json() == {
        "errors": [
            {
                "field": "settings.pii_retention",
                "reason": "must be one of indefinitely, purge",
                "code": "invalid",
            }
        ]
    }
    assert kept.status_code == 200, kept.content
    assert kept.json()["settings"] == {  # stored as given, read through the typed settings
        "pii_retention": "purge",
        "pii_purge_days": 30,
        "carriers": {"UPS": "UPS"},
    }


def test_purging_personal_data_keeps_order_and_stock_facts(api: Any, shop: dict[str, Any]) -> None:
    api.patch(
        f"/api/v1/channels/{shop['channel'].pk}/operations/sync_orders",
        {"settings": {"pii_retention": "purge", "pii_purge_days": 30}},
    )
    old = _channel_order(shop, 3)
    recent = _channel_order(shop, 4, email="bob@example.com")
    orders.fulfil_order(
        order_id=old.pk,
        location_id=shop["wh"].pk,
        lines=[FulfilLine(old.lines.get().pk, 1)],
        tracking=Tracking(number="1Z", shipped_at=clock.now() - timedelta(days=31)),
    )
    orders.fulfil_order(order_id=recent.pk, location_id=shop["wh"].pk)
    url = f"/api/v1/channels/{shop['channel'].pk}/purge-personal-data"

    first = api.post(url, {})
    second = api.post(url, {})

    assert first.json() == {
        "channel": "Moor",
        "retention": "purge after 30 days",
        "orders": 1,
        "customers": 1,
    }
    assert second.json() == {**first.json(), "orders": 0, "customers": 0}
    old.refresh_from_db()
    assert (old.email, old.shipping_address, old.total, old.status) == (
        "",
        {"region": "West Yorkshire", "country_code": "GB"},
        Decimal("10.0000"),
        "fulfilled",
    )
    assert old.fulfilments.get().tracking_number == "1Z"
    person = Customer.objects.get(pk=old.customer_id)
    assert (person.first_name, person.email, person.phone, person.external_id) == (
        "",
        "",
        "",
        "gid://shopify/Customer/3",
    )
    assert Address.objects.filter(customer=person).count() == 0
    recent.refresh_from_db()
    assert recent.email == "bob@example.com"  # shipped today: kept
    assert Customer.objects.get(pk=recent.customer_id).first_name == "Ann"
