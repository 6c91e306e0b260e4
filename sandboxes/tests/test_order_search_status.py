"""Order search by `status` and `fulfillment_status`, as Shopify documents them (admin 2026-07
`orders(query:)`): status open, closed, cancelled, not_closed; fulfillment_status shipped
(and fulfilled), partial, unshipped, unfulfilled (unshipped or partial)."""

from __future__ import annotations

import httpx
import pytest

from sandboxes.tests.conftest import gql
from stockbridge_sandboxes.shopify import SandboxApp

ORDERS = "query($q: String) { orders(first: 20, query: $q, sortKey: ID) { nodes { name } } }"
COUNT = "query($q: String) { ordersCount(query: $q) { count } }"
FULFIL = """mutation($fo: ID!, $lines: [FulfillmentOrderLineItemInput!]) {
  fulfillmentCreate(fulfillment: {lineItemsByFulfillmentOrder: [{fulfillmentOrderId: $fo,
    fulfillmentOrderLineItems: $lines}]}) { userErrors { message } } }"""
CLOSE = "mutation($id: ID!) { orderClose(input: {id: $id}) { userErrors { message } } }"


@pytest.fixture
def orders(sandbox: SandboxApp, http: httpx.Client) -> dict[str, str]:
    """#1001 open, #1002 fulfilled, #1003 partly fulfilled, #1004 cancelled, #1005 closed."""
    http.post("/__sandbox/seed", json={"sample": True})
    variant = sandbox.store.all("ProductVariant")[0]["id"]
    made = {}
    for name in ("open", "fulfilled", "partial", "cancelled", "closed"):
        answer = http.post(
            "/__sandbox/orders", json={"lineItems": [{"variantId": variant, "quantity": 2}]}
        )
        made[name] = answer.json()["id"]
    http.post(f"/__sandbox/orders/{made['fulfilled'].rsplit('/', 1)[1]}/fulfil", json={})
    partial = sandbox.store.get(made["partial"])
    fo = sandbox.store.deref(partial["fulfillmentOrders"][0])
    fo_line = fo["lineItems"][0]["__ref"]
    answer = gql(http, FULFIL, {"fo": fo["id"], "lines": [{"id": fo_line, "quantity": 1}]})
    assert answer.json()["data"]["fulfillmentCreate"]["userErrors"] == []
    http.post(f"/__sandbox/orders/{made['cancelled'].rsplit('/', 1)[1]}/cancel", json={})
    assert gql(http, CLOSE, {"id": made["closed"]}).json()["data"]["orderClose"] == {
        "userErrors": []
    }
    return made


def _names(http: httpx.Client, query: str) -> list[str]:
    return [n["name"] for n in gql(http, ORDERS, {"q": query}).json()["data"]["orders"]["nodes"]]


@pytest.mark.parametrize(
    ("query", "names"),
    [
        ("status:open", ["#1001", "#1002", "#1003"]),
        ("status:not_closed", ["#1001", "#1002", "#1003"]),
        ("status:closed", ["#1004", "#1005"]),
        ("status:cancelled", ["#1004"]),
        ("fulfillment_status:shipped", ["#1002"]),
        ("fulfillment_status:fulfilled", ["#1002"]),
        ("fulfillment_status:partial", ["#1003"]),
        ("fulfillment_status:unshipped", ["#1001", "#1004", "#1005"]),
        ("fulfillment_status:unfulfilled", ["#1001", "#1003", "#1004", "#1005"]),
        ("status:open fulfillment_status:unfulfilled", ["#1001", "#1003"]),
        ("-status:closed AND fulfillment_status:unshipped", ["#1001"]),
    ],
)
def test_orders_are_found_by_status_and_fulfillment_status(
    http: httpx.Client, orders: dict[str, str], query: str, names: list[str]
) -> None:
    assert _names(http, query) == names


def test_counts_use_the_same_rules(http: httpx.Client, orders: dict[str, str]) -> None:
    counts = [
        gql(http, COUNT, {"q": q}).json()["data"]["ordersCount"]["count"]
        for q in ("status:open", "status:closed", "fulfillment_status:shipped")
    ]

    assert counts == [3, 2, 1]
