"""The BigCommerce sandbox driven as a connector would, every answer checked against
BigCommerce's own OpenAPI documents, and every route the sandbox serves walked."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from stockbridge_sandboxes.bigcommerce import BigCommerceApp
from stockbridge_sandboxes.bigcommerce.store import Clock

from .reference import check

NOW = 1_796_600_000.0
V3 = "/stores/sandbox1/v3"
V2 = "/stores/sandbox1/v2"


@pytest.fixture
def store() -> BigCommerceApp:
    return BigCommerceApp(clock=Clock(NOW))


@pytest.fixture
def http(store: BigCommerceApp) -> Iterator[httpx.Client]:
    transport = httpx.WSGITransport(app=store)
    headers = {"X-Auth-Token": store.token, "Accept": "application/json"}
    with httpx.Client(transport=transport, base_url="http://bc.test", headers=headers) as c:
        yield c


class Walk:
    """Calls the store and checks each answer against the documented schema; remembers which
    (method, version, path template) were exercised."""

    def __init__(self, http: httpx.Client, shared: Path) -> None:
        self.http, self.shared, self.seen = http, shared, set()

    def __call__(self, method: str, path: str, body: Any = None, status: int = 200) -> Any:
        answer = self.http.request(method, path, json=body)
        assert answer.status_code == status, answer.text
        bare = path.split("?")[0]
        version, rest = bare.split("/")[3], "/" + "/".join(bare.split("/")[4:])
        self.seen.add((method, version, rest))
        if answer.status_code == 204:
            return None
        payload = answer.json()
        check(self.shared, method, rest, status, payload)
        return payload


def _seed(walk: Walk) -> dict[str, Any]:
    warehouse = walk("POST", f"{V3}/inventory/locations",
                     [{"label": "Leeds warehouse", "code": "LEEDS"}])["data"][0]  # fmt: skip
    tee = walk("POST", f"{V3}/catalog/products", {
        "name": "Nidd Cotton Tee", "type": "physical", "weight": 0.2, "price": 25,
        "sku": "NCT", "inventory_tracking": "variant",
        "variants": [
            {"sku": "NCT-S-WHT", "price": 25, "option_values": [
                {"option_display_name": "Size", "label": "S"},
                {"option_display_name": "Colour", "label": "White"}]},
            {"sku": "NCT-M-WHT", "price": 25, "option_values": [
                {"option_display_name": "Size", "label": "M"},
                {"option_display_name": "Colour", "label": "White"}]},
        ],
    })["data"]  # fmt: skip
    return {"warehouse": warehouse, "tee": tee}


def test_catalog_inventory_orders_and_hooks_answer_as_documented(
    store: BigCommerceApp, http: httpx.Client, shared_dir: Path
) -> None:
    walk = Walk(http, shared_dir)
    seeded = _seed(walk)
    tee, warehouse = seeded["tee"], seeded["warehouse"]
    assert [v["sku"] for v in tee["variants"]] == ["NCT-S-WHT", "NCT-M-WHT"]
    assert tee["base_variant_id"] is None  # a product with options sells its variants only
    small = tee["variants"][0]

    options = walk("GET", f"{V3}/catalog/products/{tee['id']}/options")["data"]
    assert [(o["display_name"], [v["label"] for v in o["option_values"]]) for o in options] == [
        ("Size", ["S", "M"]),
        ("Colour", ["White"]),
    ]
    walk("GET", f"{V3}/catalog/products/{tee['id']}?include=variants")
    walk("PUT", f"{V3}/catalog/products/{tee['id']}", {"price": 27})
    assert tee["custom_url"] == {"url": "/nidd-cotton-tee/", "is_customized": False}
    fields = walk("PUT", f"{V3}/catalog/products/{tee['id']}", {
        "custom_url": {"url": "/nidd-tee/", "is_customized": True}, "page_title": "Nidd tee",
        "custom_fields": [{"name": "Fabric", "value": "Cotton"}], "brand_name": "Nidd",
    })["data"]["custom_fields"]  # fmt: skip
    changed = walk("PUT", f"{V3}/catalog/products/{tee['id']}", {
        "custom_fields": [{"id": fields[0]["id"], "name": "Fabric", "value": "Linen"}]})  # fmt: skip
    assert [(f["name"], f["value"]) for f in changed["data"]["custom_fields"]] == [
        ("Fabric", "Linen")]  # fmt: skip
    found = walk("GET", f"{V3}/catalog/products?name=Nidd%20Cotton%20Tee&include=custom_fields")
    assert [p["custom_url"]["url"] for p in found["data"]] == ["/nidd-tee/"]
    large = walk("POST", f"{V3}/catalog/products/{tee['id']}/variants", {
        "sku": "NCT-L-WHT", "price": 25, "option_values": [
            {"option_display_name": "Size", "label": "L"},
            {"option_display_name": "Colour", "label": "White"}]})["data"]  # fmt: skip
    made = walk("POST", f"{V3}/catalog/variants/metafields", [{
        "resource_id": large["id"], "namespace": "custom", "key": "fit", "value": "Slim",
        "permission_set": "write_and_sf_access"}])["data"]  # fmt: skip
    walk("PUT", f"{V3}/catalog/variants/metafields", [{"id": made[0]["id"], "value": "Loose"}])
    listed = walk("GET", f"{V3}/catalog/variants/metafields?resource_id:in={large['id']}")
    assert [(m["key"], m["value"]) for m in listed["data"]] == [("fit", "Loose")]
    walk("GET", f"{V3}/catalog/products/{tee['id']}/variants")
    walk("PUT", f"{V3}/catalog/variants", [{"id": small["id"], "price": 26.5}])
    variants = walk("GET", f"{V3}/catalog/variants?limit=1&page=2")
    assert variants["meta"]["pagination"] == {
        "total": 3, "count": 1, "per_page": 1, "current_page": 2, "total_pages": 3,
        "links": {"current": "?page=2&limit=1", "previous": "?page=1&limit=1",
                  "next": "?page=3&limit=1"},
    }  # fmt: skip

    walk("GET", f"{V3}/inventory/locations")
    walk("PUT", f"{V3}/inventory/adjustments/absolute", {"reason": "count", "items": [
        {"location_id": 1, "variant_id": small["id"], "quantity": 9},
        {"location_id": warehouse["id"], "sku": "NCT-S-WHT", "quantity": 4},
    ]})  # fmt: skip
    walk("POST", f"{V3}/inventory/adjustments/relative", {"reason": "return", "items": [
        {"location_id": warehouse["id"], "variant_id": small["id"], "quantity": 2},
    ]})  # fmt: skip
    items = walk("GET", f"{V3}/inventory/items?variant_id:in={small['id']}")["data"]
    assert [(loc["location_code"], loc["available_to_sell"]) for loc in items[0]["locations"]] == [
        ("BC-LOCATION-1", 9),
        ("LEEDS", 6),
    ]
    walk("GET", f"{V3}/inventory/locations/{warehouse['id']}/items")
    assert walk("GET", f"{V3}/catalog/products")["data"][0]["inventory_level"] == 15

    hook = walk("POST", f"{V3}/hooks", {
        "scope": "store/order/created", "destination": "https://hub.test/webhooks/3",
        "is_active": True, "headers": {"X-Hub-Secret": "s3cret"},
    })["data"]  # fmt: skip
    walk("GET", f"{V3}/hooks")
    walk("GET", f"{V3}/hooks/{hook['id']}")

    [ada] = walk("POST", f"{V3}/customers", [{
        "email": "ada@example.com", "first_name": "Ada", "last_name": "Lovelace",
        "addresses": [{"first_name": "Ada", "last_name": "Lovelace", "address1": "1 Quay St",
                       "city": "Leeds", "country_code": "GB", "postal_code": "LS1 1AA"}],
    }])["data"]  # fmt: skip
    found = walk("GET", f"{V3}/customers?id:in={ada['id']}&include=addresses")["data"]
    assert [(c["email"], c["addresses"][0]["city"]) for c in found] == [
        ("ada@example.com", "Leeds")]  # fmt: skip
    assert walk("GET", f"{V2}/orders", status=204) is None  # v2: an empty page is 204
    placed = http.post("/__sandbox/orders", json={"lines": [{"sku": "NCT-S-WHT", "quantity": 3}]})
    order_id = placed.json()["id"]
    order = walk("GET", f"{V2}/orders/{order_id}")
    assert (order["status_id"], order["total_inc_tax"], order["items_total"]) == (11, "79.5000", 3)
    walk("GET", f"{V2}/orders")
    lines = walk("GET", f"{V2}/orders/{order_id}/products")
    assert walk("GET", f"{V2}/orders/{order_id}/shipments", status=204) is None
    walk("POST", f"{V2}/orders/{order_id}/shipments", {
        "order_address_id": order_id, "tracking_number": "1Z999", "tracking_carrier": "ups",
        "items": [{"order_product_id": lines[0]["id"], "quantity": 1}],
    }, status=201)  # fmt: skip
    assert walk("GET", f"{V2}/orders/{order_id}")["status"] == "Partially Shipped"
    shipped = walk("GET", f"{V2}/orders/{order_id}/shipments")
    walk("PUT", f"{V2}/orders/{order_id}/shipments/{shipped[0]['id']}", {
        "tracking_number": "1Z998", "tracking_carrier": "ups"})  # fmt: skip
    since = "Mon, 01 Jan 2024 00:00:00 +0000"
    assert [o["id"] for o in walk("GET", f"{V2}/orders?min_date_modified={since}&"
                                  "sort=date_modified:asc")] == [order_id]  # fmt: skip
    assert walk("GET", f"{V2}/orders?status_id=5", status=204) is None
    [address] = walk("GET", f"{V2}/orders/{order_id}/shipping_addresses")
    assert (address["id"], address["items_shipped"]) == (lines[0]["order_address_id"], 1)
    assert walk("GET", f"{V2}/orders/{order_id}/coupons", status=204) is None
    assert walk("GET", f"{V2}/orders/{order_id}/taxes", status=204) is None
    items = [{"item_type": "PRODUCT", "item_id": lines[0]["id"], "quantity": 1}]
    quote = walk("POST", f"{V3}/orders/{order_id}/payment_actions/refund_quotes",
                 {"items": items}, status=201)["data"]  # fmt: skip
    assert (quote["total_refund_amount"], quote["refund_methods"][0][0]["provider_id"]) == (
        26.5, "testgateway")  # fmt: skip
    refund = walk("POST", f"{V3}/orders/{order_id}/payment_actions/refunds", {
        "items": items, "reason": "damaged",
        "payments": [{"provider_id": "testgateway", "amount": 26.5, "offline": False}],
    }, status=201)["data"]  # fmt: skip
    assert walk("GET", f"{V3}/orders/{order_id}/payment_actions/refunds")["data"] == [refund]
    cancelled = walk("PUT", f"{V2}/orders/{order_id}", {"status_id": 5})
    assert (cancelled["status"], cancelled["refunded_amount"]) == ("Cancelled", "26.5000")
    walk("DELETE", f"{V3}/hooks/{hook['id']}")
    walk("DELETE", f"{V3}/catalog/products/{tee['id']}", status=204)

    info = http.get(f"{V2}/store").json()  # no schema is published for it: its modeled fields
    assert (info["name"], info["currency"], info["plan_name"]) == (
        "Sandbox Store",
        "USD",
        "Standard",
    )
    walk.seen.add(("GET", "v2", "/store"))
    served = {(m, v, p.pattern.replace(r"(\d+)", "{id}")) for m, v, p, _ in store.routes}
    walked = {
        (m, v, "/".join("{id}" if part.isdigit() else part for part in p.split("/")))
        for m, v, p in walk.seen
    }  # fmt: skip
    assert served - walked == set()


def test_sent_deliveries_are_light_callbacks_with_the_hook_s_headers(
    store: BigCommerceApp, http: httpx.Client
) -> None:
    http.post(f"{V3}/catalog/products", json={
        "name": "Mug", "type": "physical", "weight": 0.4, "price": 9, "sku": "MUG",
    })  # fmt: skip
    http.put(f"{V3}/inventory/adjustments/absolute", json={
        "items": [{"location_id": 1, "sku": "MUG", "quantity": 5}]})  # fmt: skip
    http.post(f"{V3}/hooks", json={"scope": "store/order/created",
              "destination": "https://hub.test/in", "headers": {"X-Hub-Secret": "s3cret"}})  # fmt: skip
    order_id = http.post(
        "/__sandbox/orders", json={"lines": [{"sku": "MUG", "quantity": 1}]}
    ).json()["id"]
    received: list[tuple[str, dict[str, Any], dict[str, str]]] = []
    answers = iter([503, 200])

    def send(url: str, body: bytes, headers: dict[str, str]) -> int:
        received.append((url, json.loads(body), headers))
        return next(answers)

    assert store.deliveries.pump(send) == 0  # refused: kept for the next pump
    assert store.deliveries.pump(send) == 1
    url, payload, headers = received[1]
    assert url == "https://hub.test/in"
    assert headers["X-Hub-Secret"] == "s3cret"
    assert set(payload) == {"scope", "store_id", "data", "hash", "created_at", "producer"}
    assert (payload["scope"], payload["data"], payload["producer"]) == (
        "store/order/created",
        {"type": "order", "id": order_id},
        "stores/sandbox1",
    )


def test_errors_auth_and_rate_limits(store: BigCommerceApp, http: httpx.Client) -> None:
    body = {"name": "Mug", "type": "physical", "weight": 0.4, "price": 9, "sku": "MUG"}
    assert http.post(f"{V3}/catalog/products", json=body).status_code == 200
    clash = http.post(f"{V3}/catalog/products", json={**body, "name": "Other mug"})
    assert (clash.status_code, clash.json()["title"]) == (
        409, "The product variant SKU MUG is a duplicate")  # fmt: skip
    invalid = http.post(f"{V3}/catalog/products", json={"name": "x", "type": "boat", "price": -1})
    assert invalid.status_code == 422
    assert invalid.json()["errors"] == {
        "weight": "weight is required", "type": "type must be physical or digital",
        "price": "price must be a number of at least 0",
    }  # fmt: skip
    anonymous = http.get(f"{V3}/catalog/products", headers={"X-Auth-Token": "wrong"})
    assert anonymous.status_code == 401
    v2_missing = http.get(f"{V2}/orders/999")
    assert v2_missing.json() == [
        {"status": 404, "message": "The requested resource was not found."}
    ]

    store.store.clock.fixed = NOW + 30  # a new window of `quota` requests
    answers = [http.get(f"{V3}/inventory/locations") for _ in range(store.quota + 1)]
    assert answers[-1].status_code == 429
    assert answers[-1].headers["X-Rate-Limit-Requests-Left"] == "0"
    assert answers[-2].status_code == 200
    assert int(answers[-1].headers["X-Rate-Limit-Time-Reset-Ms"]) == 30_000
    store.store.clock.fixed = NOW + 60
    assert http.get(f"{V3}/inventory/locations").status_code == 200


def test_faults_are_set_one_by_one_and_the_platform_failures_count_down(
    store: BigCommerceApp, http: httpx.Client
) -> None:
    """`POST /__sandbox/faults` sets what it names and keeps the rest; the next N customer
    creations fail (each one spent), and while the tax service is down every refund answers
    503 (an unknown order still 404) and quotes are still made."""
    faults = http.post("/__sandbox/faults", json={"status": 500, "every": 3, "after": True})
    assert faults.json() == {"status": 500, "every": 3, "after": True,
                             "customer_create_failures": 0, "tax_service_down": False}  # fmt: skip
    faults = http.post("/__sandbox/faults", json={"every": 0, "customer_create_failures": 2})
    assert faults.json() == {"status": 500, "every": 0, "after": True,
                             "customer_create_failures": 2, "tax_service_down": False}  # fmt: skip
    asked = [{"email": "ann@example.com", "first_name": "Ann", "last_name": "Lee"}]
    answers = [http.post(f"{V3}/customers", json=asked) for _ in range(3)]
    assert [a.status_code for a in answers] == [422, 422, 200]
    assert answers[0].json()["errors"] == {".customer_create": "Error creating customers"}
    assert [c["email"] for c in http.get(f"{V3}/customers").json()["data"]] == ["ann@example.com"]
    assert http.post("/__sandbox/faults", json={}).json()["customer_create_failures"] == 0

    seeded = http.post("/__sandbox/seed", json={
        "products": [{"id": 1, "name": "Mug", "sku": "MUG", "price": 9, "inventory_level": 5}],
    })  # fmt: skip
    assert seeded.status_code == 200, seeded.text
    placed = http.post("/__sandbox/orders", json={
        "lines": [{"sku": "MUG", "quantity": 1}], "email": "ann@example.com",
        "first_name": "Ann", "last_name": "Lee", "shipping_cost": 10,
    })  # fmt: skip
    assert placed.status_code == 201, placed.text
    order_id = placed.json()["id"]
    assert http.post("/__sandbox/faults", json={"tax_service_down": True}).status_code == 200
    body = {
        "items": [{"item_type": "SHIPPING", "item_id": 0, "amount": 4}],
        "payments": [{"provider_id": "testgateway", "amount": 4, "offline": False}],
    }
    refused = http.post(f"{V3}/orders/{order_id}/payment_actions/refunds", json=body)
    assert (refused.status_code, refused.json()) == (503, {
        "data": [{"order_id": order_id, "status": 503, "error": "Tax service gone away"}],
        "meta": {},
    })  # fmt: skip
    missing = http.post(f"{V3}/orders/999/payment_actions/refunds", json=body)
    assert missing.status_code == 404
    quote = http.post(f"{V3}/orders/{order_id}/payment_actions/refund_quotes", json=body)
    assert (quote.status_code, quote.json()["data"]["total_refund_amount"]) == (201, 4)
    assert http.get(f"{V3}/orders/{order_id}/payment_actions/refunds").json()["data"] == []
