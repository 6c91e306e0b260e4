"""Webhooks v3: subscriptions by scope, and light callbacks delivered to their destination:
`{"scope", "store_id", "data": {"type", "id"}, "hash", "created_at", "producer"}` with the
subscription's own headers (BigCommerce signs nothing: a receiver checks its custom headers).
A delivery that fails is retried; a hook failing for long is deactivated."""

from __future__ import annotations

import hashlib
import json
import urllib.error
import urllib.request
from collections.abc import Callable
from typing import Any

from .answers import StoreError
from .store import Doc, Store

SCOPES = (
    "store/order/created",
    "store/order/updated",
    "store/order/statusUpdated",
    "store/order/refund/created",
    "store/product/created",
    "store/product/updated",
    "store/product/deleted",
    "store/product/inventory/updated",
    "store/sku/inventory/updated",
    "store/customer/created",
    "store/customer/updated",
    "store/shipment/created",
    "store/app/uninstalled",
)
GIVE_UP_AFTER = 10  # failed deliveries in a row before a hook is deactivated


def create(store: Store, body: Any, store_hash: str) -> Doc:
    if not isinstance(body, dict):
        raise StoreError(422, "JSON data is missing or invalid")
    errors = {}
    for name in ("scope", "destination"):
        if name not in body:
            errors[name] = "error.path.missing."  # as BigCommerce words a missing field
    if "scope" in body and body["scope"] not in SCOPES:
        errors["scope"] = "unknown scope"
    destination = body.get("destination")
    if "destination" in body and (
        not isinstance(destination, str) or not destination.startswith(("https://", "http://"))
    ):
        errors["destination"] = "must be a URL"
    headers = body.get("headers") or {}
    if not isinstance(headers, dict) or not all(isinstance(v, str) for v in headers.values()):
        errors["headers"] = "must be an object of strings"
    if errors:
        raise StoreError(422, "JSON data is missing or invalid", errors)
    now = int(store.clock.time())
    hook = {
        "id": store.next_id("hook"),
        "client_id": "sandbox-client",
        "store_hash": store_hash,
        "scope": body["scope"],
        "destination": destination,
        "headers": headers,
        "is_active": bool(body.get("is_active", True)),
        "created_at": now,
        "updated_at": now,
    }
    store.hooks[hook["id"]] = hook
    return hook


def hook(store: Store, hook_id: int) -> Doc:
    found = store.hooks.get(hook_id)
    if found is None:
        raise StoreError(404, f"Webhook with id [{hook_id}] not found")
    return found


class Deliveries:
    """Callbacks waiting to go out; `pump(send)` sends what is due (tests call it, or a thread)."""

    def __init__(self) -> None:
        self.queue: list[tuple[Doc, dict[str, Any]]] = []
        self.failures: dict[int, int] = {}
        self.sent: list[dict[str, Any]] = []

    def emit(
        self,
        store: Store,
        store_hash: str,
        scope: str,
        kind: str,
        ident: int,
        extra: dict[str, Any] | None = None,
    ) -> None:
        """Queue the light callback of `scope` about resource `ident` for each active hook of
        that scope; `hash` is the SHA-1 of the payload's JSON, as documented."""
        for subscription in store.hooks.values():
            if subscription["scope"] == scope and subscription["is_active"]:
                payload: dict[str, Any] = {
                    "scope": scope,
                    "store_id": "1001",
                    "data": {"type": kind, "id": ident, **(extra or {})},
                    "created_at": int(store.clock.time()),
                    "producer": f"stores/{store_hash}",
                }
                text = json.dumps(payload, sort_keys=True).encode()
                payload["hash"] = hashlib.sha1(text, usedforsecurity=False).hexdigest()
                self.queue.append((subscription, payload))

    def pump(self, send: Callable[[str, bytes, dict[str, str]], int]) -> int:
        """Send each queued callback; a non-2xx answer keeps it queued. Answers how many went."""
        waiting, self.queue = self.queue, []
        delivered = 0
        for subscription, payload in waiting:
            body = json.dumps(payload).encode()
            headers = {"Content-Type": "application/json", **subscription["headers"]}
            try:
                status = send(subscription["destination"], body, headers)
            except OSError:
                status = 0
            if 200 <= status < 300:
                delivered += 1
                self.failures[subscription["id"]] = 0
                self.sent.append(payload)
                continue
            failures = self.failures.get(subscription["id"], 0) + 1
            self.failures[subscription["id"]] = failures
            if failures >= GIVE_UP_AFTER:
                subscription["is_active"] = False
            else:
                self.queue.append((subscription, payload))
        return delivered


def post(url: str, body: bytes, headers: dict[str, str]) -> int:
    """Deliver one callback over HTTP (the control API's `POST /__sandbox/deliveries`)."""
    request = urllib.request.Request(url, data=body, headers=headers, method="POST")  # noqa: S310
    try:
        with urllib.request.urlopen(request, timeout=10) as answer:  # noqa: S310
            return int(answer.status)
    except urllib.error.HTTPError as exc:
        return int(exc.code)
