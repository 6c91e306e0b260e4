"""Control API (shopper orders, admin actions, clock), OAuth install and token lifecycle."""

from __future__ import annotations

import hashlib
import hmac
import json
from urllib.parse import parse_qsl, urlsplit

import httpx

from sandboxes.tests.conftest import gql
from stockbridge_sandboxes.shopify import SandboxApp
from stockbridge_sandboxes.shopify.clock import FrozenClock
from stockbridge_sandboxes.shopify.oauth import query_hmac
from stockbridge_sandboxes.shopify.seed import seed_sample
from stockbridge_sandboxes.shopify.server import BackgroundServer

LEVELS = """query($id: ID!) { productVariant(id: $id) { inventoryQuantity inventoryItem {
  inventoryLevels(first: 5) { nodes { location { name }
    quantities(names: ["available", "committed", "on_hand"]) { name quantity } } } } } }"""
ORDER = """query($id: ID!) { order(id: $id) { name displayFulfillmentStatus
  displayFinancialStatus fulfillments { status trackingInfo { number company } } } }"""


def _warehouse(http: httpx.Client, variant: str) -> dict[str, int]:
    item = gql(http, LEVELS, {"id": variant}).json()["data"]["productVariant"]["inventoryItem"]
    level = item["inventoryLevels"]["nodes"][0]
    return {q["name"]: q["quantity"] for q in level["quantities"]}


def test_a_shopper_order_moves_stock_from_available_to_committed(
    sandbox: SandboxApp, http: httpx.Client
) -> None:
    seed_sample(sandbox.store)
    variant = sandbox.store.all("ProductVariant")[0]["id"]

    http.post("/__sandbox/orders", json={"lineItems": [{"variantId": variant, "quantity": 3}]})

    assert _warehouse(http, variant) == {"available": 7, "committed": 3, "on_hand": 10}


def test_fulfilling_from_the_admin_side_ships_the_committed_units(
    sandbox: SandboxApp, http: httpx.Client
) -> None:
    seed_sample(sandbox.store)
    variant = sandbox.store.all("ProductVariant")[0]["id"]
    order = http.post(
        "/__sandbox/orders", json={"lineItems": [{"variantId": variant, "quantity": 3}]}
    ).json()["id"]

    http.post(
        f"/__sandbox/orders/{order.rsplit('/', 1)[1]}/fulfil",
        json={"number": "1Z999", "company": "UPS"},
    )

    assert _warehouse(http, variant) == {"available": 7, "committed": 0, "on_hand": 7}
    assert gql(http, ORDER, {"id": order}).json()["data"]["order"] == {
        "name": "#1001",
        "displayFulfillmentStatus": "FULFILLED",
        "displayFinancialStatus": "PAID",
        "fulfillments": [
            {"status": "SUCCESS", "trackingInfo": [{"number": "1Z999", "company": "UPS"}]}
        ],
    }


def test_cancelling_with_restock_puts_the_units_back(
    sandbox: SandboxApp, http: httpx.Client
) -> None:
    seed_sample(sandbox.store)
    variant = sandbox.store.all("ProductVariant")[0]["id"]
    order = http.post(
        "/__sandbox/orders", json={"lineItems": [{"variantId": variant, "quantity": 4}]}
    ).json()["id"]

    http.post(f"/__sandbox/orders/{order.rsplit('/', 1)[1]}/cancel", json={"restock": True})

    assert _warehouse(http, variant) == {"available": 10, "committed": 0, "on_hand": 10}


def test_the_request_log_records_operations_and_costs(http: httpx.Client) -> None:
    gql(http, "query ShopName { shop { name } }")

    log = http.get("/__sandbox/log").json()["requests"]

    assert [(r["operation"], r["requestedQueryCost"], r["actualQueryCost"]) for r in log] == [
        ("ShopName", 1, 1)
    ]


def test_the_install_flow_signs_the_callback_and_exchanges_the_code(
    sandbox: SandboxApp, http: httpx.Client
) -> None:
    sandbox.credentials.redirect_urls = ("https://hub.example/callback",)
    screen = http.get(
        "/admin/oauth/authorize",
        params={
            "client_id": "sandbox-client-id",
            "scope": "read_products",
            "redirect_uri": "https://hub.example/callback",
            "state": "nonce-1",
        },
    )
    approved = http.post(str(screen.url), data={})
    callback = dict(parse_qsl(urlsplit(approved.headers["location"]).query))

    assert screen.status_code == 200
    assert b"Install app" in screen.content
    assert approved.status_code == 302
    assert callback["state"] == "nonce-1"
    assert callback["shop"] == "stockbridge-sandbox.myshopify.com"
    message = "&".join(f"{k}={v}" for k, v in sorted(callback.items()) if k != "hmac")
    assert (
        callback["hmac"]
        == hmac.new(b"sandbox-app-secret", message.encode(), hashlib.sha256).hexdigest()
    )

    token = http.post(
        "/admin/oauth/access_token",
        data={
            "client_id": "sandbox-client-id",
            "client_secret": "sandbox-app-secret",
            "code": callback["code"],
        },
    ).json()

    assert token["scope"] == "read_products"
    assert gql(http, "{ shop { name } }", token=token["access_token"]).status_code == 200


def test_the_documented_hmac_test_vector_holds() -> None:
    params = {
        "code": "0907a61c0c8d55e99db179b68161bc00",
        "shop": "some-shop.myshopify.com",
        "state": "0.6784241404160823",
        "timestamp": "1337178173",
    }

    assert query_hmac(params, "hush") == (
        "700e2dadb827fcc8609e9d5ce208b2e9cdaab9df07390d2cbca10d7c328fc4bf"
    )


def test_a_code_can_be_exchanged_only_once(sandbox: SandboxApp, http: httpx.Client) -> None:
    sandbox.credentials.redirect_urls = ("https://hub.example/cb",)
    approved = http.get(
        "/admin/oauth/authorize",
        params={
            "client_id": "sandbox-client-id",
            "redirect_uri": "https://hub.example/cb",
            "state": "s",
            "approve": "1",
        },
    )
    code = dict(parse_qsl(urlsplit(approved.headers["location"]).query))["code"]
    form = {"client_id": "sandbox-client-id", "client_secret": "sandbox-app-secret", "code": code}

    assert http.post("/admin/oauth/access_token", data=form).status_code == 200
    assert http.post("/admin/oauth/access_token", data=form).json()["error"] == "invalid_request"


def test_client_credentials_grant_issues_a_working_token(http: httpx.Client) -> None:
    token = http.post(
        "/admin/oauth/access_token",
        data={
            "grant_type": "client_credentials",
            "client_id": "sandbox-client-id",
            "client_secret": "sandbox-app-secret",
        },
    ).json()

    assert token["expires_in"] == 86399
    assert gql(http, "{ shop { name } }", token=token["access_token"]).status_code == 200


def test_a_revoked_token_gets_401_and_the_app_uninstalled_webhook_is_queued(
    sandbox: SandboxApp, http: httpx.Client
) -> None:
    gql(
        http,
        """mutation { webhookSubscriptionCreate(topic: APP_UNINSTALLED,
        webhookSubscription: {uri: "https://hub.example/hooks"}) { userErrors { message } } }""",
    )

    http.post("/__sandbox/tokens/revoke", json={"token": "shpat_test_token"})

    assert gql(http, "{ shop { name } }").status_code == 401
    assert [(d.topic, d.uri) for d in sandbox.webhooks.log] == [
        ("app/uninstalled", "https://hub.example/hooks")
    ]


def test_the_sandbox_serves_real_http_on_an_ephemeral_loopback_port() -> None:
    app = SandboxApp(token="shpat_live")
    seed_sample(app.store)
    with BackgroundServer(app) as server:
        response = httpx.post(
            f"{server.base_url}/admin/api/2026-07/graphql.json",
            json={"query": "{ productsCount { count precision } }"},
            headers={"X-Shopify-Access-Token": "shpat_live"},
        )

    assert response.json()["data"] == {"productsCount": {"count": 5, "precision": "EXACT"}}


def test_a_bulk_export_writes_jsonl_with_parent_ids(
    sandbox: SandboxApp, http: httpx.Client, clock: FrozenClock
) -> None:
    seed_sample(sandbox.store)
    run = gql(
        http,
        """mutation { bulkOperationRunQuery(groupObjects: false, query: \"\"\"
      { products(query: "title:Quay*") { edges { node { id title
          variants { edges { node { id sku } } } } } } }\"\"\") {
        bulkOperation { id status } userErrors { message } } }""",
    ).json()
    op = run["data"]["bulkOperationRunQuery"]["bulkOperation"]
    clock.advance(1)
    polled = gql(
        http,
        "query($id: ID!) { bulkOperation(id: $id) { status objectCount rootObjectCount url } }",
        {"id": op["id"]},
    ).json()["data"]["bulkOperation"]
    lines = [json.loads(x) for x in http.get(polled["url"]).text.splitlines()]

    assert op["status"] == "CREATED"
    assert (polled["status"], polled["objectCount"], polled["rootObjectCount"]) == (
        "COMPLETED",
        "2",
        "1",
    )
    product = sandbox.store.all("Product")[2]
    variant = sandbox.store.deref(product["variants"][0])
    assert variant is not None
    assert lines == [
        {"id": product["id"], "title": "Quay Canvas Tote"},
        {"id": variant["id"], "sku": "SB-003", "__parentId": product["id"]},
    ]


def test_editing_a_product_from_the_shopify_side_queues_products_update(
    sandbox: SandboxApp, http: httpx.Client
) -> None:
    seed_sample(sandbox.store)
    gql(
        http,
        """mutation { webhookSubscriptionCreate(topic: PRODUCTS_UPDATE,
        webhookSubscription: {uri: "https://hub.example/hooks"}) { userErrors { message } } }""",
    )
    product = sandbox.store.all("Product")[0]["id"]

    http.post(f"/__sandbox/products/{product.rsplit('/', 1)[1]}", json={"title": "Storm Jacket"})

    assert (sandbox.store.get(product) or {})["title"] == "Storm Jacket"
    assert [(d.topic, json.loads(d.body)["title"]) for d in sandbox.webhooks.log] == [
        ("products/update", "Storm Jacket")
    ]


def test_fault_knobs_answer_429_then_503(http: httpx.Client) -> None:
    http.post("/__sandbox/faults", json={"http_429_burst": 1, "error_rate": 1.0})

    first = gql(http, "{ shop { name } }")
    second = gql(http, "{ shop { name } }")

    assert (first.status_code, first.headers["Retry-After"]) == (429, "1.0")
    assert second.status_code == 503
    assert second.json()["errors"][0]["extensions"] == {"code": "INTERNAL_SERVER_ERROR"}
