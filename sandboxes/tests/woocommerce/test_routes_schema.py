"""Every route the sandbox serves answers bodies valid against the reference's JSON Schema of
its resource (`response`, `list_response` or `batch_response`), and every error is the
documented envelope. The walk covers `rest.SERVED` whole."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import httpx
import pytest

from stockbridge_sandboxes.woocommerce import WooSandbox
from stockbridge_sandboxes.woocommerce.rest import SERVED
from stockbridge_sandboxes.woocommerce.seed import seed_documents, seed_generated

from .conftest import example
from .schemas import problems

pytestmark = pytest.mark.shared

STEMS = {
    "products": "product",
    "variations": "product_variation",
    "orders": "order",
    "refunds": "order_refund",
    "customers": "customer",
    "webhooks": "webhook",
    # order notes: the reference carries no schema for them (checked field by field below)
    "notes": "",
}
NOTE_FIELDS = ["id", "author", "date_created", "date_created_gmt", "note", "customer_note"]


def _pattern(method: str, path: str) -> tuple[str, str]:
    return method, re.sub(r"/\d+", "/{id}", path.split("?")[0])


def _shape(path: str, method: str) -> tuple[str, str]:
    parts = [p for p in path.split("?")[0].split("/") if p and not p.isdigit()]
    stem = STEMS[parts[-2] if parts[-1] == "batch" else parts[-1]]
    if parts[-1] == "batch":
        return stem, "batch_response"
    listing = method == "GET" and not re.search(r"/\d+$", path.split("?")[0])
    return stem, "list_response" if listing else "response"


class Walk:
    def __init__(self, api: httpx.Client, reference: Path) -> None:
        self.api = api
        self.reference = reference
        self.seen: set[tuple[str, str]] = set()
        self.failures: list[str] = []

    def __call__(self, method: str, path: str, body: Any = None, status: int = 200) -> Any:
        answer = self.api.request(method, path, json=body)
        assert answer.status_code == status, (method, path, answer.text)
        self.seen.add(_pattern(method, path))
        if path != "/system_status":
            stem, shape = _shape(path, method)
            if not stem:
                return answer.json()
            for problem in problems(self.reference, stem, shape, answer.json()):
                self.failures.append(f"{method} {path} ({stem}/{shape}): {problem}")
        return answer.json()


def test_every_route_answers_its_schema(
    woo: WooSandbox, api: httpx.Client, reference: Path
) -> None:
    woo.outbox.transport = lambda url, headers, body: 200
    seed_generated(woo.catalog, 1, 2, stock=4)
    seed_documents(
        woo.catalog,
        {
            "orders": [example(reference, "order.retrieve.response")],
            "refunds": {"727": example(reference, "order_refunds.list.response")},
        },
    )
    walk = Walk(api, reference)
    status = walk("GET", "/system_status")
    assert status["settings"]["currency"] == "USD"

    simple = walk(
        "POST",
        "/products",
        {
            "name": "Mug",
            "sku": "MUG",
            "regular_price": "9.50",
            "manage_stock": True,
            "stock_quantity": 3,
        },
        201,
    )
    walk("GET", "/products?per_page=2")
    walk("GET", f"/products/{simple['id']}")
    walk("PUT", f"/products/{simple['id']}", {"sale_price": "8.00"})
    variable = next(p for p in woo.store.products.values() if p["type"] == "variable")
    pid = variable["id"]
    walk("GET", f"/products/{pid}/variations")
    made = walk(
        "POST",
        f"/products/{pid}/variations",
        {
            "sku": "GEN-0-9",
            "regular_price": "11.00",
            "attributes": [{"name": "Size", "option": "S9"}],
        },
        201,
    )
    walk("GET", f"/products/{pid}/variations/{made['id']}")
    walk(
        "PUT",
        f"/products/{pid}/variations/{made['id']}",
        {"manage_stock": True, "stock_quantity": 2},
    )
    walk(
        "POST",
        f"/products/{pid}/variations/batch",
        {
            "create": [{"regular_price": "1.00"}],
            "update": [{"id": made["id"], "stock_quantity": 5}],
            "delete": [999],
        },
    )
    walk("DELETE", f"/products/{pid}/variations/{made['id']}?force=true")
    walk(
        "POST",
        "/products/batch",
        {
            "create": [{"name": "Cap", "sku": "MUG"}, {"name": "Hat"}],
            "update": [{"id": simple["id"], "stock_quantity": 7}],
            "delete": [12345],
        },
    )
    walk("DELETE", f"/products/{simple['id']}?force=true")

    customer = walk(
        "POST",
        "/customers",
        {"email": "ann@example.com", "first_name": "Ann", "billing": {"city": "Leeds"}},
        201,
    )
    walk("GET", "/customers")
    walk("GET", f"/customers/{customer['id']}")
    walk("PUT", f"/customers/{customer['id']}", {"last_name": "Lee"})
    walk(
        "POST",
        "/customers/batch",
        {
            "create": [{"email": "bo@example.com"}, {"email": "ann@example.com"}],
            "delete": [customer["id"]],
        },
    )
    other = walk("POST", "/customers", {"email": "cy@example.com"}, 201)
    walk("DELETE", f"/customers/{other['id']}?force=true")

    child = woo.store.children(pid)[0]
    order = walk(
        "POST",
        "/orders",
        {
            "line_items": [{"product_id": pid, "variation_id": child["id"], "quantity": 1}],
            "set_paid": True,
        },
        201,
    )
    walk("GET", "/orders")
    walk("GET", f"/orders/{order['id']}")
    walk("PUT", f"/orders/{order['id']}", {"status": "completed"})
    walk(
        "POST",
        "/orders/batch",
        {
            "create": [{"status": "on-hold"}],
            "update": [{"id": 727, "status": "completed"}],
            "delete": [order["id"]],
        },
    )
    walk("GET", "/orders/727/refunds")
    paid = walk(
        "POST",
        "/orders",
        {
            "line_items": [{"product_id": pid, "variation_id": child["id"], "quantity": 2}],
            "set_paid": True,
        },
        201,
    )
    walk(
        "POST",
        f"/orders/{paid['id']}/refunds",
        {
            "amount": "5.00",
            "api_refund": False,
            "line_items": [{"id": paid["line_items"][0]["id"], "quantity": 1, "refund_total": 5}],
        },
        201,
    )
    note = walk(
        "POST", f"/orders/{paid['id']}/notes", {"note": "Shipped", "customer_note": True}, 201
    )
    assert sorted(note) == sorted(NOTE_FIELDS)
    assert [sorted(n) for n in walk("GET", f"/orders/{paid['id']}/notes")] == [sorted(NOTE_FIELDS)]
    walk("GET", f"/orders/727/refunds/{woo.store.refunds[next(iter(woo.store.refunds))]['id']}")
    spare = walk("POST", "/orders", {"status": "pending"}, 201)
    walk("DELETE", f"/orders/{spare['id']}?force=true")

    hook = walk(
        "POST",
        "/webhooks",
        {"topic": "product.updated", "delivery_url": "http://127.0.0.1:9/hook", "secret": "s"},
        201,
    )
    walk("GET", "/webhooks")
    walk("GET", f"/webhooks/{hook['id']}")
    walk("PUT", f"/webhooks/{hook['id']}", {"status": "paused"})
    walk(
        "POST",
        "/webhooks/batch",
        {
            "create": [{"topic": "order.created", "delivery_url": "http://127.0.0.1:9/o"}],
            "delete": [hook["id"]],
        },
    )
    spare_hook = walk(
        "POST",
        "/webhooks",
        {"topic": "customer.created", "delivery_url": "http://127.0.0.1:9/c"},
        201,
    )
    walk("DELETE", f"/webhooks/{spare_hook['id']}?force=true")

    assert walk.failures == []
    assert walk.seen == set(SERVED)


@pytest.mark.parametrize(
    ("method", "path", "body", "status", "code"),
    [
        ("GET", "/products/999999", None, 404, "woocommerce_rest_product_invalid_id"),
        ("GET", "/products?per_page=101", None, 400, "rest_invalid_param"),
        ("GET", "/products?page=3", None, 400, "rest_post_invalid_page_number"),
        ("GET", "/nothing", None, 404, "rest_no_route"),
        ("POST", "/products", {"name": "X", "stock_quantity": "ten"}, 400, "rest_invalid_param"),
        (
            "POST",
            "/products/batch",
            {"update": [{"id": n} for n in range(101)]},
            413,
            "woocommerce_rest_request_entity_too_large",
        ),
        ("DELETE", "/products/11/variations/12", None, 404, "woocommerce_rest_product_invalid_id"),
        (
            "POST",
            "/webhooks",
            {"topic": "stock.moved", "delivery_url": "http://x.test/"},
            400,
            "woocommerce_rest_webhook_invalid_topic",
        ),
    ],
)
def test_errors_are_the_documented_envelope(
    api: httpx.Client, reference: Path, method: str, path: str, body: Any, status: int, code: str
) -> None:
    answer = api.request(method, path, json=body)
    assert (answer.status_code, answer.json()["code"]) == (status, code)
    assert answer.json()["data"]["status"] == status
    assert problems(reference, "error", "", answer.json()) == []


def test_paging_headers_and_links(woo: WooSandbox, api: httpx.Client) -> None:
    seed_generated(woo.catalog, 5)
    first = api.get("/products", params={"per_page": 2, "orderby": "id", "order": "asc"})
    second = api.get(
        "/products", params={"per_page": 2, "orderby": "id", "order": "asc", "page": 2}
    )
    assert (first.headers["X-WP-Total"], first.headers["X-WP-TotalPages"]) == ("5", "3")
    assert [p["sku"] for p in first.json()] == ["GEN-0", "GEN-1"]
    assert [p["sku"] for p in second.json()] == ["GEN-2", "GEN-3"]
    base = "https://woo.sandbox.test/wp-json/wc/v3/products?per_page=2&orderby=id&order=asc"
    assert first.headers["Link"] == f'<{base}&page=2>; rel="next"'
    assert second.headers["Link"] == f'<{base}&page=1>; rel="prev", <{base}&page=3>; rel="next"'
