"""Hydration of catalog totals: a recording shows part of a big catalog plus its counts."""

from __future__ import annotations

from stockbridge_sandboxes.shopify import SandboxApp
from stockbridge_sandboxes.shopify.clock import FrozenClock
from stockbridge_sandboxes.shopify.parity.hydrate import Hydrator
from stockbridge_sandboxes.shopify.parity.recorded_totals import (
    recorded_totals,
    settle_recorded_totals,
)

READ = """query Catalog($q: String) {
  productsCount(query: $q) { count precision }
  products(first: 1, query: $q) { nodes { id title status } pageInfo { hasNextPage } }
}"""
RECORDED = {
    "productsCount": {"count": 40, "precision": "EXACT"},
    "products": {
        "nodes": [{"id": "gid://shopify/Product/5", "title": "Cap", "status": "ACTIVE"}],
        "pageInfo": {"hasNextPage": True},
    },
}
CREATE = 'mutation { productCreate(product: {title: "New", status: ACTIVE}) { product { id } } }'
COUNT = "query($q: String) { productsCount(query: $q) { count precision } }"
LIST = (
    "query($q: String) { products(first: 5, query: $q) { nodes { id } pageInfo { hasNextPage } } }"
)


def _sandbox() -> SandboxApp:
    app = SandboxApp(clock=FrozenClock())
    Hydrator(app.store).response(READ, RECORDED, arguments={"q": "status:ACTIVE"})
    settle_recorded_totals(app.store)
    return app


def test_a_recorded_count_stands_for_the_objects_the_sandbox_does_not_hold() -> None:
    app = _sandbox()
    counted = app.execute(COUNT, {"q": "status:ACTIVE"})["data"]["productsCount"]
    assert counted == {"count": 40, "precision": "EXACT"}
    listed = app.execute(LIST, {"q": "status:ACTIVE"})["data"]["products"]
    assert [n["id"] for n in listed["nodes"]] == ["gid://shopify/Product/5"]
    assert listed["pageInfo"]["hasNextPage"] is True


def test_writes_move_a_recorded_count_and_other_queries_count_what_is_held() -> None:
    app = _sandbox()
    app.execute(CREATE)
    assert app.execute(COUNT, {"q": "status:ACTIVE"})["data"]["productsCount"]["count"] == 41
    assert app.execute(COUNT, {"q": "title:Cap"})["data"]["productsCount"]["count"] == 1
    assert app.execute(LIST, {"q": "title:Cap"})["data"]["products"]["pageInfo"] == {
        "hasNextPage": False
    }


def test_refill_reads_recorded_after_writes_are_not_taken_as_totals() -> None:
    app = SandboxApp(clock=FrozenClock())
    Hydrator(app.store, only_missing=True).response(READ, RECORDED, arguments={"q": ""})
    settle_recorded_totals(app.store)
    assert app.execute(COUNT, {"q": ""})["data"]["productsCount"]["count"] == 1


def test_objects_a_recorded_search_returned_match_that_search() -> None:
    app = SandboxApp(clock=FrozenClock())
    recorded = {
        "productsCount": {"count": 1, "precision": "EXACT"},
        "products": {
            "nodes": [{"id": "gid://shopify/Product/9", "title": "Cap"}],
            "pageInfo": {"hasNextPage": False},
        },
    }
    Hydrator(app.store).response(READ, recorded, arguments={"q": "sku:CAP-1"})
    settle_recorded_totals(app.store)

    found = app.execute(LIST, {"q": "sku:CAP-1"})["data"]["products"]
    other = app.execute(LIST, {"q": "sku:CAP-2"})["data"]["products"]

    assert [n["id"] for n in found["nodes"]] == ["gid://shopify/Product/9"]
    assert other["nodes"] == []


NEXT = """query Next($q: String, $after: String) {
  products(first: 1, query: $q, after: $after) { nodes { id } pageInfo { hasNextPage } } }"""


def test_a_recorded_last_page_ends_the_listing() -> None:
    app = _sandbox()
    last = {
        "products": {
            "nodes": [{"id": "gid://shopify/Product/6", "title": "Hat"}],
            "pageInfo": {"hasNextPage": False},
        }
    }
    Hydrator(app.store).response(NEXT, last, arguments={"q": "status:ACTIVE", "after": "x"})

    assert ("Product", "status:ACTIVE") not in recorded_totals(app.store).more


def test_created_at_order_follows_ids_for_recorded_objects_lacking_the_time() -> None:
    app = SandboxApp(clock=FrozenClock())
    recorded_totals(app.store)  # objects marked hydrated are held in part
    for number in (30, 10, 20):
        app.store.put(f"gid://shopify/Product/{number}", {"title": "T", "__hydrated": True})
    app.execute(CREATE)
    listed = app.execute("{ products(first: 5, sortKey: CREATED_AT) { nodes { id title } } }")[
        "data"
    ]["products"]["nodes"]

    assert [n["id"] for n in listed[:3]] == [
        "gid://shopify/Product/10",
        "gid://shopify/Product/20",
        "gid://shopify/Product/30",
    ]
    assert listed[3]["title"] == "New"
