"""BigCommerce's webhooks (v3 hooks): light callbacks, checked by a secret header, read,
subscribed.

- Authenticity: BigCommerce signs nothing. Each hook is created with custom `headers` that
  BigCommerce sends back with every callback; the connector sets `X-Stockbridge-Hook-Secret`
  to the channel's secret (its `webhook_secret`, else one derived from its access token by
  HMAC-SHA256, so it changes when the token does) and compares it in constant time. A
  delivery without it, or with another value, is forged.
- Identity: the payload's `hash` (the SHA-1 of the payload BigCommerce computes) with its
  `scope`: a redelivery carries the same; without a hash, `scope:data.id:created_at`. Two
  changes of one resource in the same second under one scope are one callback at
  BigCommerce too; the scheduled Get Orders catches up anything a callback never brought.
- The payload names its resource only (`data.type`, `data.id`): the handlers fetch it
  (`order_from_event` reads the order, `refund_from_event` the refund of
  `data.refund.refund_id`, `customer_from_event` the customer).
- Subscriptions: one hook per scope (`POST /v3/hooks`); a hook of the same scope and
  destination is kept when its headers are ours, else replaced."""

from __future__ import annotations

import hashlib
import hmac
import json
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime
from typing import Any

from stockbridge.channels.errors import ChannelError, Rejected
from stockbridge.channels.port import InboundEventData, InboundKind, SubscriptionResult

from .client import BigCommerceClient
from .errors import excerpt

HEADER = "X-Stockbridge-Hook-Secret"
SCOPES: Mapping[InboundKind, tuple[str, ...]] = {
    InboundKind.APP_UNINSTALLED: ("store/app/uninstalled",),
    InboundKind.ORDER: (
        "store/order/created",
        "store/order/updated",
        "store/order/statusUpdated",
    ),
    InboundKind.REFUND: ("store/order/refund/created",),
    InboundKind.PRODUCT: (
        "store/product/created",
        "store/product/updated",
        "store/product/deleted",
    ),
    InboundKind.CUSTOMER: ("store/customer/created", "store/customer/updated"),
}
KIND_OF_SCOPE = {scope: kind for kind, scopes in SCOPES.items() for scope in scopes}
ID_LIMIT = 200
SCOPE_LIMIT = 100


def secret_for(access_token: str, webhook_secret: str | None) -> str:
    """The channel's hook secret: its own `webhook_secret`, else derived from its token."""
    if webhook_secret:
        return webhook_secret
    if not access_token:
        return ""
    digest = hmac.new(access_token.encode(), b"stockbridge bigcommerce hooks", hashlib.sha256)
    return digest.hexdigest()


class BigCommerceWebhooks:
    """The `WebhookCodec` of one BigCommerce channel."""

    def __init__(self, *, secret: str, client: BigCommerceClient) -> None:
        self.secret = secret
        self.client = client

    def verify(self, headers: Mapping[str, str], raw_body: bytes) -> bool:
        lowered = {str(k).lower(): str(v).strip() for k, v in headers.items()}
        given = lowered.get(HEADER.lower(), "")
        if not self.secret or not given:
            return False
        return hmac.compare_digest(given.encode(), self.secret.encode())

    def parse(self, headers: Mapping[str, str], raw_body: bytes) -> InboundEventData:
        try:
            body = json.loads(raw_body)
        except (UnicodeDecodeError, ValueError) as exc:
            raise Rejected("body", "is not JSON", excerpt=excerpt(repr(raw_body[:200]))) from exc
        if not isinstance(body, dict):
            raise Rejected("body", "is not a JSON object", excerpt=excerpt(repr(raw_body[:200])))
        scope = body.get("scope")
        if not isinstance(scope, str) or not scope or len(scope) > SCOPE_LIMIT:
            raise Rejected("scope", "is missing or too long")
        data = body.get("data")
        ident = data.get("id") if isinstance(data, dict) else None
        resource = str(ident) if isinstance(ident, int | str) and ident != "" else ""
        created = body.get("created_at")
        digest = body.get("hash")
        if isinstance(digest, str) and digest and len(digest) <= ID_LIMIT:
            event = f"{scope}:{digest}"
        elif resource and isinstance(created, int):
            event = f"{scope}:{resource}:{created}"
        else:
            raise Rejected("hash", "is missing, and so are data.id and created_at")
        return InboundEventData(
            event_id=event,
            topic=scope,
            kind=KIND_OF_SCOPE.get(scope, InboundKind.OTHER),
            occurred_at=_when(created),
            resource_id=resource[:ID_LIMIT],
            body=body,
        )

    def subscribe(self, topics: Sequence[InboundKind], url: str) -> list[SubscriptionResult]:
        try:
            hooks = list(self.client.pages("/hooks"))
        except ChannelError as exc:
            return [
                SubscriptionResult(topic=s, ok=False, message=exc.message)
                for kind in topics
                for s in SCOPES.get(kind, ())
            ]
        return [
            self._subscribe(scope, url, hooks) for kind in topics for scope in SCOPES.get(kind, ())
        ]

    def _subscribe(self, scope: str, url: str, hooks: list[Any]) -> SubscriptionResult:
        ours = {HEADER: self.secret}
        try:
            for hook in hooks:
                if hook.get("scope") != scope or hook.get("destination") != url:
                    continue
                if hook.get("headers") == ours and hook.get("is_active"):
                    return SubscriptionResult(topic=scope, ok=True, remote_id=str(hook["id"]))
                self.client.call("DELETE", f"/hooks/{hook['id']}")
            body = {"scope": scope, "destination": url, "is_active": True, "headers": ours}
            made = self.client.json(self.client.call("POST", "/hooks", body=body), "the hook")
        except ChannelError as exc:
            return SubscriptionResult(topic=scope, ok=False, message=exc.message)
        return SubscriptionResult(topic=scope, ok=True, remote_id=str(made["data"]["id"]))


def _when(created: Any) -> datetime | None:
    if isinstance(created, bool) or not isinstance(created, int):
        return None
    try:
        return datetime.fromtimestamp(created, UTC)
    except (OverflowError, OSError, ValueError):
        return None
