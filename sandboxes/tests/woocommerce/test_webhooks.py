"""Webhooks as `webhooks-delivery.json` describes WooCommerce's: the signature (its test
vector), the headers, the PHP-encoded body, the ping on creation, and the auto-disable after
repeated failures."""

from __future__ import annotations

import json
from pathlib import Path

import httpx
import pytest

from stockbridge_sandboxes.woocommerce import WooSandbox
from stockbridge_sandboxes.woocommerce.seed import seed_generated
from stockbridge_sandboxes.woocommerce.webhooks import php_json, signature

from .schemas import problems


def _delivery_rules(reference: Path) -> dict[str, object]:
    rules: dict[str, object] = json.loads((reference / "webhooks-delivery.json").read_text())
    return rules


@pytest.mark.shared
def test_the_signature_test_vector_verifies(reference: Path) -> None:
    vector = _delivery_rules(reference)["signature_test_vector"]
    assert isinstance(vector, dict)
    assert signature(vector["secret"], vector["body"].encode()) == vector["signature"]


@pytest.mark.shared
def test_the_test_vector_body_is_what_php_json_encode_sends(reference: Path) -> None:
    vector = _delivery_rules(reference)["signature_test_vector"]
    assert isinstance(vector, dict)
    assert php_json(json.loads(vector["body"])) == vector["body"].encode()


class Receiver:
    def __init__(self, status: int = 200) -> None:
        self.status = status
        self.got: list[tuple[str, dict[str, str], bytes]] = []

    def __call__(self, url: str, headers: dict[str, str], body: bytes) -> int:
        self.got.append((url, headers, body))
        return self.status


@pytest.mark.shared
def test_a_stock_change_is_delivered_signed_with_the_documented_headers(
    woo: WooSandbox, api: httpx.Client, reference: Path
) -> None:
    receiver = Receiver()
    woo.outbox.transport = receiver
    [item] = seed_generated(woo.catalog, 1, stock=5)
    hook = api.post(
        "/webhooks",
        json={"topic": "product.updated", "delivery_url": "http://hub.test/in", "secret": "k3y"},
    ).json()
    api.put(f"/products/{item['id']}", json={"stock_quantity": 2})
    assert woo.pump() == 2
    (ping_url, ping_headers, ping_body), (url, headers, body) = receiver.got
    assert url == "http://hub.test/in"
    assert (ping_url, ping_body) == ("http://hub.test/in", f"webhook_id={hook['id']}".encode())
    assert not [h for h in ping_headers if h.startswith("X-WC-")]
    rules = _delivery_rules(reference)
    documented = {h["name"] for h in rules["headers"]}  # type: ignore[attr-defined]
    assert documented <= set(headers)
    assert headers["X-WC-Webhook-Topic"] == "product.updated"
    assert (headers["X-WC-Webhook-Resource"], headers["X-WC-Webhook-Event"]) == (
        "product",
        "updated",
    )
    assert headers["X-WC-Webhook-ID"] == str(hook["id"])
    assert headers["X-WC-Webhook-Source"] == "http://woo.sandbox.test/"
    assert headers["User-Agent"] == "WooCommerce/9.8.5 Hookshot (WordPress/6.8.1)"
    assert headers["X-WC-Webhook-Signature"] == signature("k3y", body)
    assert b"\\/" in body and b"http://" not in body
    sent = json.loads(body)
    assert (sent["id"], sent["stock_quantity"], sent["stock_status"]) == (item["id"], 2, "instock")
    assert problems(reference, "product", "response", sent) == []


def test_deleted_resources_are_delivered_as_their_id(woo: WooSandbox, api: httpx.Client) -> None:
    receiver = Receiver()
    woo.outbox.transport = receiver
    [item] = seed_generated(woo.catalog, 1)
    api.post("/webhooks", json={"topic": "product.deleted", "delivery_url": "http://hub.test/d"})
    api.delete(f"/products/{item['id']}", params={"force": "true"})
    woo.pump()
    assert receiver.got[-1][2] == f'{{"id":{item["id"]}}}'.encode()


def test_a_webhook_is_disabled_when_a_failure_comes_after_more_than_five(
    woo: WooSandbox, api: httpx.Client
) -> None:
    receiver = Receiver(status=500)
    woo.outbox.transport = receiver
    [item] = seed_generated(woo.catalog, 1)
    hook = api.post(
        "/webhooks", json={"topic": "product.updated", "delivery_url": "http://hub.test/x"}
    ).json()
    woo.pump()  # the ping: its failure is reported, never counted
    statuses = []
    for n in range(8):
        api.put(f"/products/{item['id']}", json={"stock_quantity": n})
        woo.pump()
        statuses.append(api.get(f"/webhooks/{hook['id']}").json()["status"])
    assert statuses == ["active"] * 6 + ["disabled", "disabled"]
    assert len(receiver.got) == 1 + 7  # nothing is sent to a disabled webhook
    api.put(f"/webhooks/{hook['id']}", json={"status": "active"})
    receiver.status = 302
    api.put(f"/products/{item['id']}", json={"stock_quantity": 1})
    woo.pump()
    assert api.get(f"/webhooks/{hook['id']}").json()["status"] == "active"
    assert woo.outbox.failures[hook["id"]] == 0


def test_a_paused_webhook_is_not_delivered(woo: WooSandbox, api: httpx.Client) -> None:
    receiver = Receiver()
    woo.outbox.transport = receiver
    [item] = seed_generated(woo.catalog, 1)
    hook = api.post(
        "/webhooks", json={"topic": "product.updated", "delivery_url": "http://hub.test/p"}
    ).json()
    api.put(f"/webhooks/{hook['id']}", json={"status": "paused"})
    api.put(f"/products/{item['id']}", json={"stock_quantity": 3})
    woo.pump()
    assert [g[2] for g in receiver.got] == [f"webhook_id={hook['id']}".encode()]
