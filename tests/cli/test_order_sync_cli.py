"""`stockbridge orders tracking`, `stockbridge sync order-pushes|purge-pii` in-process."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from decimal import Decimal

import pytest

from stockbridge.catalog.models import Product, Variant
from stockbridge.channels.access import seal
from stockbridge.channels.models import Channel, ChannelStatus, OperationSettings
from stockbridge.channels.order_origin import origin
from stockbridge.channels.port import Credentials
from stockbridge.cli.main import main
from stockbridge.inventory import services as inventory
from stockbridge.inventory.models import Location
from stockbridge.orders import services as orders
from stockbridge.orders.models import Order
from stockbridge.orders.specs import LineSpec, OrderSpec, Tracking
from stockbridge.platform import clock
from stockbridge.sync import outbox
from stockbridge.sync.order_pushes import intake
from tests.support import order_pushes

pytestmark = pytest.mark.django_db


@pytest.fixture
def order_events_taken() -> Iterator[None]:
    with order_pushes.order_events_taken():
        yield


@pytest.fixture
def channel_order(db: None) -> Order:
    product = Product.objects.create(title="Tee", handle="tee")
    tee = Variant.objects.create(product=product, sku="TEE", currency="USD", price=Decimal("10"))
    wh = Location.objects.create(name="Warehouse", code="WH", priority=1)
    inventory.adjust(variant_id=tee.pk, location_id=wh.pk, delta=5, reason="received")
    channel = Channel.objects.create(
        kind="shopify",
        name="Moor",
        domain="moor.myshopify.com",
        base_url="https://moor.myshopify.com",
        credentials=seal(Credentials(access_token="shpat_x")),
        status=ChannelStatus.CONNECTED,
        created_at=clock.now(),
    )
    order, _ = orders.import_channel_order(
        spec=OrderSpec(
            currency="USD",
            lines=(LineSpec(1, variant_id=tee.pk),),
            channel=origin(channel),
            external_id="gid://shopify/Order/7",
            email="ann@example.com",
            shipping_address={"name": "Ann", "city": "Leeds", "country_code": "GB"},
        )
    )
    return order


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_tracking_and_the_order_pushes_it_makes(
    channel_order: Order, order_events_taken: None, capsys: pytest.CaptureFixture[str]
) -> None:
    wh = Location.objects.get(code="WH")
    fulfilment = orders.fulfil_order(order_id=channel_order.pk, location_id=wh.pk)

    changed = run(
        capsys,
        "orders",
        "tracking",
        str(channel_order.pk),
        str(fulfilment.pk),
        "--carrier",
        "ups",
        "--tracking",
        "1Z9",
    )
    outbox.drain(intake.CONSUMER)
    listed = run(capsys, "sync", "order-pushes", "Moor")
    missing = run(capsys, "orders", "tracking", str(channel_order.pk), str(fulfilment.pk + 5))

    assert changed == (0, f"fulfilment {fulfilment.pk}: tracking ups 1Z9\n", "")
    push = f"order {channel_order.pk:<6} fulfilment {fulfilment.pk:<6} pending  -"
    assert listed[0] == 0 and listed[1].endswith(push + "\n")
    assert missing == (
        1,
        "",
        f"fulfilment: order {channel_order.pk} has no fulfilment {fulfilment.pk + 5}\n",
    )


def test_purge_pii_follows_each_channels_retention(
    channel_order: Order, capsys: pytest.CaptureFixture[str]
) -> None:
    wh = Location.objects.get(code="WH")
    orders.fulfil_order(
        order_id=channel_order.pk,
        location_id=wh.pk,
        tracking=Tracking(shipped_at=clock.now() - timedelta(days=8)),
    )

    kept = run(capsys, "sync", "purge-pii")
    OperationSettings.objects.create(
        channel=Channel.objects.get(name="Moor"),
        operation="sync_orders",
        settings={"pii_retention": "purge", "pii_purge_days": 7},
    )
    purged = run(capsys, "sync", "purge-pii", "--channel", "Moor")
    again = run(capsys, "sync", "purge-pii", "--channel", "Moor")
    unknown = run(capsys, "sync", "purge-pii", "--channel", "Nope")

    assert kept == (0, "Moor: indefinitely: 0 orders, 0 customers purged\n", "")
    assert purged == (0, "Moor: purge after 7 days: 1 orders, 0 customers purged\n", "")
    assert again == (0, "Moor: purge after 7 days: 0 orders, 0 customers purged\n", "")
    assert unknown == (2, "", "stockbridge: channel: no channel named 'Nope'\n")
    channel_order.refresh_from_db()
    assert (channel_order.email, channel_order.shipping_address) == ("", {"country_code": "GB"})
