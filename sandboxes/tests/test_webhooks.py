"""Webhooks delivered for real: signed REST payloads, retries on Shopify's schedule, faults."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import httpx
import pytest

from sandboxes.tests.conftest import gql
from stockbridge_sandboxes.shopify import SandboxApp
from stockbridge_sandboxes.shopify.clock import FrozenClock
from stockbridge_sandboxes.shopify.seed import seed_sample
from stockbridge_sandboxes.shopify.webhooks import RETRY_SCHEDULE

SUBSCRIBE = """mutation($topic: WebhookSubscriptionTopic!, $uri: String!) {
  webhookSubscriptionCreate(topic: $topic, webhookSubscription: {uri: $uri}) {
    webhookSubscription { id topic uri } userErrors { field message } } }"""


@dataclass
class Receiver:
    """A real HTTP endpoint on loopback that records what it receives."""

    url: str = ""
    received: list[tuple[dict[str, str], bytes]] = field(default_factory=list)
    fail_next: int = 0


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    state = Receiver()

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers["Content-Length"]))
            state.received.append(({k.lower(): v for k, v in self.headers.items()}, body))
            status = 500 if state.fail_next > 0 else 200
            state.fail_next = max(0, state.fail_next - 1)
            self.send_response(status)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, *args: object) -> None:
            return None

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    state.url = f"http://127.0.0.1:{server.server_address[1]}/webhooks"
    yield state
    server.shutdown()
    server.server_close()


def _subscribe(http: httpx.Client, receiver: Receiver, topic: str = "ORDERS_CREATE") -> str:
    body = gql(http, SUBSCRIBE, {"topic": topic, "uri": receiver.url}).json()
    assert body["data"]["webhookSubscriptionCreate"]["userErrors"] == []
    return str(body["data"]["webhookSubscriptionCreate"]["webhookSubscription"]["id"])


def _place_order(sandbox: SandboxApp, http: httpx.Client, quantity: int = 2) -> str:
    variant = sandbox.store.all("ProductVariant")[0]["id"]
    response = http.post(
        "/__sandbox/orders",
        json={
            "lineItems": [{"variantId": variant, "quantity": quantity}],
            "email": "shopper@example.com",
        },
    )
    return str(response.json()["id"])


def _expected_hmac(body: bytes, secret: str) -> str:
    return base64.b64encode(hmac.new(secret.encode(), body, hashlib.sha256).digest()).decode()


def test_a_subscribed_endpoint_receives_orders_create_with_a_valid_hmac(
    sandbox: SandboxApp, http: httpx.Client, receiver: Receiver
) -> None:
    seed_sample(sandbox.store)
    _subscribe(http, receiver)

    order_id = _place_order(sandbox, http)
    sandbox.webhooks.pump()

    assert len(receiver.received) == 1
    headers, body = receiver.received[0]
    assert headers["x-shopify-topic"] == "orders/create"
    assert headers["x-shopify-shop-domain"] == "stockbridge-sandbox.myshopify.com"
    assert headers["x-shopify-api-version"] == "2026-07"
    assert headers["x-shopify-hmac-sha256"] == _expected_hmac(body, "sandbox-app-secret")
    payload = json.loads(body)
    assert payload["admin_graphql_api_id"] == order_id
    assert payload["name"] == "#1001"
    assert [(line["sku"], line["quantity"]) for line in payload["line_items"]] == [("SB-001-1", 2)]


def test_a_forged_body_fails_verification_with_the_documented_algorithm(
    sandbox: SandboxApp, http: httpx.Client, receiver: Receiver
) -> None:
    seed_sample(sandbox.store)
    _subscribe(http, receiver)
    _place_order(sandbox, http)
    sandbox.webhooks.pump()
    headers, body = receiver.received[0]

    forged = body.replace(b'"quantity":2', b'"quantity":20')

    assert forged != body
    assert not hmac.compare_digest(
        _expected_hmac(forged, "sandbox-app-secret"), headers["x-shopify-hmac-sha256"]
    )
    assert hmac.compare_digest(
        _expected_hmac(body, "sandbox-app-secret"), headers["x-shopify-hmac-sha256"]
    )


def test_with_duplicate_and_reorder_faults_each_event_arrives_twice_and_out_of_order(
    sandbox: SandboxApp, http: httpx.Client, receiver: Receiver
) -> None:
    seed_sample(sandbox.store)
    _subscribe(http, receiver)
    http.post("/__sandbox/faults", json={"webhooks": {"duplicate": True, "reorder": True}})

    for _ in range(4):
        _place_order(sandbox, http, quantity=1)
    one, two, three, four = [d.event_id for d in sandbox.webhooks.log]
    sandbox.webhooks.pump()

    arrived = [headers["x-shopify-event-id"] for headers, _ in receiver.received]
    # Consecutive deliveries are swapped in pairs, each sent twice: the order depends only
    # on the order of publication, not on when the pump runs.
    assert arrived == [two, two, one, one, four, four, three, three]


def test_a_duplicate_rate_sends_that_share_of_deliveries_twice(
    sandbox: SandboxApp, http: httpx.Client, receiver: Receiver
) -> None:
    seed_sample(sandbox.store)
    _subscribe(http, receiver)
    answer = http.post("/__sandbox/faults", json={"webhooks": {"duplicate_rate": 0.3}})
    assert answer.json()["webhooks"]["duplicate_rate"] == 0.3

    for _ in range(6):
        _place_order(sandbox, http, quantity=1)
    sandbox.webhooks.pump()

    twice = [d for d in sandbox.webhooks.log if len(d.responses) == 2]
    once = [d for d in sandbox.webhooks.log if len(d.responses) == 1]
    assert (len(twice) + len(once), len(received := receiver.received)) == (
        6,
        6 + len(twice),
    )
    assert 1 <= len(twice) <= 4, received  # about 30% of 6, from the seeded random


def test_a_failed_delivery_is_retried_on_the_schedule_with_the_same_payload(
    sandbox: SandboxApp, http: httpx.Client, receiver: Receiver, clock: FrozenClock
) -> None:
    seed_sample(sandbox.store)
    _subscribe(http, receiver)
    receiver.fail_next = 1
    _place_order(sandbox, http)

    sandbox.webhooks.pump()
    clock.advance(RETRY_SCHEDULE[0] - 1)
    early = sandbox.webhooks.pump()
    clock.advance(1)
    sandbox.webhooks.pump()

    assert early == 0
    assert len(receiver.received) == 2
    assert receiver.received[0][1] == receiver.received[1][1]
    assert (
        receiver.received[0][0]["x-shopify-webhook-id"]
        == receiver.received[1][0]["x-shopify-webhook-id"]
    )
    assert sandbox.webhooks.log[0].status == "delivered"


def test_after_eight_failed_retries_the_subscription_is_deleted(
    sandbox: SandboxApp, http: httpx.Client, receiver: Receiver, clock: FrozenClock
) -> None:
    seed_sample(sandbox.store)
    subscription = _subscribe(http, receiver)
    receiver.fail_next = 100
    _place_order(sandbox, http)

    sandbox.webhooks.pump()
    for delay in RETRY_SCHEDULE:
        clock.advance(delay)
        sandbox.webhooks.pump()

    assert len(receiver.received) == 9
    assert sum(RETRY_SCHEDULE) == 13900  # about four hours
    assert sandbox.store.get(subscription) is None
    assert sandbox.webhooks.log[0].status == "failed"


def test_an_order_edit_commit_sends_orders_edited_with_the_quantity_changes(
    sandbox: SandboxApp, http: httpx.Client, receiver: Receiver
) -> None:
    seed_sample(sandbox.store)
    _subscribe(http, receiver, "ORDERS_EDITED")
    order_id = _place_order(sandbox, http, quantity=3)
    begin = """mutation($id: ID!) { orderEditBegin(id: $id) { calculatedOrder { id
      lineItems(first: 5) { nodes { id } } } } }"""
    calc = gql(http, begin, {"id": order_id}).json()["data"]["orderEditBegin"]["calculatedOrder"]
    line = calc["lineItems"]["nodes"][0]["id"]
    set_quantity = """mutation($id: ID!, $line: ID!) { orderEditSetQuantity(id: $id,
      lineItemId: $line, quantity: 1) { userErrors { message } } }"""
    gql(http, set_quantity, {"id": calc["id"], "line": line})
    commit = """mutation($id: ID!) { orderEditCommit(id: $id, notifyCustomer: true,
      staffNote: "two fewer") { userErrors { message } } }"""
    assert gql(http, commit, {"id": calc["id"]}).json()["data"]["orderEditCommit"] == {
        "userErrors": []
    }

    sandbox.webhooks.pump()

    [(headers, body)] = receiver.received
    assert headers["x-shopify-topic"] == "orders/edited"
    edit = json.loads(body)["order_edit"]
    assert edit["order_id"] == int(order_id.rsplit("/", 1)[1])
    assert (edit["notify_customer"], edit["staff_note"]) == (True, "two fewer")
    assert edit["line_items"] == {
        "additions": [],
        "removals": [{"id": int(line.rsplit("/", 1)[1]), "delta": 2}],
    }
