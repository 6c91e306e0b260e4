"""Pages of an owner's metafields: `after:` windows, and recorded windows under aliases."""

from __future__ import annotations

import httpx

from sandboxes.tests.conftest import gql
from stockbridge_sandboxes.shopify import SandboxApp
from stockbridge_sandboxes.shopify.parity.hydrate import Hydrator

PAGE = """query($id: ID!, $after: String) { product(id: $id) {
  metafields(first: 1, after: $after) { nodes { key }
    pageInfo { hasNextPage hasPreviousPage endCursor } } } }"""
PRODUCT = "gid://shopify/Product/10"


def _metafield(number: int, key: str) -> dict[str, object]:
    return {
        "id": f"gid://shopify/Metafield/{number}",
        "namespace": "custom",
        "key": key,
        "type": "single_line_text_field",
        "value": key,
    }


def test_a_recorded_window_under_an_alias_continues_the_owners_metafields(
    sandbox: SandboxApp, http: httpx.Client
) -> None:
    Hydrator(sandbox.store).response(
        "query($id: ID!) { product(id: $id) { id metafields(first: 1) { nodes { id key } "
        "pageInfo { hasNextPage } } } }",
        {
            "product": {
                "id": PRODUCT,
                "metafields": {
                    "nodes": [_metafield(1, "material")],
                    "pageInfo": {"hasNextPage": True},
                },
                "nextMetafields": {
                    "nodes": [_metafield(2, "origin")],
                    "pageInfo": {"hasNextPage": False},
                },
            }
        },
    )

    first = gql(http, PAGE, {"id": PRODUCT}).json()["data"]["product"]["metafields"]
    after = first["pageInfo"]["endCursor"]
    second = gql(http, PAGE, {"id": PRODUCT, "after": after}).json()["data"]["product"]

    assert first["nodes"] == [{"key": "material"}]
    assert first["pageInfo"]["hasNextPage"] is True
    assert second["metafields"]["nodes"] == [{"key": "origin"}]
    assert second["metafields"]["pageInfo"]["hasNextPage"] is False
    assert second["metafields"]["pageInfo"]["hasPreviousPage"] is True
    assert "nextMetafields" not in (sandbox.store.get(PRODUCT) or {})
