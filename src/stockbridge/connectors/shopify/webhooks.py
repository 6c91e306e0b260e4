"""Shopify's webhooks (API-NOTES §2.8): verify a delivery, read it, subscribe to topics.

- Signature: `X-Shopify-Hmac-Sha256` = base64(HMAC-SHA256(secret, raw body)), compared in
  constant time before the body is read. The secret is the app's client secret (OAuth
  installs); a custom app connected by token signs with its own API secret key, which the
  channel stores as its `webhook_secret`.
- Identity: `X-Shopify-Event-Id` is shared by every delivery of one event (retries and
  duplicates included); `X-Shopify-Webhook-Id` (unique per delivery) stands in when it is
  absent. The event id is kept with its topic (`orders/create:<id>`), so two topics raised by
  one merchant action are two events, never one swallowing the other.
- `X-Shopify-Topic` names the topic (`orders/create`), `X-Shopify-Triggered-At` when it
  happened (ISO 8601). The body is the REST resource as JSON; its `id` is the resource id.
- Subscriptions are shop-specific: one `webhookSubscriptionCreate` per topic.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import UTC, datetime

from stockbridge.channels.errors import ChannelError, Rejected
from stockbridge.channels.port import (
    InboundEventData,
    InboundKind,
    RemoteProduct,
    SubscriptionResult,
)
from stockbridge.channels.port_payload import header, json_object, signed_with
from stockbridge.channels.port_payload import signature as signature
from stockbridge.channels.port_publish import ProductEvent

from . import product_events
from .client import ShopifyClient

# the engine's kinds -> Shopify's topics (enum as subscribed, wire form as delivered)
TOPICS: Mapping[InboundKind, tuple[tuple[str, str], ...]] = {
    InboundKind.APP_UNINSTALLED: (("APP_UNINSTALLED", "app/uninstalled"),),
    InboundKind.ORDER: (
        ("ORDERS_CREATE", "orders/create"),
        ("ORDERS_UPDATED", "orders/updated"),
        ("ORDERS_CANCELLED", "orders/cancelled"),
        ("ORDERS_FULFILLED", "orders/fulfilled"),
    ),
    InboundKind.REFUND: (("REFUNDS_CREATE", "refunds/create"),),
    InboundKind.PRODUCT: (
        ("PRODUCTS_CREATE", "products/create"),
        ("PRODUCTS_UPDATE", "products/update"),
        ("PRODUCTS_DELETE", "products/delete"),
    ),
    InboundKind.CUSTOMER: (
        ("CUSTOMERS_CREATE", "customers/create"),
        ("CUSTOMERS_UPDATE", "customers/update"),
    ),
}
KIND_OF_TOPIC = {wire: kind for kind, pairs in TOPICS.items() for _enum, wire in pairs}
ID_LIMIT = 200
TOPIC_LIMIT = 100


class ShopifyWebhooks:
    """The `WebhookCodec` of one Shopify channel."""

    def __init__(self, *, secrets: Sequence[str], client: ShopifyClient) -> None:
        self.secrets = tuple(s for s in secrets if s)
        self.client = client

    def verify(self, headers: Mapping[str, str], raw_body: bytes) -> bool:
        return signed_with(header(headers, "X-Shopify-Hmac-Sha256"), raw_body, self.secrets)

    def parse(self, headers: Mapping[str, str], raw_body: bytes) -> InboundEventData:
        topic = header(headers, "X-Shopify-Topic")
        if not topic or len(topic) > TOPIC_LIMIT:
            raise Rejected("X-Shopify-Topic", "is missing or too long")
        event = header(headers, "X-Shopify-Event-Id") or header(headers, "X-Shopify-Webhook-Id")
        if not event or len(event) > ID_LIMIT:
            raise Rejected("X-Shopify-Event-Id", "is missing or too long")
        body = json_object(raw_body)
        resource = body.get("id")
        return InboundEventData(
            event_id=f"{topic}:{event}",
            topic=topic,
            kind=KIND_OF_TOPIC.get(topic, InboundKind.OTHER),
            occurred_at=_triggered_at(header(headers, "X-Shopify-Triggered-At")),
            resource_id=str(resource)[:ID_LIMIT] if isinstance(resource, int | str) else "",
            body=body,
        )

    def read_product_event(self, topic: str, body: Mapping[str, object]) -> ProductEvent:
        return product_events.read(topic, body)

    def created_product(self, topic: str, body: Mapping[str, object]) -> RemoteProduct | None:
        return product_events.created_product(topic, body)

    def subscribe(self, topics: Sequence[InboundKind], url: str) -> list[SubscriptionResult]:
        results = []
        for kind in topics:
            for enum, wire in TOPICS.get(kind, ()):
                results.append(self._subscribe(enum, wire, url))
        return results

    def _subscribe(self, enum: str, wire: str, url: str) -> SubscriptionResult:
        try:
            data = self.client.execute("webhook_subscription_create", {"topic": enum, "uri": url})
        except ChannelError as exc:
            return SubscriptionResult(topic=wire, ok=False, message=exc.message)
        payload = data.get("webhookSubscriptionCreate") or {}
        errors = payload.get("userErrors") or []
        if errors:
            message = "; ".join(str(e.get("message", "")) for e in errors)
            return SubscriptionResult(topic=wire, ok=False, message=message[:500])
        created = payload.get("webhookSubscription") or {}
        return SubscriptionResult(topic=wire, ok=True, remote_id=str(created.get("id", "")))


def _triggered_at(text: str) -> datetime | None:
    """`X-Shopify-Triggered-At` as an aware UTC time (None when absent or unreadable: the
    event is kept, only its time is unknown)."""
    if not text:
        return None
    try:
        value = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return None
    if value.tzinfo is None:
        return None
    return value.astimezone(UTC)
