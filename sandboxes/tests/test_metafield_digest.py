"""metafieldsSet compareDigest rules as recorded: invalid for a missing row, ignored when the
row already holds what is written, otherwise it must be the current digest."""

from __future__ import annotations

from typing import Any

import httpx

from sandboxes.tests.conftest import gql

PRODUCT = 'mutation { productCreate(product: {title: "Digest"}) { product { id } } }'
SET = """mutation($m: [MetafieldsSetInput!]!) { metafieldsSet(metafields: $m) {
  metafields { value compareDigest } userErrors { field message code } } }"""


def _set(http: httpx.Client, owner: str, value: str, digest: str | None) -> dict[str, Any]:
    row = {
        "ownerId": owner,
        "namespace": "custom",
        "key": "material",
        "type": "single_line_text_field",
        "value": value,
        "compareDigest": digest,
    }
    return dict(gql(http, SET, {"m": [row]}).json()["data"]["metafieldsSet"])


def test_compare_digest_rules(http: httpx.Client) -> None:
    owner = gql(http, PRODUCT).json()["data"]["productCreate"]["product"]["id"]
    missing = _set(http, owner, "Wool", "0" * 64)
    first = _set(http, owner, "Wool", None)
    same = _set(http, owner, "Wool", "not-a-digest")
    stale = _set(http, owner, "Silk", "not-a-digest")
    current = _set(http, owner, "Silk", first["metafields"][0]["compareDigest"])

    assert [e["code"] for e in missing["userErrors"]] == ["INVALID_COMPARE_DIGEST"]
    assert same["userErrors"] == []
    assert [e["code"] for e in stale["userErrors"]] == ["STALE_OBJECT"]
    assert current["userErrors"] == []
    assert current["metafields"][0]["value"] == "Silk"


def test_duplicate_rows_apply_in_order_and_each_is_answered(http: httpx.Client) -> None:
    owner = gql(http, PRODUCT).json()["data"]["productCreate"]["product"]["id"]
    rows = [
        {
            "ownerId": owner,
            "namespace": "custom",
            "key": "material",
            "type": "single_line_text_field",
            "value": value,
        }
        for value in ("One", "Two")
    ]
    answer = gql(http, SET, {"m": rows}).json()["data"]["metafieldsSet"]
    read = gql(
        http,
        'query($id: ID!) { product(id: $id) { metafield(namespace: "custom", key: "material")'
        " { value } } }",
        {"id": owner},
    ).json()["data"]["product"]

    assert [m["value"] for m in answer["metafields"]] == ["One", "Two"]
    assert read == {"metafield": {"value": "Two"}}
