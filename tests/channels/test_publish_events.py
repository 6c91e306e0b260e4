"""Product events from Shopify (products/create|update|delete webhooks) against published
products: our own push echoed back changes nothing, an edit made in the store updates the hub
(fields per the mapping template), a deletion there removes only the links."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from decimal import Decimal
from typing import Any
from urllib.parse import urlsplit

import pytest
from django.test import Client

from stockbridge.catalog.models import Product
from stockbridge.channels import services
from stockbridge.channels.access import seal
from stockbridge.channels.models import Channel, Listing
from stockbridge.channels.port import Credentials, InboundKind
from stockbridge.sync.models import InboundEvent
from stockbridge_sandboxes.shopify.webhook_bodies import product_body
from stockbridge_sandboxes.shopify.webhooks import sign
from tests.channels.publishing import channel_for, jacket, publish, season
from tests.support.shopify_stores import Store, Stores, routed_stores

pytestmark = pytest.mark.django_db(transaction=True)

HUB = "https://hub.example.com"
DELETE = """mutation($id: ID!) { productDelete(input: {id: $id}) { userErrors { message } } }"""
PRICE = """mutation($p: ID!, $v: [ProductVariantsBulkInput!]!) {
  productVariantsBulkUpdate(productId: $p, variants: $v) { userErrors { message } } }"""


@pytest.fixture
def stores(channel_fanout: None) -> Iterator[Stores]:
    yield from routed_stores()


def deliver_to(client: Client) -> Callable[[str, dict[str, str], bytes], int]:
    def transport(url: str, headers: dict[str, str], body: bytes) -> int:
        rest = {k: v for k, v in headers.items() if k != "Content-Type"}
        answer = client.post(
            urlsplit(url).path, data=body, content_type=headers["Content-Type"], headers=rest
        )
        return int(answer.status_code)

    return transport


def subscribed(store: Store) -> Channel:
    channel = channel_for(store)
    secret = store.app.credentials.client_secret
    channel.credentials = seal(Credentials(access_token=store.token, webhook_secret=secret))
    channel.save()
    store.app.webhooks.transport = deliver_to(Client())
    results = services.subscribe_webhooks(
        channel=channel, base_url=HUB, kinds=[InboundKind.PRODUCT]
    )
    assert [(r.topic, r.ok) for r in results] == [
        ("products/create", True),
        ("products/update", True),
        ("products/delete", True),
    ]
    return channel


def events() -> list[tuple[str, str]]:
    return list(InboundEvent.objects.order_by("id").values_list("topic", "result"))


def deliver(store: Store) -> None:
    store.control("webhooks/deliver")


@pytest.fixture
def published(stores: Stores) -> dict[str, Any]:
    store = stores.add("events")
    season("SS27")
    product = jacket(attributes=1)
    channel = subscribed(store)
    publish(channel)
    deliver(store)
    listing = Listing.objects.filter(channel=channel).order_by("id").first()
    assert listing is not None
    return {"store": store, "channel": channel, "product": product, "listing": listing}


def test_our_own_push_echoed_back_changes_nothing(published: dict[str, Any]) -> None:
    assert events() == [("products/create", "our own write echoed back: nothing applied")]
    product = Product.objects.get(pk=published["product"].pk)
    assert product.title == "Harbour Jacket"


def test_an_edit_in_the_store_updates_the_hub(published: dict[str, Any]) -> None:
    store, listing = published["store"], published["listing"]
    store.control(
        f"products/{listing.remote_product_id.rsplit('/', 1)[1]}",
        {"title": "Harbour Jacket (store edit)"},
    )
    store.gql(
        PRICE,
        {
            "p": listing.remote_product_id,
            "v": [{"id": listing.remote_variant_id, "price": "51.00"}],
        },
    )
    deliver(store)

    assert events()[1:] == [
        ("products/update", "updated here: title"),
        ("products/update", f"updated here: {listing.variant.sku}.price"),
    ]
    product = Product.objects.get(pk=published["product"].pk)
    assert product.title == "Harbour Jacket (store edit)"
    listing.variant.refresh_from_db()
    assert listing.variant.price == Decimal("51.00")


def test_a_deletion_in_the_store_removes_only_the_links(published: dict[str, Any]) -> None:
    store, listing = published["store"], published["listing"]
    store.gql(DELETE, {"id": listing.remote_product_id})
    deliver(store)

    assert events()[1:] == [
        (
            "products/delete",
            "2 listing(s) unlinked: deleted in the channel: only the link is removed",
        )
    ]
    assert set(
        Listing.objects.filter(channel=published["channel"]).values_list("status", flat=True)
    ) == {"removed"}
    assert Product.objects.filter(pk=published["product"].pk).exists()


def test_an_event_older_than_the_last_one_applied_changes_nothing(
    published: dict[str, Any],
) -> None:
    store, listing, channel = published["store"], published["listing"], published["channel"]
    product = store.app.store.get(listing.remote_product_id)
    assert product is not None
    stale = product_body(store.app.store, product)
    stale["title"] = "An old title"
    stale["updated_at"] = "2020-01-01T00:00:00Z"
    body = json.dumps(stale).encode()
    answer = Client().post(
        f"/webhooks/{channel.pk}",
        data=body,
        content_type="application/json",
        headers={
            "X-Shopify-Topic": "products/update",
            "X-Shopify-Event-Id": "stale-1",
            "X-Shopify-Hmac-Sha256": sign(body, store.app.credentials.client_secret),
        },
    )

    assert answer.status_code == 200
    assert events()[-1] == (
        "products/update",
        "older than the last change applied: nothing applied",
    )
    assert Product.objects.get(pk=published["product"].pk).title == "Harbour Jacket"
