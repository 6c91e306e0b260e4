"""Deliveries follow the sandbox's own clock, with or without requests.

A served sandbox runs its clock work in a thread (`BackgroundServer`, `serve`); in-process
tests run the same work with `POST /__sandbox/tick` (or `clock/advance`, which ticks after
moving the clock). Retries follow Shopify's schedule; reordering depends only on the order
deliveries were published in.
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import httpx
import pytest

from sandboxes.tests.webhook_scenario import SUBSCRIBE, Delivered
from stockbridge_sandboxes.shopify import SandboxApp
from stockbridge_sandboxes.shopify.clock import Clock, FrozenClock
from stockbridge_sandboxes.shopify.seed import seed_sample
from stockbridge_sandboxes.shopify.server import BackgroundServer
from stockbridge_sandboxes.shopify.webhooks import REORDER_HOLD_SECONDS, RETRY_SCHEDULE

RUN = """mutation { bulkOperationRunQuery(query: "{ products { edges { node { id } } } }") {
  bulkOperation { id } userErrors { message } } }"""


class Failing(Delivered):
    """Answers 500 to the first `failures` deliveries, then 200."""

    def __init__(self, failures: int) -> None:
        super().__init__()
        self.failures = failures

    def __call__(self, url: str, headers: dict[str, str], body: bytes) -> int:
        super().__call__(url, headers, body)
        self.failures -= 1
        return 500 if self.failures >= 0 else 200


def _shop(transport: Delivered, *topics: str) -> tuple[SandboxApp, httpx.Client, FrozenClock]:
    clock = FrozenClock()
    app = SandboxApp(clock=clock, token="shpat_clock", webhook_transport=transport)
    seed_sample(app.store)
    for topic in topics:
        app.execute(SUBSCRIBE, {"topic": topic, "uri": "https://hooks.example/shopify"})
    http = httpx.Client(transport=httpx.WSGITransport(app=app), base_url="http://sandbox.test")
    return app, http, clock


def test_bulk_operations_finish_is_sent_on_the_clock_without_a_later_request() -> None:
    delivered = Delivered()
    app, http, clock = _shop(delivered, "BULK_OPERATIONS_FINISH")
    op_id = app.execute(RUN)["data"]["bulkOperationRunQuery"]["bulkOperation"]["id"]

    early = http.post("/__sandbox/tick").json()
    clock.advance(1)  # the operation finishes one second after creation; nothing asks
    answer = http.post("/__sandbox/tick").json()

    assert early["webhook_attempts"] == 0
    assert answer == {"now": "2026-05-28T20:26:41Z", "webhook_attempts": 1}
    [(topic, body)] = delivered.bodies
    assert (topic, body["admin_graphql_api_id"], body["status"]) == (
        "bulk_operations/finish",
        op_id,
        "completed",
    )
    assert app.store.get(op_id)["status"] == "COMPLETED"


@pytest.fixture
def receiver() -> Iterator[tuple[str, list[dict[str, object]]]]:
    received: list[dict[str, object]] = []

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers["Content-Length"]))
            received.append({"topic": self.headers["X-Shopify-Topic"], **json.loads(body)})
            self.send_response(200)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, *args: object) -> None:
            return None

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/hooks", received
    server.shutdown()
    server.server_close()


def test_a_served_sandbox_delivers_bulk_operations_finish_on_its_own(
    receiver: tuple[str, list[dict[str, object]]],
) -> None:
    url, received = receiver
    app = SandboxApp(clock=Clock(), token="shpat_served")
    seed_sample(app.store)
    app.execute(SUBSCRIBE, {"topic": "BULK_OPERATIONS_FINISH", "uri": url})

    with BackgroundServer(app) as server:
        headers = {"X-Shopify-Access-Token": "shpat_served"}
        answer = httpx.post(
            f"{server.base_url}/admin/api/2026-07/graphql.json",
            json={"query": RUN},
            headers=headers,
        ).json()
        op_id = answer["data"]["bulkOperationRunQuery"]["bulkOperation"]["id"]
        deadline = time.monotonic() + 10
        while not received and time.monotonic() < deadline:
            time.sleep(0.05)  # no request is made while waiting

    assert [(r["topic"], r["admin_graphql_api_id"], r["status"]) for r in received] == [
        ("bulk_operations/finish", op_id, "completed")
    ]


def test_a_failed_delivery_is_retried_when_the_schedule_says_so() -> None:
    failing = Failing(failures=2)
    app, http, _clock = _shop(failing, "ORDERS_CREATE")
    variant = app.store.all("ProductVariant")[0]["id"]
    http.post("/__sandbox/orders", json={"lineItems": [{"variantId": variant, "quantity": 1}]})

    attempts = [http.post("/__sandbox/tick").json()["webhook_attempts"]]
    for step in (RETRY_SCHEDULE[0] - 1, 1, RETRY_SCHEDULE[1] - 1, 1):
        answer = http.post("/__sandbox/clock/advance", json={"seconds": step}).json()
        attempts.append(answer["webhook_attempts"])

    assert attempts == [1, 0, 1, 0, 1]
    assert [d.status for d in app.webhooks.log] == ["delivered"]
    assert len({json.dumps(body) for _, body in failing.bodies}) == 1  # the original payload


def test_reorder_swaps_consecutive_deliveries_and_releases_a_lone_one_after_the_hold() -> None:
    delivered = Delivered()
    app, http, _clock = _shop(delivered, "ORDERS_CREATE")
    http.post("/__sandbox/faults", json={"webhooks": {"reorder": True}})
    variant = app.store.all("ProductVariant")[0]["id"]
    for _ in range(3):
        http.post("/__sandbox/orders", json={"lineItems": [{"variantId": variant, "quantity": 1}]})

    http.post("/__sandbox/tick")
    first = [body["name"] for _, body in delivered.bodies]
    http.post("/__sandbox/clock/advance", json={"seconds": REORDER_HOLD_SECONDS - 0.5})
    still = [body["name"] for _, body in delivered.bodies]
    http.post("/__sandbox/clock/advance", json={"seconds": 0.5})

    assert first == still == ["#1002", "#1001"]
    assert [body["name"] for _, body in delivered.bodies] == ["#1002", "#1001", "#1003"]


def test_a_delivery_says_the_version_of_its_subscription() -> None:
    recorded: list[str] = []

    def transport(url: str, headers: dict[str, str], body: bytes) -> int:
        recorded.append(headers["X-Shopify-API-Version"])
        return 200

    app = SandboxApp(clock=FrozenClock(), token="shpat_versions", webhook_transport=transport)
    seed_sample(app.store)
    for version in ("2026-01", "2026-04"):
        app.execute(
            SUBSCRIBE,
            {"topic": "ORDERS_CREATE", "uri": f"https://hooks.example/{version}"},
            version=version,
        )
    http = httpx.Client(transport=httpx.WSGITransport(app=app), base_url="http://sandbox.test")
    variant = app.store.all("ProductVariant")[0]["id"]
    http.post("/__sandbox/orders", json={"lineItems": [{"variantId": variant, "quantity": 1}]})
    http.post("/__sandbox/tick")

    assert recorded == ["2026-01", "2026-04"]


FILTERED = """mutation($uri: String!, $filter: String, $fields: [String!]) {
  webhookSubscriptionCreate(topic: PRODUCTS_UPDATE, webhookSubscription: {uri: $uri,
    filter: $filter, includeFields: $fields}) { userErrors { field message } } }"""
RETITLE = """mutation($id: ID!, $title: String!) { productUpdate(product: {id: $id, title: $title})
  { userErrors { message } } }"""


def test_a_subscription_filter_gates_deliveries_and_include_fields_narrow_them() -> None:
    received: list[tuple[str, dict[str, object]]] = []

    def transport(url: str, headers: dict[str, str], body: bytes) -> int:
        received.append((url.rsplit("/", 1)[1], json.loads(body)))
        return 200

    app = SandboxApp(clock=FrozenClock(), token="shpat_filters", webhook_transport=transport)
    seed_sample(app.store)
    for name, filter_text, fields in (
        ("pricey", "variants.price:>=20.00", None),
        ("quay", 'vendor:"Quay & Co"', ["id", "title", "variants.sku"]),
        ("lowercase", 'vendor:"quay & co"', None),
        ("nowhere", "colour:red", None),
    ):
        answer = app.execute(
            FILTERED,
            {"uri": f"https://hooks.example/{name}", "filter": filter_text, "fields": fields},
        )
        assert answer["data"]["webhookSubscriptionCreate"]["userErrors"] == []
    jacket, tote, mug = (
        next(p for p in app.store.all("Product") if p["title"] == title)
        for title in ("Harbour Rain Jacket", "Quay Canvas Tote", "Lantern Enamel Mug")
    )
    for product in (jacket, tote, mug):
        app.execute(RETITLE, {"id": product["id"], "title": product["title"] + " II"})
    app.tick()

    assert [(name, body["title"]) for name, body in received] == [
        ("pricey", "Harbour Rain Jacket II"),
        ("pricey", "Quay Canvas Tote II"),
        ("quay", "Quay Canvas Tote II"),
        ("quay", "Lantern Enamel Mug II"),
    ]
    assert received[2][1] == {
        "id": int(tote["id"].rsplit("/", 1)[1]),
        "title": "Quay Canvas Tote II",
        "variants": [{"sku": "SB-003"}],
    }
