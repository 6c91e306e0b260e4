"""metafieldsDelete, metafields owned by the shop, a metafield's owner, and `keys:` reads."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import httpx

from sandboxes.tests.conftest import gql

PRODUCT = 'mutation { productCreate(product: {title: "Owner"}) { product { id } } }'
SET = """mutation($m: [MetafieldsSetInput!]!) { metafieldsSet(metafields: $m) {
  metafields { key ownerType owner { __typename ... on Shop { id } ... on Product { id } } }
  userErrors { field message code } } }"""
DELETE = """mutation($m: [MetafieldIdentifierInput!]!) { metafieldsDelete(metafields: $m) {
  deletedMetafields { ownerId namespace key } userErrors { field message } } }"""
READ = """query($id: ID!) { product(id: $id) {
  picked: metafields(first: 10, keys: ["details.size", "custom.bravo"]) { nodes { namespace key } }
  all: metafields(first: 10) { nodes { namespace key } } } }"""


def _row(owner: str, namespace: str, key: str) -> dict[str, Any]:
    return {
        "ownerId": owner,
        "namespace": namespace,
        "key": key,
        "type": "single_line_text_field",
        "value": key.upper(),
    }


def _owner(http: httpx.Client) -> str:
    return str(gql(http, PRODUCT).json()["data"]["productCreate"]["product"]["id"])


def test_delete_answers_each_identifier_or_null(http: httpx.Client) -> None:
    owner = _owner(http)
    gql(http, SET, {"m": [_row(owner, "custom", "alpha"), _row(owner, "custom", "bravo")]})

    body = gql(
        http,
        DELETE,
        {
            "m": [
                {"ownerId": owner, "namespace": "custom", "key": "alpha"},
                {"ownerId": owner, "namespace": "custom", "key": "missing"},
                {"ownerId": "gid://shopify/Product/999999", "namespace": "custom", "key": "alpha"},
            ]
        },
    ).json()["data"]["metafieldsDelete"]
    left = gql(http, READ, {"id": owner}).json()["data"]["product"]["all"]["nodes"]

    assert body == {
        "deletedMetafields": [
            {"ownerId": owner, "namespace": "custom", "key": "alpha"},
            None,
            None,
        ],
        "userErrors": [],
    }
    assert left == [{"namespace": "custom", "key": "bravo"}]


def test_the_shop_owns_metafields_and_a_metafield_names_its_owner(http: httpx.Client) -> None:
    shop = gql(http, "{ shop { id } }").json()["data"]["shop"]["id"]

    body = gql(http, SET, {"m": [_row(shop, "settings", "banner")]}).json()["data"]

    assert body["metafieldsSet"] == {
        "metafields": [
            {"key": "banner", "ownerType": "SHOP", "owner": {"__typename": "Shop", "id": shop}}
        ],
        "userErrors": [],
    }


def test_a_keys_filter_answers_in_the_order_asked_with_qualified_keys(http: httpx.Client) -> None:
    owner = _owner(http)
    rows = [_row(owner, "custom", "bravo"), _row(owner, "details", "size")]
    gql(http, SET, {"m": rows})

    picked = gql(http, READ, {"id": owner}).json()["data"]["product"]["picked"]["nodes"]

    assert picked == [
        {"namespace": "details", "key": "details.size"},
        {"namespace": "custom", "key": "custom.bravo"},
    ]


def test_what_the_first_compared_delete_removed_existed_before_the_scenario(
    tmp_path: Path,
) -> None:
    from stockbridge_sandboxes.shopify.parity.preconditions import hydrate
    from stockbridge_sandboxes.shopify.parity.replay import Replay

    owner = "gid://shopify/Product/41"
    deleted = {"ownerId": owner, "namespace": "custom", "key": "material"}
    capture = {
        "mutation": {
            "response": {"data": {"metafieldsDelete": {"deletedMetafields": [deleted, None]}}}
        }
    }
    spec = {"comparison": {"targets": [{"capturePath": "$.mutation.response.data"}]}}
    replay = Replay(tmp_path, spec, capture, "2025-01")
    hydrate(replay, {"MetafieldsDelete"})

    product = replay.app.store.get(owner) or {}
    fields = [replay.app.store.deref(e) or {} for e in product.get("metafields") or []]
    assert [(f.get("namespace"), f.get("key")) for f in fields] == [("custom", "material")]
