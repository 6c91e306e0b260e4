"""WooCommerce's webhooks through the hub's endpoint: the reference's signature test vector,
deliveries signed with the channel's secret stored once per delivery id, forged ones refused
with 401 and nothing stored, pings taken only for webhooks the store holds, and subscribing
once per topic (again: the same webhooks, made active)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.test import Client

from stockbridge.channels import services
from stockbridge.channels.port import InboundKind
from stockbridge.connectors.woocommerce.connector import WooConnector
from stockbridge.connectors.woocommerce.webhooks import WooWebhooks, signature
from stockbridge.sync.models import InboundEvent
from tests.support.woo_shop import HUB, ORDER_KINDS, WooShop, open_shop
from tests.support.woo_stores import WooStores, routed_woo_stores

from .conftest import request_problems


@pytest.fixture
def woo(channel_fanout: None) -> Iterator[WooStores]:
    yield from routed_woo_stores()


@pytest.fixture
def shop(woo: WooStores) -> WooShop:
    return open_shop(woo)


def test_the_reference_test_vector_verifies(reference: Path, connector: WooConnector) -> None:
    vector = json.loads((reference / "webhooks-delivery.json").read_text())["signature_test_vector"]
    body = vector["body"].encode()
    codec = WooWebhooks(secret=vector["secret"], client=connector.client)
    assert signature(body, vector["secret"]) == vector["signature"]
    assert codec.verify({"x-wc-webhook-signature": vector["signature"]}, body)
    assert not codec.verify({"X-WC-Webhook-Signature": vector["signature"]}, body + b" ")
    assert not codec.verify({"X-WC-Webhook-Signature": "not base64!"}, body)
    assert not codec.verify({}, body)


def test_a_delivery_is_read_by_its_topic_and_delivery_id(connector: WooConnector) -> None:
    codec = WooWebhooks(secret="s", client=connector.client)
    body = b'{"id":727,"status":"processing","date_modified_gmt":"2026-12-01T10:00:00"}'
    event = codec.parse(
        {"X-WC-Webhook-Topic": "order.updated", "X-WC-Webhook-Delivery-ID": "ab12"}, body
    )
    assert (event.event_id, event.topic, event.kind, event.resource_id) == (
        "ab12",
        "order.updated",
        InboundKind.ORDER,
        "727",
    )
    assert event.occurred_at is not None and event.occurred_at.isoformat() == (
        "2026-12-01T10:00:00+00:00"
    )
    kinds = [
        codec.parse({"X-WC-Webhook-Topic": t, "X-WC-Webhook-Delivery-ID": "x"}, b"{}").kind
        for t in ("product.deleted", "customer.created", "coupon.created", "action.wp_login")
    ]
    assert kinds == [
        InboundKind.PRODUCT,
        InboundKind.CUSTOMER,
        InboundKind.OTHER,
        InboundKind.OTHER,
    ]


@pytest.mark.django_db(transaction=True)
def test_subscribing_makes_one_webhook_per_topic_and_again_reuses_them(
    shop: WooShop, reference: Path
) -> None:
    url = f"{HUB}/webhooks/{shop.channel.pk}"
    hooks = shop.store.api("GET", "/webhooks?per_page=100")
    assert sorted((h["topic"], h["delivery_url"], h["status"]) for h in hooks) == [
        ("customer.created", url, "active"),
        ("customer.deleted", url, "active"),
        ("customer.updated", url, "active"),
        ("order.created", url, "active"),
        ("order.deleted", url, "active"),
        ("order.updated", url, "active"),
    ]
    # every ping was answered 200 and stored once, as an event of no kind
    assert [e["status"] for e in shop.store.app.outbox.log] == [200] * 6
    assert sorted(InboundEvent.objects.values_list("topic", "kind")) == [("ping", "other")] * 6
    shop.store.api("PUT", f"/webhooks/{hooks[0]['id']}", {"status": "disabled"})

    again = services.subscribe_webhooks(channel=shop.channel, base_url=HUB, kinds=ORDER_KINDS)

    assert [(r.topic, r.ok) for r in again] == [
        ("order.created", True),
        ("order.updated", True),
        ("order.deleted", True),
        ("customer.created", True),
        ("customer.updated", True),
        ("customer.deleted", True),
    ]
    after = shop.store.api("GET", "/webhooks?per_page=100")
    assert len(after) == 6 and {h["status"] for h in after} == {"active"}
    products = services.subscribe_webhooks(
        channel=shop.channel, base_url="https://other.example.com", kinds=[InboundKind.PRODUCT]
    )
    assert [(r.topic, r.ok) for r in products] == [
        ("product.created", True),
        ("product.updated", True),
        ("product.deleted", True),
    ]
    sent = [(m, p, b) for m, p, b in shop.store.writes() if "/webhooks" in p]
    # the same webhooks made active again, then three new ones
    assert [m for m, _, _ in sent] == ["PUT"] * 6 + ["POST"] * 3
    assert [p for _, path, body in sent for p in request_problems(reference, path, body)] == []


@pytest.mark.django_db(transaction=True)
def test_a_forged_delivery_is_401_and_stores_nothing(shop: WooShop) -> None:
    InboundEvent.objects.all().delete()
    body = b'{"id":5,"status":"processing"}'
    headers = {
        "X-WC-Webhook-Topic": "order.created",
        "X-WC-Webhook-Delivery-ID": "forged-1",
        "X-WC-Webhook-Signature": signature(body, "not-the-secret"),
    }
    client = Client()
    path = f"/webhooks/{shop.channel.pk}"

    forged = client.post(path, data=body, content_type="application/json", headers=headers)
    unsigned = client.post(
        path,
        data=body,
        content_type="application/json",
        headers={k: v for k, v in headers.items() if k != "X-WC-Webhook-Signature"},
    )
    ping = client.post(
        path, data=b"webhook_id=999", content_type="application/x-www-form-urlencoded"
    )

    assert [forged.status_code, unsigned.status_code, ping.status_code] == [401, 401, 401]
    assert forged.json() == {"error": "the delivery's signature does not match this channel"}
    assert InboundEvent.objects.count() == 0


@pytest.mark.django_db(transaction=True)
def test_a_genuine_delivery_is_stored_once(shop: WooShop) -> None:
    secret = shop.store.app.consumer_secret  # the channel's key's secret signs our webhooks
    body = b'{"id":5,"email":"ann@example.com","first_name":"Ann","last_name":"Lee"}'
    headers = {
        "X-WC-Webhook-Topic": "customer.created",
        "X-WC-Webhook-Delivery-ID": "d-1",
        "X-WC-Webhook-Signature": signature(body, secret),
    }
    client = Client()
    path = f"/webhooks/{shop.channel.pk}"
    first = client.post(path, data=body, content_type="application/json", headers=headers)
    again = client.post(path, data=body, content_type="application/json", headers=headers)
    assert [first.json(), again.json()] == [{"stored": True}, {"stored": False}]
    event = InboundEvent.objects.get(event_id="d-1")
    assert (event.topic, event.kind, event.resource_id) == ("customer.created", "customer", "5")
    assert (event.processed_at is not None, event.result) == (True, "customer created")
