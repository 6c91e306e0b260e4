"""WooCommerce's webhooks (`../shared/channels/woocommerce/webhooks-delivery.json`): verify a
delivery, read it, subscribe to topics.

- Signature: `X-WC-Webhook-Signature` = base64(HMAC-SHA256(raw body, the webhook's secret)),
  compared in constant time before the body is read. We give every webhook we create the
  channel's `webhook_secret`, else the REST key's consumer secret, and verify with the same.
- Identity: `X-WC-Webhook-Delivery-ID` (an opaque hash per delivery) is the event id;
  `X-WC-Webhook-Topic` (`order.updated`) the topic. The body is the REST resource as `GET
  /<resource>s/<id>` answers it (`{"id": N}` for `*.deleted`); its `id` is the resource id and
  its `date_modified_gmt` (GMT without a zone) when it happened.
- Kinds: `order.*` are orders (a refund made in WooCommerce raises `order.updated`: there is
  no refund topic), `product.*` products, `customer.*` customers, anything else `other`.
- A ping (`webhook_id=<id>`, form encoded, unsigned, no `X-WC-Webhook-*` header) goes out
  when a webhook is created and must be answered 200: it is taken as genuine only when the
  store itself holds that webhook (read with the key); it is stored once per webhook.
- Subscribing creates one webhook per topic (`POST /webhooks`), or makes the one already
  delivering that topic to the URL active again with our secret (WooCommerce disables a
  webhook after repeated failed deliveries).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any

from stockbridge.channels.errors import ChannelError, Rejected
from stockbridge.channels.port import InboundEventData, InboundKind, SubscriptionResult
from stockbridge.channels.port_payload import header, json_object, signed_with
from stockbridge.channels.port_payload import signature as signature

from .client import WooClient
from .orders.values import gmt

TOPICS: Mapping[InboundKind, tuple[str, ...]] = {
    InboundKind.ORDER: ("order.created", "order.updated", "order.deleted"),
    # WooCommerce has no refund topic: a refund raises order.updated
    InboundKind.REFUND: ("order.updated",),
    InboundKind.PRODUCT: ("product.created", "product.updated", "product.deleted"),
    InboundKind.CUSTOMER: ("customer.created", "customer.updated", "customer.deleted"),
}
KIND_OF_RESOURCE = {
    "order": InboundKind.ORDER,
    "product": InboundKind.PRODUCT,
    "customer": InboundKind.CUSTOMER,
}
PING = re.compile(rb"webhook_id=(\d{1,18})")
ID_LIMIT = 200
TOPIC_LIMIT = 100
NAME = "Stockbridge"


def ping_of(headers: Mapping[str, str], raw_body: bytes) -> int | None:
    """The webhook id of a ping delivery (None when it is not one)."""
    if header(headers, "X-WC-Webhook-Signature") or header(headers, "X-WC-Webhook-Topic"):
        return None
    found = PING.fullmatch(raw_body.strip())
    return int(found.group(1)) if found else None


class WooWebhooks:
    """The `WebhookCodec` of one WooCommerce channel."""

    def __init__(self, *, secret: str, client: WooClient) -> None:
        self.secret = secret
        self.client = client

    def verify(self, headers: Mapping[str, str], raw_body: bytes) -> bool:
        ping = ping_of(headers, raw_body)
        if ping is not None:
            return self._store_holds(ping)
        return signed_with(header(headers, "X-WC-Webhook-Signature"), raw_body, [self.secret])

    def _store_holds(self, webhook_id: int) -> bool:
        try:
            found = self.client.json(self.client.get(f"/webhooks/{webhook_id}"), "a webhook")
        except ChannelError:
            return False
        return isinstance(found, dict) and found.get("id") == webhook_id

    def parse(self, headers: Mapping[str, str], raw_body: bytes) -> InboundEventData:
        ping = ping_of(headers, raw_body)
        if ping is not None:
            return InboundEventData(
                event_id=f"ping:{ping}",
                topic="ping",
                kind=InboundKind.OTHER,
                occurred_at=None,
                resource_id=str(ping),
                body={"webhook_id": ping},
            )
        topic = header(headers, "X-WC-Webhook-Topic")
        if not topic or len(topic) > TOPIC_LIMIT:
            raise Rejected("X-WC-Webhook-Topic", "is missing or too long")
        event = header(headers, "X-WC-Webhook-Delivery-ID")
        if not event or len(event) > ID_LIMIT:
            raise Rejected("X-WC-Webhook-Delivery-ID", "is missing or too long")
        body = json_object(raw_body)
        resource = body.get("id")
        return InboundEventData(
            event_id=event,
            topic=topic,
            kind=KIND_OF_RESOURCE.get(topic.partition(".")[0], InboundKind.OTHER),
            occurred_at=_modified(body),
            resource_id=str(resource)[:ID_LIMIT] if isinstance(resource, int | str) else "",
            body=body,
        )

    def subscribe(self, topics: Sequence[InboundKind], url: str) -> list[SubscriptionResult]:
        wanted: list[str] = []
        for kind in topics:
            wanted += [t for t in TOPICS.get(kind, ()) if t not in wanted]
        if not wanted:
            return []
        try:
            existing = [w for w in self.client.pages("/webhooks") if w.get("delivery_url") == url]
        except ChannelError as exc:
            return [SubscriptionResult(topic=t, ok=False, message=exc.message) for t in wanted]
        return [self._subscribe(topic, url, existing) for topic in wanted]

    def _subscribe(
        self, topic: str, url: str, existing: list[dict[str, Any]]
    ) -> SubscriptionResult:
        same = next((w for w in existing if w.get("topic") == topic), None)
        body = {"status": "active", "secret": self.secret}
        try:
            if same is not None:
                answer = self.client.call("PUT", f"/webhooks/{same['id']}", body=body)
            else:
                answer = self.client.post(
                    "/webhooks",
                    {"name": f"{NAME} {topic}", "topic": topic, "delivery_url": url, **body},
                )
            made = self.client.json(answer, "the webhook")
        except ChannelError as exc:
            return SubscriptionResult(topic=topic, ok=False, message=exc.message)
        remote = made.get("id", "") if isinstance(made, dict) else ""
        return SubscriptionResult(topic=topic, ok=True, remote_id=str(remote))


def _modified(body: Mapping[str, Any]) -> datetime | None:
    """When the resource last changed (its `date_modified_gmt`); None when absent or
    unreadable: the event is kept, only its time is unknown."""
    try:
        return gmt(body, "date_modified_gmt")
    except Rejected:
        return None
