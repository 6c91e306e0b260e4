"""Product listings given `savedSearchId` search with the saved search's query."""

from __future__ import annotations

from stockbridge_sandboxes.shopify import SandboxApp
from stockbridge_sandboxes.shopify.clock import FrozenClock

CREATE = """mutation($p: ProductCreateInput!) { productCreate(product: $p) { product { id } } }"""
LIST = """query($s: ID!, $q: String) { products(first: 10, savedSearchId: $s, query: $q,
  sortKey: TITLE) { nodes { title } } }"""


def _app() -> SandboxApp:
    app = SandboxApp(clock=FrozenClock())
    for title, tags in (("Alpha", ["sale-2026"]), ("Beta", ["sale-2026"]), ("Gamma", ["other"])):
        app.execute(CREATE, {"p": {"title": title, "tags": tags}})
    app.store.put(
        "gid://shopify/SavedSearch/7",
        {"name": "Sale", "query": "tag:sale\\-2026", "resourceType": "PRODUCT"},
    )
    return app


def test_a_saved_search_filters_products_with_its_escaped_query() -> None:
    app = _app()

    data = app.execute(LIST, {"s": "gid://shopify/SavedSearch/7"})["data"]

    assert [n["title"] for n in data["products"]["nodes"]] == ["Alpha", "Beta"]


def test_a_saved_search_and_a_query_both_apply() -> None:
    app = _app()

    data = app.execute(LIST, {"s": "gid://shopify/SavedSearch/7", "q": "title:Beta"})["data"]

    assert [n["title"] for n in data["products"]["nodes"]] == ["Beta"]
