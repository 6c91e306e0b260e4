"""metafieldsSet without a namespace (or with `$app`) uses the calling app's namespace, and a
`metafield(key:)` read without one reads it."""

from __future__ import annotations

import httpx

from sandboxes.tests.conftest import gql
from stockbridge_sandboxes.shopify import SandboxApp

PRODUCT = 'mutation { productCreate(product: {title: "Namespaces"}) { product { id } } }'
SET = """mutation($m: [MetafieldsSetInput!]!) { metafieldsSet(metafields: $m) {
  metafields { namespace key value } userErrors { field message code } } }"""
READ = """query($id: ID!) { product(id: $id) {
  own: metafield(key: "missing_namespace") { namespace value }
  named: metafields(first: 5, namespace: "$app:extras") { nodes { namespace key } } } }"""


def test_rows_without_a_namespace_use_the_apps_reserved_namespace(
    sandbox: SandboxApp, http: httpx.Client
) -> None:
    sandbox.credentials.api_client_id = "347082227713"
    owner = gql(http, PRODUCT).json()["data"]["productCreate"]["product"]["id"]
    rows = [
        {
            "ownerId": owner,
            "key": "missing_namespace",
            "type": "single_line_text_field",
            "value": "Missing namespace",
        },
        {
            "ownerId": owner,
            "namespace": "$app:extras",
            "key": "tier",
            "type": "single_line_text_field",
            "value": "gold",
        },
    ]

    body = gql(http, SET, {"m": rows}).json()["data"]["metafieldsSet"]
    read = gql(http, READ, {"id": owner}).json()["data"]["product"]

    assert body == {
        "metafields": [
            {
                "namespace": "app--347082227713",
                "key": "missing_namespace",
                "value": "Missing namespace",
            },
            {"namespace": "app--347082227713--extras", "key": "tier", "value": "gold"},
        ],
        "userErrors": [],
    }
    assert read == {
        "own": {"namespace": "app--347082227713", "value": "Missing namespace"},
        "named": {"nodes": [{"namespace": "app--347082227713--extras", "key": "tier"}]},
    }
