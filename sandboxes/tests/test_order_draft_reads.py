"""Draft orders the shop holds read through draftOrder(id:), draftOrders and
draftOrdersCount, with Shopify's search fields for them."""

from __future__ import annotations

from stockbridge_sandboxes.shopify import SandboxApp
from stockbridge_sandboxes.shopify.clock import FrozenClock
from stockbridge_sandboxes.shopify.store import ref

READ = """query($id: ID!) { draftOrder(id: $id) { id name status ready email tags
  lineItems(first: 5) { nodes { title quantity } } } }"""
LIST = """query($q: String) { draftOrders(first: 5, query: $q) { nodes { name status } }
  draftOrdersCount(query: $q) { count precision } }"""


def _app() -> SandboxApp:
    app = SandboxApp(clock=FrozenClock())
    app.store.put("gid://shopify/DraftOrderLineItem/3", {"title": "Mug", "quantity": 2})
    app.store.put(
        "gid://shopify/DraftOrder/1",
        {
            "name": "#D1",
            "status": "OPEN",
            "ready": True,
            "email": "a@example.com",
            "tags": ["vip"],
            "lineItems": [ref("gid://shopify/DraftOrderLineItem/3")],
        },
    )
    app.store.put("gid://shopify/DraftOrder/2", {"name": "#D2", "status": "COMPLETED"})
    return app


def test_a_draft_order_reads_by_id_and_an_unknown_one_is_null() -> None:
    app = _app()

    found = app.execute(READ, {"id": "gid://shopify/DraftOrder/1"})
    missing = app.execute(READ, {"id": "gid://shopify/DraftOrder/9"})

    assert found["data"]["draftOrder"] == {
        "id": "gid://shopify/DraftOrder/1",
        "name": "#D1",
        "status": "OPEN",
        "ready": True,
        "email": "a@example.com",
        "tags": ["vip"],
        "lineItems": {"nodes": [{"title": "Mug", "quantity": 2}]},
    }
    assert missing == {"data": {"draftOrder": None}, "extensions": missing["extensions"]}


def test_draft_orders_list_count_and_search_by_status() -> None:
    app = _app()

    everything = app.execute(LIST, {"q": None})["data"]
    completed = app.execute(LIST, {"q": "status:completed"})["data"]

    assert everything["draftOrders"]["nodes"] == [
        {"name": "#D1", "status": "OPEN"},
        {"name": "#D2", "status": "COMPLETED"},
    ]
    assert everything["draftOrdersCount"] == {"count": 2, "precision": "EXACT"}
    assert completed["draftOrders"]["nodes"] == [{"name": "#D2", "status": "COMPLETED"}]
    assert completed["draftOrdersCount"] == {"count": 1, "precision": "EXACT"}


def test_a_field_draft_orders_cannot_be_searched_by_is_ignored_with_a_warning() -> None:
    app = _app()

    answer = app.execute(LIST, {"q": "email:a@example.com"})

    assert answer["data"]["draftOrdersCount"] == {"count": 2, "precision": "EXACT"}
    assert answer["extensions"]["search"][0] == {
        "path": ["draftOrders"],
        "query": "email:a@example.com",
        "parsed": {"field": "email", "match_all": "a@example.com"},
        "warnings": [
            {
                "field": "email",
                "message": "Invalid search field for this query.",
                "code": "invalid_field",
            }
        ],
    }
