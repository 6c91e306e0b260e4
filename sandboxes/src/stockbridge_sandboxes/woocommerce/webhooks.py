"""Webhooks as WooCommerce delivers them (`WC_Webhook`): a JSON POST of the resource as the
REST API answers it (`{"id": N}` for `*.deleted`), PHP-`json_encode`d (`/` sent as `\\/`),
signed `X-WC-Webhook-Signature` = base64 HMAC-SHA256 of the raw body with the webhook's
secret, with the topic, resource, event, id, delivery id and source headers. A ping
(`webhook_id=<id>`, form encoded, no `X-WC-Webhook-*` headers) goes out when a webhook is
created. A delivery answered 200-302 resets the webhook's failure count; any other answer (or
none) counts a failure, and a failure arriving when more than 5 are already counted disables
the webhook. Deliveries happen after the request that caused them (`pump`)."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import secrets
import threading
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from .store import Store

Transport = Callable[[str, dict[str, str], bytes], int]
MAX_FAILURES = 5
TOPICS = {
    "coupon": ("created", "updated", "deleted", "restored"),
    "customer": ("created", "updated", "deleted"),
    "order": ("created", "updated", "deleted", "restored"),
    "product": ("created", "updated", "deleted", "restored", "published"),
}
# WC_Webhook::get_default_topic_hooks, the WordPress actions behind each topic
HOOKS = {
    "coupon.created": ["woocommerce_process_shop_coupon_meta", "woocommerce_new_coupon"],
    "coupon.updated": ["woocommerce_process_shop_coupon_meta", "woocommerce_update_coupon"],
    "coupon.deleted": ["wp_trash_post"],
    "coupon.restored": ["untrashed_post"],
    "customer.created": [
        "user_register",
        "woocommerce_created_customer",
        "woocommerce_new_customer",
    ],
    "customer.updated": ["profile_update", "woocommerce_update_customer"],
    "customer.deleted": ["delete_user"],
    "order.created": ["woocommerce_new_order"],
    "order.updated": ["woocommerce_update_order", "woocommerce_order_refunded"],
    "order.deleted": ["wp_trash_post"],
    "order.restored": ["untrashed_post"],
    "product.created": [
        "woocommerce_process_product_meta",
        "woocommerce_new_product",
        "woocommerce_new_product_variation",
    ],
    "product.updated": [
        "woocommerce_process_product_meta",
        "woocommerce_update_product",
        "woocommerce_update_product_variation",
    ],
    "product.deleted": ["wp_trash_post"],
    "product.restored": ["untrashed_post"],
    "product.published": ["woocommerce_product_published"],
}


def signature(secret: str, body: bytes) -> str:
    return base64.b64encode(hmac.new(secret.encode(), body, hashlib.sha256).digest()).decode()


def php_json(payload: Any) -> bytes:
    """What `wp_json_encode` sends with default flags: compact, `/` escaped, non-ASCII as
    \\uXXXX."""
    return (
        json.dumps(payload, separators=(",", ":"), ensure_ascii=True).replace("/", "\\/").encode()
    )


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None


def http_transport(url: str, headers: dict[str, str], body: bytes) -> int:
    """POST with WooCommerce's 60 s budget, following no redirect; no answer is 0."""
    if not url.startswith(("http://", "https://")):
        return 0
    opener = urllib.request.build_opener(_NoRedirect)
    request = urllib.request.Request(url, data=body, headers=headers, method="POST")  # noqa: S310
    try:
        with opener.open(request, timeout=60) as response:
            return int(response.status)
    except urllib.error.HTTPError as exc:
        return int(exc.code)
    except (urllib.error.URLError, TimeoutError, ConnectionError, OSError):
        return 0


@dataclass
class Delivery:
    webhook_id: int
    topic: str
    body: bytes
    ping: bool = False


@dataclass
class Outbox:
    store: Store
    transport: Transport = http_transport
    pending: list[Delivery] = field(default_factory=list)
    log: list[dict[str, Any]] = field(default_factory=list)
    secrets: dict[int, str] = field(default_factory=dict)
    failures: dict[int, int] = field(default_factory=dict)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def reset(self) -> None:
        self.pending.clear()
        self.log.clear()
        self.secrets.clear()
        self.failures.clear()

    def created(self, webhook: dict[str, Any], secret: str | None) -> None:
        self.secrets[webhook["id"]] = secret or secrets.token_urlsafe(24)
        self.failures[webhook["id"]] = 0
        self.pending.append(
            Delivery(
                webhook["id"], webhook["topic"], f"webhook_id={webhook['id']}".encode(), ping=True
            )
        )

    def event(self, topic: str, payload: dict[str, Any]) -> None:
        """Queue `topic` (e.g. "product.updated") for every active webhook subscribed to it."""
        body = php_json(payload)
        for webhook in self.store.webhooks.values():
            if webhook["status"] == "active" and webhook["topic"] == topic:
                self.pending.append(Delivery(webhook["id"], topic, body))

    def headers(self, delivery: Delivery) -> dict[str, str]:
        site = self.store.site
        agent = f"WooCommerce/{site.wc_version} Hookshot (WordPress/{site.wp_version})"
        if delivery.ping:
            return {"User-Agent": agent, "Content-Type": "application/x-www-form-urlencoded"}
        resource, _, event = delivery.topic.partition(".")
        delivery_id = hashlib.md5(  # wp_hash(webhook id . time): opaque
            f"{delivery.webhook_id}{self.store.clock.now()}{len(self.log)}".encode(),
            usedforsecurity=False,
        ).hexdigest()
        return {
            "User-Agent": agent,
            "Content-Type": "application/json",
            "X-WC-Webhook-Source": site.home_url.rstrip("/") + "/",
            "X-WC-Webhook-Topic": delivery.topic,
            "X-WC-Webhook-Resource": resource,
            "X-WC-Webhook-Event": event,
            "X-WC-Webhook-Signature": signature(
                self.secrets.get(delivery.webhook_id, ""), delivery.body
            ),
            "X-WC-Webhook-ID": str(delivery.webhook_id),
            "X-WC-Webhook-Delivery-ID": delivery_id,
        }

    def take(self) -> list[tuple[Delivery, str, dict[str, str]]]:
        """The due deliveries with their URL and headers (under the app's lock)."""
        due, self.pending = self.pending, []
        ready = []
        for delivery in due:
            webhook = self.store.webhooks.get(delivery.webhook_id)
            if webhook is None or (webhook["status"] != "active" and not delivery.ping):
                continue
            ready.append((delivery, webhook["delivery_url"], self.headers(delivery)))
        return ready

    def send(self, ready: list[tuple[Delivery, str, dict[str, str]]]) -> list[tuple[Delivery, int]]:
        """Make the deliveries (outside the app's lock: the receiver may call back)."""
        return [(d, self.transport(url, headers, d.body)) for d, url, headers in ready]

    def settle(self, outcomes: list[tuple[Delivery, int]]) -> None:
        for delivery, status in outcomes:
            webhook = self.store.webhooks.get(delivery.webhook_id)
            ok = status == 200 if delivery.ping else (200 <= status < 300 or status in (301, 302))
            self.log.append(
                {
                    "webhook_id": delivery.webhook_id,
                    "topic": "ping" if delivery.ping else delivery.topic,
                    "status": status,
                    "ok": ok,
                }
            )
            if webhook is None or delivery.ping:
                continue
            if ok:
                self.failures[delivery.webhook_id] = 0
            elif self.failures.get(delivery.webhook_id, 0) > MAX_FAILURES:
                webhook["status"] = "disabled"
            else:
                self.failures[delivery.webhook_id] = self.failures.get(delivery.webhook_id, 0) + 1
