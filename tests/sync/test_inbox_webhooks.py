"""Webhook intake end to end: a sandbox store subscribed through the connector delivers real,
signed webhooks to `POST /webhooks/<channel id>` (its delivery transport posts to the hub's
test client); the inbox stores each event once and processes it after the commit (immediate
queue). `app/uninstalled` disconnects the channel, and its stock stops being pushed."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from typing import Any
from urllib.parse import urlsplit

import pytest
from django.test import Client

from stockbridge.channels import services
from stockbridge.channels.access import seal
from stockbridge.channels.models import Channel, ChannelStatus
from stockbridge.channels.port import Credentials, InboundKind
from stockbridge.inventory import services as inventory
from stockbridge.orders.models import Order
from stockbridge.platform import clock
from stockbridge.sync import inbox
from stockbridge.sync.housekeeping import sweep_pending_work
from stockbridge.sync.models import InboundEvent
from stockbridge_sandboxes.shopify.webhooks import sign
from tests.inventory.conftest import make_location, make_variant
from tests.support.shopify_stores import Store, Stores, routed_stores
from tests.support.shops import seed_shop

from .channels_shop import (
    add_location,
    add_product,
    available,
    link,
    map_location,
    pushes_sent,
    real_time,
)

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.live_nudges]

HUB = "https://hub.example.com"
SUBSCRIPTIONS = "{ webhookSubscriptions(first: 20) { nodes { topic uri } } }"


@pytest.fixture
def stores(channel_fanout: None) -> Iterator[Stores]:
    yield from routed_stores()


def deliver_to(client: Client) -> Callable[[str, dict[str, str], bytes], int]:
    """The sandbox's webhook transport: POST to the hub's test client at the URL's path."""

    def transport(url: str, headers: dict[str, str], body: bytes) -> int:
        rest = {k: v for k, v in headers.items() if k != "Content-Type"}
        answer = client.post(
            urlsplit(url).path, data=body, content_type=headers["Content-Type"], headers=rest
        )
        return int(answer.status_code)

    return transport


def connect(store: Store, name: str, *, webhook_secret: str | None) -> Channel:
    return Channel.objects.create(
        kind="shopify",
        name=name,
        domain=store.domain,
        base_url=store.base_url,
        credentials=seal(Credentials(access_token=store.token, webhook_secret=webhook_secret)),
        status=ChannelStatus.CONNECTED,
        created_at=clock.now(),
        connected_at=clock.now(),
    )


@pytest.fixture
def shop(stores: Stores) -> dict[str, Any]:
    """A custom app's store connected by token (its webhooks signed with the app's API secret,
    stored on the channel), one listing at one mapped location, subscribed to app/uninstalled
    at the hub."""
    store = real_time(stores.add("shop-a"))
    seed_shop(store)
    warehouse = add_location(store, 1, "Stockbridge Warehouse")
    remote = add_product(store, "Tee", ["TEE"], [warehouse])["TEE"]
    tee, wh = make_variant("TEE"), make_location("WH")
    channel = connect(store, "Shop A", webhook_secret=store.app.credentials.client_secret)
    map_location(channel, wh, warehouse, "Stockbridge Warehouse")
    link(channel, tee, remote, confirmed={warehouse: 0})
    store.app.webhooks.transport = deliver_to(Client())
    results = services.subscribe_webhooks(channel=channel, base_url=HUB)
    assert [(r.topic, r.ok) for r in results] == [("app/uninstalled", True)]
    return {"store": store, "channel": channel, "tee": tee, "wh": wh, "remote": remote}


def uninstall(store: Store) -> None:
    store.control("tokens/revoke", {"token": store.token})
    store.control("tick")


def deliveries(store: Store) -> list[tuple[str, list[int]]]:
    return [(d.topic, d.responses) for d in store.app.webhooks.log]


def test_the_store_is_subscribed_at_the_channels_endpoint(shop: dict[str, Any]) -> None:
    nodes = shop["store"].gql(SUBSCRIPTIONS)["webhookSubscriptions"]["nodes"]
    assert nodes == [{"topic": "APP_UNINSTALLED", "uri": f"{HUB}/webhooks/{shop['channel'].pk}"}]


def test_app_uninstalled_disconnects_the_channel_and_stops_its_pushes(
    shop: dict[str, Any],
) -> None:
    store, channel = shop["store"], shop["channel"]
    inventory.adjust(variant_id=shop["tee"].pk, location_id=shop["wh"].pk, delta=5)
    assert available(store, shop["remote"], store_location(shop)) == 5  # pushes work
    sent = len(pushes_sent(store))

    uninstall(store)

    channel.refresh_from_db()
    assert (channel.status, channel.status_reason) == (
        "disconnected",
        "the app was uninstalled from the store",
    )
    event = InboundEvent.objects.get()
    assert (event.topic, event.kind, event.attempts, event.result, event.last_error) == (
        "app/uninstalled",
        "app_uninstalled",
        1,
        "channel disconnected: the app was uninstalled from the store",
        "",
    )
    assert json.loads(event.body)["myshopify_domain"] == store.domain
    inventory.adjust(variant_id=shop["tee"].pk, location_id=shop["wh"].pk, delta=3)
    assert len(pushes_sent(store)) == sent  # nothing pushed for the disconnected channel
    assert sweep_pending_work()["pending"] == {}


def store_location(shop: dict[str, Any]) -> str:
    return "gid://shopify/Location/1"


def test_a_redelivered_event_is_stored_once_and_processing_twice_changes_nothing(
    shop: dict[str, Any],
) -> None:
    store = shop["store"]
    store.control("faults", {"webhooks": {"duplicate": True}})
    uninstall(store)
    assert deliveries(store) == [("app/uninstalled", [200, 200])]
    event = InboundEvent.objects.get()
    processed_at = event.processed_at

    assert inbox.process_pending() == {"processed": 0, "failed": 0}
    assert inbox.process(event.pk) is None
    event.refresh_from_db()
    assert (InboundEvent.objects.count(), event.attempts, event.processed_at) == (
        1,
        1,
        processed_at,
    )


def test_a_forged_delivery_gets_401_and_stores_nothing(shop: dict[str, Any]) -> None:
    channel = shop["channel"]
    body = json.dumps({"id": 1, "myshopify_domain": shop["store"].domain}).encode()
    headers = {
        "X-Shopify-Topic": "app/uninstalled",
        "X-Shopify-Event-Id": "e-1",
        "X-Shopify-Hmac-Sha256": sign(body, "not-the-apps-secret"),
    }
    client = Client()
    forged = client.post(
        f"/webhooks/{channel.pk}", data=body, content_type="application/json", headers=headers
    )
    unsigned = client.post(
        f"/webhooks/{channel.pk}",
        data=body,
        content_type="application/json",
        headers={k: v for k, v in headers.items() if "Hmac" not in k},
    )
    secret = shop["store"].app.credentials.client_secret
    unknown = client.post(
        f"/webhooks/{channel.pk + 100}",
        data=body,
        content_type="application/json",
        headers={**headers, "X-Shopify-Hmac-Sha256": sign(body, secret)},
    )
    beyond = client.post(  # no row can have an id beyond 64 bits
        f"/webhooks/{2**63}",
        data=body,
        content_type="application/json",
        headers={**headers, "X-Shopify-Hmac-Sha256": sign(body, secret)},
    )
    assert [forged.status_code, unsigned.status_code, unknown.status_code] == [401, 401, 401]
    assert beyond.status_code == 401
    assert forged.json() == {"error": "the delivery's signature does not match this channel"}
    assert InboundEvent.objects.count() == 0
    channel.refresh_from_db()
    assert channel.status == "connected"


def test_a_signed_order_delivery_is_kept_and_applied_by_its_handler(
    shop: dict[str, Any],
) -> None:
    store, channel = shop["store"], shop["channel"]
    results = services.subscribe_webhooks(channel=channel, base_url=HUB, kinds=[InboundKind.ORDER])
    assert [(r.topic, r.ok) for r in results] == [
        ("orders/create", True),
        ("orders/updated", True),
        ("orders/cancelled", True),
        ("orders/fulfilled", True),
    ]
    inventory.adjust(variant_id=shop["tee"].pk, location_id=shop["wh"].pk, delta=5)
    store.control(
        "orders", {"lineItems": [{"variantId": shop["remote"].variant_id, "quantity": 1}]}
    )
    store.control("tick")
    events = list(InboundEvent.objects.values_list("topic", "kind", "result", "attempts"))
    number = Order.objects.get().number
    assert events == [
        ("orders/create", "order", f"order #1001: created (imported as {number} (confirmed))", 1)
    ]
    channel.refresh_from_db()
    assert channel.status == "connected"


def test_the_sweep_processes_an_event_whose_nudge_was_lost(shop: dict[str, Any]) -> None:
    channel = shop["channel"]
    event = InboundEvent.objects.create(
        channel=channel,
        event_id="app/uninstalled:lost",
        topic="app/uninstalled",
        kind="app_uninstalled",
        body="{}",
        received_at=clock.now(),
    )
    assert sweep_pending_work()["pending"] == {f"inbox:{channel.pk}": 1}
    event.refresh_from_db()
    channel.refresh_from_db()
    assert (event.processed_at is not None, channel.status) == (True, "disconnected")
    assert sweep_pending_work()["pending"] == {}


def test_a_failing_handler_leaves_the_event_pending_with_its_error(
    shop: dict[str, Any],
) -> None:
    channel = shop["channel"]
    calls: list[int] = []

    def fails(event: InboundEvent) -> str:
        calls.append(event.pk)
        raise RuntimeError("the order service is down")

    inbox.register(InboundKind.REFUND, fails)
    try:
        event = InboundEvent.objects.create(
            channel=channel,
            event_id="refunds/create:1",
            topic="refunds/create",
            kind="refund",
            body="{}",
            received_at=clock.now(),
        )
        assert inbox.process_pending(channel_id=channel.pk) == {"processed": 0, "failed": 1}
        event.refresh_from_db()
        assert (event.processed_at, event.attempts, event.last_error) == (
            None,
            1,
            "RuntimeError: the order service is down",
        )
        assert inbox.pending() == {channel.pk: 1}
    finally:
        inbox._handlers.pop(InboundKind.REFUND)


def test_connecting_by_token_subscribes_app_uninstalled_at_the_public_url(
    stores: Stores, settings: Any
) -> None:
    settings.STOCKBRIDGE_PUBLIC_URL = HUB + "/"
    store = stores.add("shop-b")
    seed_shop(store)
    channel = services.add_channel(
        kind="shopify", name="Shop B", domain=store.domain, base_url=store.base_url
    )
    services.connect_with_token(channel=channel, token=store.token, webhook_secret="shh")
    nodes = store.gql(SUBSCRIPTIONS)["webhookSubscriptions"]["nodes"]
    assert nodes == [{"topic": "APP_UNINSTALLED", "uri": f"{HUB}/webhooks/{channel.pk}"}]


def test_connecting_without_a_public_url_subscribes_nothing(stores: Stores) -> None:
    store = stores.add("shop-c")
    seed_shop(store)
    channel = services.add_channel(
        kind="shopify", name="Shop C", domain=store.domain, base_url=store.base_url
    )
    services.connect_with_token(channel=channel, token=store.token)
    assert store.gql(SUBSCRIPTIONS)["webhookSubscriptions"]["nodes"] == []


def test_an_oauth_channel_verifies_with_the_apps_client_secret(
    stores: Stores, settings: Any
) -> None:
    store = stores.add("shop-d")
    settings.STOCKBRIDGE_SHOPIFY_CLIENT_SECRET = store.app.credentials.client_secret
    channel = connect(store, "Shop D", webhook_secret=None)
    body = b'{"id":548380009,"name":"Shop D"}'
    headers = {
        "X-Shopify-Topic": "shop/update",
        "X-Shopify-Event-Id": "e-7",
        "X-Shopify-Triggered-At": "2026-12-07T01:00:00Z",
        "X-Shopify-Hmac-Sha256": sign(body, store.app.credentials.client_secret),
    }
    client = Client()
    first = client.post(
        f"/webhooks/{channel.pk}", data=body, content_type="application/json", headers=headers
    )
    again = client.post(
        f"/webhooks/{channel.pk}", data=body, content_type="application/json", headers=headers
    )
    assert [(first.status_code, first.json()), (again.status_code, again.json())] == [
        (200, {"stored": True}),
        (200, {"stored": False}),
    ]
    assert list(InboundEvent.objects.values_list("event_id", "kind", "resource_id", "result")) == [
        ("shop/update:e-7", "other", "548380009", "no handler yet")
    ]
