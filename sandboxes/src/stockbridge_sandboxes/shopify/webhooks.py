"""Webhook delivery: REST-shaped JSON to subscribed endpoints, signed, retried, with faults.

Each merchant action yields one event id; each subscription gets one delivery (webhook id)
for it. A delivery is POSTed with Shopify's headers and `X-Shopify-Hmac-Sha256` =
base64(HMAC-SHA256(app secret, raw body)). A non-2xx answer (or no answer) is retried on
Shopify's schedule, 8 retries over about 4 hours; after the last failure an API-created
subscription is deleted (API-NOTES §2.8). Faults (duplicates, reordering, drops, delays) are
knobs for tests and demos. A subscription's `filter` and `includeFields` decide whether it
gets a delivery and what its body holds (`webhook_selection.py`).

Deliveries are due at times on the sandbox clock and go out in (due time, publication order)
whenever `pump` runs: the delivery thread of a served sandbox runs it several times a second,
in-process tests run it through the control API (`tick`, `clock/advance`). What goes out, and
in which order, depends only on the sandbox clock, never on when the pump happens to run:
with `reorder` on, each delivery is held until the next one is published and the two go out
swapped (a delivery left alone goes out `REORDER_HOLD_SECONDS` later).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import random
import threading
import urllib.error
import urllib.request
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from stockbridge_sandboxes.shopify.clock import Clock
from stockbridge_sandboxes.shopify.store import Store
from stockbridge_sandboxes.shopify.webhook_selection import narrowed, passes

# Seconds after each failed attempt: 8 retries spread over about four hours.
RETRY_SCHEDULE = (10, 30, 60, 300, 900, 1800, 3600, 7200)
# How long a reordered delivery waits for a later one to overtake it.
REORDER_HOLD_SECONDS = 5.0
Transport = Callable[[str, dict[str, str], bytes], int]

TOPICS = {
    "PRODUCTS_CREATE": "products/create",
    "PRODUCTS_UPDATE": "products/update",
    "PRODUCTS_DELETE": "products/delete",
    "ORDERS_CREATE": "orders/create",
    "ORDERS_UPDATED": "orders/updated",
    "ORDERS_CANCELLED": "orders/cancelled",
    "ORDERS_PAID": "orders/paid",
    "ORDERS_FULFILLED": "orders/fulfilled",
    "ORDERS_PARTIALLY_FULFILLED": "orders/partially_fulfilled",
    "ORDERS_EDITED": "orders/edited",
    "ORDERS_DELETE": "orders/delete",
    "REFUNDS_CREATE": "refunds/create",
    "INVENTORY_LEVELS_UPDATE": "inventory_levels/update",
    "INVENTORY_LEVELS_CONNECT": "inventory_levels/connect",
    "INVENTORY_LEVELS_DISCONNECT": "inventory_levels/disconnect",
    "INVENTORY_ITEMS_CREATE": "inventory_items/create",
    "INVENTORY_ITEMS_UPDATE": "inventory_items/update",
    "INVENTORY_ITEMS_DELETE": "inventory_items/delete",
    "FULFILLMENTS_CREATE": "fulfillments/create",
    "FULFILLMENTS_UPDATE": "fulfillments/update",
    "LOCATIONS_CREATE": "locations/create",
    "CUSTOMERS_CREATE": "customers/create",
    "CUSTOMERS_UPDATE": "customers/update",
    "CUSTOMERS_DELETE": "customers/delete",
    "APP_UNINSTALLED": "app/uninstalled",
    "APP_SCOPES_UPDATE": "app/scopes_update",
    "SHOP_UPDATE": "shop/update",
    "BULK_OPERATIONS_FINISH": "bulk_operations/finish",
}


def _version(subscription: dict[str, Any], fallback: str) -> str:
    """The version that serialises a subscription's payloads: its own (the app's configured
    webhook version, else the version of the request that created it), else `fallback`."""
    api = subscription.get("apiVersion")
    handle = api.get("handle") if isinstance(api, dict) else None
    return str(handle) if isinstance(handle, str) and handle else fallback


def sign(body: bytes, secret: str) -> str:
    return base64.b64encode(hmac.new(secret.encode(), body, hashlib.sha256).digest()).decode()


def verify(body: bytes, secret: str, header: str) -> bool:
    """The documented check a receiver makes (constant-time compare of the base64 digest)."""
    return hmac.compare_digest(sign(body, secret), header or "")


def http_transport(url: str, headers: dict[str, str], body: bytes) -> int:
    """POST with Shopify's 5 s budget; any answer but 2xx (or none: 0) counts as failure."""
    if not url.startswith(("http://", "https://")):
        return 0
    request = urllib.request.Request(url, data=body, headers=headers, method="POST")  # noqa: S310
    try:
        with urllib.request.urlopen(request, timeout=5) as response:  # noqa: S310
            return int(response.status)
    except urllib.error.HTTPError as exc:
        return int(exc.code)
    except (urllib.error.URLError, TimeoutError, ConnectionError, OSError):
        return 0


@dataclass
class WebhookFaults:
    duplicate: bool = False
    duplicate_rate: float = 0.0  # share of deliveries sent twice (when `duplicate` is off)
    reorder: bool = False
    drop_rate: float = 0.0
    delay_seconds: float = 0.0


@dataclass
class Delivery:
    webhook_id: str
    event_id: str
    topic: str
    uri: str
    body: bytes
    headers: dict[str, str]
    subscription_id: str
    due: float
    seq: float = 0.0  # publication order; deliveries due at once go out in this order
    attempts: int = 0
    status: str = "pending"  # pending, delivered, failed, dropped
    responses: list[int] = field(default_factory=list)


class WebhookDispatcher:
    def __init__(
        self,
        store: Store,
        clock: Clock,
        secret: Callable[[], str],
        transport: Transport | None = None,
        seed: int = 7,
    ) -> None:
        self.store = store
        self.clock = clock
        self.secret = secret
        self.transport = transport or http_transport
        self.seed = seed
        self.lock = threading.Lock()
        self.reset()

    def reset(self) -> None:
        """No pending deliveries or retries, an empty log, no faults."""
        with self.lock:
            self.faults = WebhookFaults()
            self.random = random.Random(self.seed)
            self.queue: list[Delivery] = []
            self.log: list[Delivery] = []
            self.published = 0
            self.held: Delivery | None = None

    def publish(self, topic: str, payload: dict[str, Any], api_version: str) -> list[Delivery]:
        """Queue one delivery per subscription to `topic`; all share one event id."""
        event_id = str(uuid.uuid4())
        triggered = datetime.fromtimestamp(self.clock.now(), UTC).isoformat()
        made = []
        for sub in self.store.all("WebhookSubscription"):
            if TOPICS.get(str(sub.get("topic")), str(sub.get("topic"))) != topic:
                continue
            uri = str(sub.get("uri") or sub.get("callbackUrl") or "")
            if not uri.startswith("http") or not passes(payload, sub.get("filter")):
                continue
            body = json.dumps(
                narrowed(payload, sub.get("includeFields")), separators=(",", ":")
            ).encode()
            webhook_id = str(uuid.uuid4())
            headers = {
                "Content-Type": "application/json",
                "X-Shopify-Topic": topic,
                "X-Shopify-Hmac-Sha256": sign(body, self.secret()),
                "X-Shopify-Shop-Domain": self.store.shop_domain,
                "X-Shopify-API-Version": _version(sub, api_version),
                "X-Shopify-Webhook-Id": webhook_id,
                "X-Shopify-Event-Id": event_id,
                "X-Shopify-Triggered-At": triggered,
            }
            if sub.get("name"):
                headers["X-Shopify-Name"] = str(sub["name"])
            delivery = Delivery(
                webhook_id,
                event_id,
                topic,
                uri,
                body,
                headers,
                sub["id"],
                self.clock.now() + self.faults.delay_seconds,
            )
            made.append(delivery)
        with self.lock:
            for delivery in made:
                self.published += 1
                delivery.seq = float(self.published)
                if self.faults.reorder:
                    self._reorder(delivery)
            self.queue.extend(made)
            self.log.extend(made)
        return made

    def _reorder(self, delivery: Delivery) -> None:
        """Hold `delivery` back until the next one is published, then let that one go first."""
        held = self.held
        if held is None:
            delivery.due += REORDER_HOLD_SECONDS
            self.held = delivery
            return
        held.due = delivery.due
        held.seq = delivery.seq + 0.5
        self.held = None

    def pump(self) -> int:
        """Send every delivery that is due now; returns how many attempts were made."""
        now = self.clock.now()
        with self.lock:
            due = sorted((d for d in self.queue if d.due <= now), key=lambda d: (d.due, d.seq))
            self.queue = [d for d in self.queue if d.due > now]
            if self.held is not None and self.held.due <= now:
                self.held = None
        attempts = 0
        for delivery in due:
            if self.faults.drop_rate and self.random.random() < self.faults.drop_rate:
                delivery.status = "dropped"
                continue
            twice = self.faults.duplicate or (
                self.faults.duplicate_rate > 0 and self.random.random() < self.faults.duplicate_rate
            )
            copies = 2 if twice else 1
            ok = False
            for _ in range(copies):
                status = self.transport(delivery.uri, dict(delivery.headers), delivery.body)
                delivery.responses.append(status)
                attempts += 1
                ok = ok or 200 <= status < 300
            self._settle(delivery, ok)
        return attempts

    def _settle(self, delivery: Delivery, ok: bool) -> None:
        if ok:
            delivery.status = "delivered"
            return
        delivery.attempts += 1
        if delivery.attempts > len(RETRY_SCHEDULE):
            delivery.status = "failed"
            self.store.delete(delivery.subscription_id)
            return
        delivery.due = self.clock.now() + RETRY_SCHEDULE[delivery.attempts - 1]
        with self.lock:
            self.queue.append(delivery)

    def pending(self) -> int:
        with self.lock:
            return len(self.queue)
