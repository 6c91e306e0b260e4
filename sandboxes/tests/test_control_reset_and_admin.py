"""The control API: `reset` returns to a fresh install; admin actions are not the app's.

Writes made from Shopify's own admin (fulfil, cancel, refund, product edit) run the same
resolvers and send the same webhooks as the Admin API, but spend none of the app's rate
budget, are untouched by the faults injected for the app, and are not in its request log.
"""

from __future__ import annotations

from typing import Any

import httpx

from sandboxes.tests.conftest import TOKEN, gql
from sandboxes.tests.test_webhook_clock import Failing
from sandboxes.tests.webhook_scenario import SUBSCRIBE
from stockbridge_sandboxes.shopify import SandboxApp
from stockbridge_sandboxes.shopify.clock import FrozenClock
from stockbridge_sandboxes.shopify.webhooks import RETRY_SCHEDULE, WebhookFaults

SHOP = "{ shop { name } }"


def _status(http: httpx.Client) -> dict[str, Any]:
    return dict(gql(http, SHOP).json()["extensions"]["cost"]["throttleStatus"])


def test_reset_clears_faults(sandbox: SandboxApp, http: httpx.Client) -> None:
    http.post(
        "/__sandbox/faults",
        json={
            "error_rate": 1.0,
            "http_429_burst": 3,
            "throttle_burst": 2,
            "latency_ms": 5,
            "lost_answers": {"FulfillmentCreate": 2},
            "webhooks": {"duplicate": True, "reorder": True, "drop_rate": 1.0, "delay_seconds": 9},
        },
    )

    http.post("/__sandbox/reset")
    answer = gql(http, SHOP)

    assert answer.status_code == 200
    assert answer.json()["data"] == {"shop": {"name": "Stockbridge Sandbox"}}
    assert http.post("/__sandbox/faults", json={}).json() == {
        "error_rate": 0.0,
        "latency_ms": 0,
        "throttle_burst": 0,
        "http_429_burst": 0,
        "lost_answers": {},
        "webhooks": {
            "duplicate": False,
            "duplicate_rate": 0.0,
            "reorder": False,
            "drop_rate": 0.0,
            "delay_seconds": 0.0,
        },
    }
    assert sandbox.webhooks.faults == WebhookFaults()


def test_reset_forgets_issued_tokens_and_restores_the_installed_one(
    sandbox: SandboxApp, http: httpx.Client
) -> None:
    issued = sandbox.credentials.issue_token()
    http.post("/__sandbox/tokens/revoke", json={"token": TOKEN})
    assert gql(http, SHOP).status_code == 401

    http.post("/__sandbox/reset")

    assert gql(http, SHOP).status_code == 200
    assert gql(http, SHOP, token=issued).status_code == 401


def test_reset_drops_pending_deliveries_and_retries() -> None:
    failing = Failing(failures=100)
    clock = FrozenClock()
    app = SandboxApp(clock=clock, token=TOKEN, webhook_transport=failing)
    http = httpx.Client(transport=httpx.WSGITransport(app=app), base_url="http://sandbox.test")
    http.post("/__sandbox/seed", json={"sample": True})
    app.execute(SUBSCRIBE, {"topic": "ORDERS_CREATE", "uri": "https://hooks.example/o"})
    variant = app.store.all("ProductVariant")[0]["id"]
    http.post("/__sandbox/orders", json={"lineItems": [{"variantId": variant, "quantity": 1}]})
    http.post("/__sandbox/tick")
    assert (app.webhooks.pending(), len(failing.bodies)) == (1, 1)

    http.post("/__sandbox/reset")
    later = http.post("/__sandbox/clock/advance", json={"seconds": sum(RETRY_SCHEDULE)}).json()

    assert (app.webhooks.pending(), app.webhooks.log, later["webhook_attempts"]) == (0, [], 0)
    assert len(failing.bodies) == 1


def test_admin_actions_spend_none_of_the_apps_budget(
    sandbox: SandboxApp, http: httpx.Client
) -> None:
    http.post("/__sandbox/seed", json={"sample": True})
    variant = sandbox.store.all("ProductVariant")[0]["id"]
    product = sandbox.store.all("Product")[0]["id"].rsplit("/", 1)[1]
    order = http.post(
        "/__sandbox/orders", json={"lineItems": [{"variantId": variant, "quantity": 1}]}
    ).json()["id"]
    number = order.rsplit("/", 1)[1]
    before = _status(http)
    logged = len(http.get("/__sandbox/log").json()["requests"])

    edits = [http.post(f"/__sandbox/products/{product}", json={"title": f"T{n}"}) for n in range(5)]
    fulfilled = http.post(f"/__sandbox/orders/{number}/fulfil", json={})
    after = _status(http)

    assert [e.json()["data"]["productUpdate"]["userErrors"] for e in edits] == [[]] * 5
    assert fulfilled.json()["results"][0]["data"]["fulfillmentCreate"]["userErrors"] == []
    # On a frozen clock nothing is restored: between the two reads only the second read's
    # point is spent; the six admin writes (10 points each) cost the app nothing.
    assert after["currentlyAvailable"] == before["currentlyAvailable"] - 1
    assert len(http.get("/__sandbox/log").json()["requests"]) == logged + 1


def test_admin_actions_are_untouched_by_the_apps_injected_faults(
    sandbox: SandboxApp, http: httpx.Client
) -> None:
    http.post("/__sandbox/seed", json={"sample": True})
    product = sandbox.store.all("Product")[0]["id"]
    http.post(
        "/__sandbox/faults", json={"error_rate": 1.0, "http_429_burst": 1, "throttle_burst": 1}
    )

    edit = http.post(f"/__sandbox/products/{product.rsplit('/', 1)[1]}", json={"title": "Calm"})
    first, second = gql(http, SHOP), gql(http, SHOP)

    assert edit.json()["data"]["productUpdate"] == {
        "product": {"id": product, "title": "Calm"},
        "userErrors": [],
    }
    assert (first.status_code, second.status_code) == (429, 503)
