"""Changing an existing collection: add and remove products, update fields and rules."""

from __future__ import annotations

from typing import Any

import httpx

from sandboxes.tests.conftest import gql
from stockbridge_sandboxes.shopify import SandboxApp
from stockbridge_sandboxes.shopify.seed import seed_sample

CREATE = """mutation($input: CollectionInput!) { collectionCreate(input: $input) {
  collection { id } userErrors { field message } } }"""
ADD = """mutation($id: ID!, $ids: [ID!]!) { collectionAddProducts(id: $id, productIds: $ids) {
  collection { products(first: 10) { nodes { title } } } userErrors { field message } } }"""
REMOVE = """mutation($id: ID!, $ids: [ID!]!) { collectionRemoveProducts(id: $id, productIds: $ids) {
  job { done } userErrors { field message } } }"""
UPDATE = """mutation($input: CollectionInput!) { collectionUpdate(input: $input) {
  collection { title handle ruleSet { rules { condition } } } job { done }
  userErrors { field message } } }"""
READ = """query($id: ID!) { collection(id: $id) {
  productsCount { count } products(first: 10) { nodes { title } } } }"""
RULES = {
    "appliedDisjunctively": False,
    "rules": [{"column": "TITLE", "relation": "CONTAINS", "condition": "Mug"}],
}


def _create(http: httpx.Client, **fields: Any) -> str:
    return gql(http, CREATE, {"input": fields}).json()["data"]["collectionCreate"]["collection"][
        "id"
    ]


def test_products_are_added_once_and_removed_by_a_job(
    http: httpx.Client, sandbox: SandboxApp
) -> None:
    tote, mug = (p["id"] for p in seed_sample(sandbox.store)[2:4])
    gid = _create(http, title="Picks")

    added = gql(http, ADD, {"id": gid, "ids": [mug, tote]}).json()["data"]["collectionAddProducts"]
    gql(http, ADD, {"id": gid, "ids": [mug]})
    removed = gql(http, REMOVE, {"id": gid, "ids": [mug]}).json()["data"][
        "collectionRemoveProducts"
    ]
    read = gql(http, READ, {"id": gid}).json()["data"]["collection"]

    assert added["collection"]["products"]["nodes"] == [
        {"title": "Lantern Enamel Mug"},
        {"title": "Quay Canvas Tote"},
    ]
    assert removed == {"job": {"done": False}, "userErrors": []}
    assert read == {
        "productsCount": {"count": 1},
        "products": {"nodes": [{"title": "Quay Canvas Tote"}]},
    }


def test_update_changes_fields_and_only_a_smart_collections_rules(http: httpx.Client) -> None:
    custom = _create(http, title="Picks")
    smart = _create(http, title="Mugs", ruleSet=RULES)

    renamed = gql(http, UPDATE, {"input": {"id": custom, "title": "Best", "handle": "best"}}).json()
    refused = gql(http, UPDATE, {"input": {"id": custom, "ruleSet": RULES}}).json()
    ruled = gql(
        http,
        UPDATE,
        {
            "input": {
                "id": smart,
                "ruleSet": {**RULES, "rules": [{**RULES["rules"][0], "condition": "Tote"}]},
            }
        },
    ).json()
    emptied = gql(http, UPDATE, {"input": {"id": smart, "ruleSet": {**RULES, "rules": []}}}).json()

    assert renamed["data"]["collectionUpdate"] == {
        "collection": {"title": "Best", "handle": "best", "ruleSet": None},
        "job": None,
        "userErrors": [],
    }
    assert refused["data"]["collectionUpdate"]["userErrors"] == [
        {"field": ["id"], "message": "Cannot update rule set of a custom collection"}
    ]
    assert ruled["data"]["collectionUpdate"]["job"] == {"done": False}
    assert ruled["data"]["collectionUpdate"]["collection"]["ruleSet"] == {
        "rules": [{"condition": "Tote"}]
    }
    assert emptied["data"]["collectionUpdate"]["userErrors"] == [
        {"field": ["ruleSet", "rules"], "message": "Rules cannot be an empty set"}
    ]


REORDER = """mutation($id: ID!, $moves: [MoveInput!]!) {
  collectionReorderProducts(id: $id, moves: $moves) { job { done } userErrors { field message code } } }"""
BY_HANDLE = """query($h: String!) { collectionByHandle(handle: $h) { title }
  collectionByIdentifier(identifier: {handle: $h}) { title } }"""


def test_a_manual_collection_reorders_and_others_refuse(
    http: httpx.Client, sandbox: SandboxApp
) -> None:
    tote, mug = (p["id"] for p in seed_sample(sandbox.store)[2:4])
    manual = _create(http, title="Picks", sortOrder="MANUAL")
    selling = _create(http, title="Top", sortOrder="BEST_SELLING")
    for gid in (manual, selling):
        gql(http, ADD, {"id": gid, "ids": [tote, mug]})
    moves = [{"id": mug, "newPosition": "0"}]

    moved = gql(http, REORDER, {"id": manual, "moves": moves}).json()["data"][
        "collectionReorderProducts"
    ]
    refused = gql(http, REORDER, {"id": selling, "moves": moves}).json()["data"][
        "collectionReorderProducts"
    ]
    read = gql(http, READ, {"id": manual}).json()["data"]["collection"]["products"]["nodes"]

    assert moved == {"job": {"done": False}, "userErrors": []}
    assert refused == {
        "job": None,
        "userErrors": [
            {
                "field": ["id"],
                "message": "Can't reorder products unless collection is manually sorted",
                "code": "MANUALLY_SORTED_COLLECTION",
            }
        ],
    }
    assert read == [{"title": "Lantern Enamel Mug"}, {"title": "Quay Canvas Tote"}]


def test_collections_are_found_by_handle(http: httpx.Client) -> None:
    _create(http, title="Summer Picks")

    found = gql(http, BY_HANDLE, {"h": "summer-picks"}).json()["data"]
    missing = gql(http, BY_HANDLE, {"h": "nope"}).json()["data"]

    assert found == {
        "collectionByHandle": {"title": "Summer Picks"},
        "collectionByIdentifier": {"title": "Summer Picks"},
    }
    assert missing == {"collectionByHandle": None, "collectionByIdentifier": None}


def test_a_new_collection_sorts_best_selling_unless_told(http: httpx.Client) -> None:
    query = """mutation($input: CollectionInput!) { collectionCreate(input: $input) {
      collection { sortOrder } } }"""

    orders = [
        gql(http, query, {"input": fields}).json()["data"]["collectionCreate"]["collection"]
        for fields in (
            {"title": "Custom"},
            {"title": "Smart", "ruleSet": RULES},
            {"title": "Mine", "sortOrder": "MANUAL"},
        )
    ]

    assert orders == [
        {"sortOrder": "BEST_SELLING"},
        {"sortOrder": "BEST_SELLING"},
        {"sortOrder": "MANUAL"},
    ]


def test_a_deleted_collection_is_gone_from_reads_and_counts(http: httpx.Client) -> None:
    keep = _create(http, title="Keep")
    gone = _create(http, title="Gone")
    delete = """mutation($id: ID!) { collectionDelete(input: {id: $id}) {
      deletedCollectionId shop { id } userErrors { field message } } }"""

    body = gql(http, delete, {"id": gone}).json()["data"]["collectionDelete"]
    again = gql(http, delete, {"id": gone}).json()["data"]["collectionDelete"]
    read = gql(
        http,
        """query($id: ID!) { collection(id: $id) { id } collectionsCount { count }
          collections(first: 5) { nodes { id } } }""",
        {"id": gone},
    ).json()["data"]

    assert (body["deletedCollectionId"], body["userErrors"]) == (gone, [])
    assert again["userErrors"] == [{"field": ["id"], "message": "Collection does not exist"}]
    assert read == {
        "collection": None,
        "collectionsCount": {"count": 1},
        "collections": {"nodes": [{"id": keep}]},
    }
