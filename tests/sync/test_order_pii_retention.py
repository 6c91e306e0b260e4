"""PII retention per channel: which orders and customers are purged, when, and that a purge is
made once. The order and stock facts stay."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest

from stockbridge.catalog.models import Product, Variant
from stockbridge.channels.models import Channel, ChannelStatus, OperationSettings
from stockbridge.customers.models import Customer
from stockbridge.inventory import services as inventory
from stockbridge.inventory.models import Location, Movement
from stockbridge.orders import services as orders
from stockbridge.orders.models import Order, OrderHistory
from stockbridge.orders.specs import LineSpec, OrderSpec, Tracking
from stockbridge.platform import clock
from stockbridge.sync.order_pushes import retention

pytestmark = pytest.mark.django_db


@pytest.fixture
def tee(db: None) -> Variant:
    product = Product.objects.create(title="Tee", handle="tee")
    variant = Variant.objects.create(
        product=product, sku="TEE", currency="USD", price=Decimal("10")
    )
    wh = Location.objects.create(name="Warehouse", code="WH", priority=1)
    inventory.adjust(variant_id=variant.pk, location_id=wh.pk, delta=20, reason="received")
    return variant


def _channel(name: str, retention_setting: str = "purge") -> Channel:
    channel = Channel.objects.create(
        kind="shopify",
        name=name,
        domain=f"{name.lower()}.myshopify.com",
        base_url=f"https://{name.lower()}.myshopify.com",
        status=ChannelStatus.CONNECTED,
        created_at=clock.now(),
    )
    OperationSettings.objects.create(
        channel=channel,
        operation="sync_orders",
        settings={"pii_retention": retention_setting, "pii_purge_days": 10},
    )
    return channel


def _order(tee: Variant, channel: str, number: int, customer: Customer | None = None) -> Order:
    order, _ = orders.import_channel_order(
        spec=OrderSpec(
            currency="USD",
            lines=(LineSpec(1, variant_id=tee.pk),),
            channel=channel,
            external_id=f"gid://shopify/Order/{number}" if channel else "",
            customer_id=customer.pk if customer else None,
            email="ann@example.com",
            billing_address={"name": "Ann Lee", "city": "Leeds", "country_code": "GB"},
        )
    )
    return order


def _ship(order: Order, days_ago: int) -> None:
    orders.fulfil_order(
        order_id=order.pk,
        location_id=Location.objects.get(code="WH").pk,
        tracking=Tracking(
            number=f"1Z{order.pk}", shipped_at=clock.now() - timedelta(days=days_ago)
        ),
    )


def test_only_finished_orders_past_the_retention_of_a_purging_channel_go(tee: Variant) -> None:
    moor, _keep = _channel("Moor"), _channel("Keep", "indefinitely")
    shipped_long_ago = _order(tee, "Moor", 1)
    _ship(shipped_long_ago, 11)
    shipped_lately = _order(tee, "Moor", 2)
    _ship(shipped_lately, 9)
    cancelled = _order(tee, "Moor", 3)
    orders.cancel_order(order_id=cancelled.pk)
    Order.objects.filter(pk=cancelled.pk).update(cancelled_at=clock.now() - timedelta(days=11))
    open_order = _order(tee, "Moor", 4)
    kept_elsewhere = _order(tee, "Keep", 5)
    _ship(kept_elsewhere, 30)
    movements = Movement.objects.count()

    results = retention.purge()

    assert results == [
        {"channel": "Keep", "retention": "indefinitely", "orders": 0},
        {"channel": "Moor", "retention": "purge after 10 days", "orders": 2, "customers": 0},
    ]
    emails = dict(Order.objects.values_list("external_id", "email"))
    assert emails == {
        "gid://shopify/Order/1": "",
        "gid://shopify/Order/2": "ann@example.com",
        "gid://shopify/Order/3": "",
        "gid://shopify/Order/4": "ann@example.com",
        "gid://shopify/Order/5": "ann@example.com",
    }
    shipped_long_ago.refresh_from_db()
    assert shipped_long_ago.billing_address == {"country_code": "GB"}
    assert shipped_long_ago.fulfilments.get().tracking_number == f"1Z{shipped_long_ago.pk}"
    assert Movement.objects.count() == movements  # stock facts untouched
    assert OrderHistory.objects.filter(kind="pii_purged").count() == 2
    assert retention.purge_channel(moor)["orders"] == 0  # nothing more: idempotent
    assert OrderHistory.objects.filter(kind="pii_purged").count() == 2
    assert open_order.pk  # an open order is never purged


def test_a_customer_goes_only_when_every_order_is_this_channels_and_purged(tee: Variant) -> None:
    moor = _channel("Moor")
    only_here = Customer.objects.create(first_name="Ann", email="ann@example.com", channel="Moor")
    also_in_hub = Customer.objects.create(first_name="Bob", email="bob@example.com", channel="Moor")
    for number, customer in ((1, only_here), (2, also_in_hub)):
        _ship(_order(tee, "Moor", number, customer), 20)
    orders.create_order(  # an order made in the hub for Bob
        spec=OrderSpec(
            currency="USD", lines=(LineSpec(1, variant_id=tee.pk),), customer_id=also_in_hub.pk
        )
    )

    assert retention.purge_channel(moor) == {
        "channel": "Moor",
        "retention": "purge after 10 days",
        "orders": 2,
        "customers": 1,
    }
    only_here.refresh_from_db()
    also_in_hub.refresh_from_db()
    assert (only_here.first_name, only_here.email) == ("", "")
    assert (also_in_hub.first_name, also_in_hub.email) == ("Bob", "bob@example.com")
