"""tagsAdd/tagsRemove across the taggable resources, with each resource's recorded rules; the
article and draft order roots read what the store holds."""

from __future__ import annotations

from typing import Any

from stockbridge_sandboxes.shopify import SandboxApp
from stockbridge_sandboxes.shopify.clock import FrozenClock

ADD = """mutation($id: ID!, $tags: [String!]!) { tagsAdd(id: $id, tags: $tags) {
  node { ... on Order { tags } ... on Customer { tags } ... on Article { tags }
         ... on DraftOrder { tags } ... on Product { tags } } userErrors { message } } }"""
REMOVE = ADD.replace("tagsAdd", "tagsRemove")
IDS = {
    "Order": "gid://shopify/Order/1",
    "Customer": "gid://shopify/Customer/2",
    "Article": "gid://shopify/Article/3",
    "DraftOrder": "gid://shopify/DraftOrder/4",
    "Product": "gid://shopify/Product/5",
}


def _app() -> SandboxApp:
    app = SandboxApp(clock=FrozenClock())
    for kind, gid in IDS.items():
        app.store.put(gid, {"tags": ["Red"], "name": f"#{kind}", "title": kind})
    return app


def _tags(app: SandboxApp, document: str, kind: str, tags: Any) -> list[str]:
    data = app.execute(document, {"id": IDS[kind], "tags": tags})["data"]
    return list(next(iter(data.values()))["node"]["tags"])


def test_removing_a_case_variant_removes_only_from_products_and_customers() -> None:
    removed = {kind: _tags(_app(), REMOVE, kind, ["red"]) for kind in IDS}

    assert removed == {
        "Order": ["Red"],
        "Customer": [],
        "Article": ["Red"],
        "DraftOrder": ["Red"],
        "Product": [],
    }


def test_added_tags_sort_without_case_and_a_customers_are_lowercased() -> None:
    added = {kind: _tags(_app(), ADD, kind, ["b", "A", "red"]) for kind in IDS}

    assert added["Customer"] == ["a", "b", "Red"]
    assert added["Order"] == added["Article"] == added["DraftOrder"] == ["A", "b", "Red"]


def test_an_id_of_a_type_that_takes_no_tags_is_an_invalid_id() -> None:
    body = _app().execute(ADD, {"id": "gid://shopify/SomethingUnsupported/1", "tags": ["x"]})

    assert body["data"] == {"tagsAdd": None}
    assert [(e["message"], e["extensions"]) for e in body["errors"]] == [
        ("invalid id", {"code": "RESOURCE_NOT_FOUND"})
    ]


def test_article_and_draft_order_roots_read_the_store() -> None:
    app = _app()
    query = """query($a: ID!, $d: ID!, $missing: ID!) { article(id: $a) { title tags }
      draftOrder(id: $d) { name tags } gone: draftOrder(id: $missing) { id } }"""

    data = app.execute(
        query,
        {"a": IDS["Article"], "d": IDS["DraftOrder"], "missing": "gid://shopify/DraftOrder/9"},
    )["data"]

    assert data == {
        "article": {"title": "Article", "tags": ["Red"]},
        "draftOrder": {"name": "#DraftOrder", "tags": ["Red"]},
        "gone": None,
    }
