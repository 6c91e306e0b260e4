"""Collections hydrated from a recording: members the sandbox cannot evaluate, recorded
counts, the collection's own product order, and `collection_type` searches."""

from __future__ import annotations

from stockbridge_sandboxes.shopify import SandboxApp
from stockbridge_sandboxes.shopify.clock import FrozenClock
from stockbridge_sandboxes.shopify.parity.hydrate import Hydrator
from stockbridge_sandboxes.shopify.parity.recorded_totals import (
    settle_recorded_totals,
)

READ = """query Detail($id: ID!) { collection(id: $id) {
  id title ruleSet { appliedDisjunctively rules { column relation condition } }
  productsCount { count precision }
  products(first: 3) { nodes { id title } } } }"""
SMART = "gid://shopify/Collection/10"
RULES = {
    "appliedDisjunctively": False,
    "rules": [{"column": "VARIANT_PRICE", "relation": "GREATER_THAN", "condition": "200.00"}],
}
RECORDED = {
    "collection": {
        "id": SMART,
        "title": "Bikes",
        "ruleSet": RULES,
        "productsCount": {"count": 61, "precision": "EXACT"},
        "products": {
            "nodes": [
                {"id": "gid://shopify/Product/9", "title": "Charlie"},
                {"id": "gid://shopify/Product/3", "title": "Golf"},
                {"id": "gid://shopify/Product/7", "title": "Siva"},
            ]
        },
    }
}
CUSTOM = 'mutation { collectionCreate(input: {title: "Picks"}) { collection { id } } }'
LIST = """query($q: String) { collections(first: 5, query: $q) { nodes { title } } }"""


def _sandbox() -> SandboxApp:
    app = SandboxApp(clock=FrozenClock())
    Hydrator(app.store).response(READ, RECORDED, arguments={"id": SMART})
    settle_recorded_totals(app.store)
    return app


def test_recorded_members_of_a_smart_collection_stay_in_their_order_with_the_recorded_count() -> (
    None
):
    app = _sandbox()

    read = app.execute(READ, {"id": SMART})["data"]["collection"]

    assert read["productsCount"] == {"count": 61, "precision": "EXACT"}
    assert [n["title"] for n in read["products"]["nodes"]] == ["Charlie", "Golf", "Siva"]


def test_a_new_product_the_rules_select_joins_and_moves_the_count() -> None:
    app = _sandbox()
    app.execute(
        'mutation { productSet(input: {title: "Delta", productOptions: [{name: "Title", '
        'values: [{name: "Default Title"}]}], variants: [{optionValues: [{optionName: "Title", '
        'name: "Default Title"}], price: "450.00"}]}) { product { id } } }'
    )

    read = app.execute(READ, {"id": SMART})["data"]["collection"]

    assert read["productsCount"] == {"count": 62, "precision": "EXACT"}


def test_collections_filter_by_collection_type() -> None:
    app = _sandbox()
    app.execute(CUSTOM)

    smart = app.execute(LIST, {"q": "collection_type:smart"})["data"]["collections"]["nodes"]
    custom = app.execute(LIST, {"q": "collection_type:custom"})["data"]["collections"]["nodes"]

    assert (smart, custom) == ([{"title": "Bikes"}], [{"title": "Picks"}])


def test_a_later_recording_fills_only_the_fields_no_earlier_one_showed() -> None:
    app = SandboxApp(clock=FrozenClock())
    Hydrator(app.store).response(
        READ, {"collection": {"id": SMART, "title": "Bikes"}}, arguments={"id": SMART}
    )
    later = {"collection": {"id": SMART, "title": "Renamed", "ruleSet": RULES}}
    Hydrator(app.store, only_missing=True).response(READ, later, arguments={"id": SMART})

    held = app.store.get(SMART)

    assert held is not None
    assert (held["title"], held["ruleSet"]) == ("Bikes", RULES)
