"""Product categories (Shopify's taxonomy): known categories are set and read back; an
unknown one fails productCreate, productUpdate and productSet at the top level."""

from __future__ import annotations

from typing import Any

import httpx

from sandboxes.tests.conftest import gql
from stockbridge_sandboxes.shopify import SandboxApp

ACTIVEWEAR = "gid://shopify/TaxonomyCategory/aa-1-1"
UNKNOWN = "gid://shopify/TaxonomyCategory/zz-999999999"
CREATE = """mutation($product: ProductCreateInput!) { productCreate(product: $product) {
  product { id category { id fullName name isLeaf level parentId } } userErrors { message } } }"""
UPDATE = """mutation($product: ProductUpdateInput!) { productUpdate(product: $product) {
  product { id category { id } } userErrors { message } } }"""
SET = """mutation($input: ProductSetInput!) { productSet(input: $input, synchronous: true) {
  product { id category { id } } userErrors { message } } }"""
UNKNOWN_ERROR = {
    "message": "Invalid product_taxonomy_node_id",
    "extensions": {"code": "INVALID_PRODUCT_TAXONOMY_NODE_ID"},
}


def _known_category(sandbox: SandboxApp) -> None:
    sandbox.store.put(
        ACTIVEWEAR,
        {
            "name": "Activewear",
            "fullName": "Apparel & Accessories > Clothing > Activewear",
            "isLeaf": False,
            "level": 3,
            "parentId": "gid://shopify/TaxonomyCategory/aa-1",
        },
    )


def test_a_known_category_is_set_on_create_and_cleared_by_update(
    sandbox: SandboxApp, http: httpx.Client
) -> None:
    _known_category(sandbox)

    created = gql(http, CREATE, {"product": {"title": "Leggings", "category": ACTIVEWEAR}}).json()
    product = created["data"]["productCreate"]["product"]
    cleared = gql(http, UPDATE, {"product": {"id": product["id"], "category": None}}).json()

    assert product["category"] == {
        "id": ACTIVEWEAR,
        "fullName": "Apparel & Accessories > Clothing > Activewear",
        "name": "Activewear",
        "isLeaf": False,
        "level": 3,
        "parentId": "gid://shopify/TaxonomyCategory/aa-1",
    }
    assert cleared["data"]["productUpdate"]["product"]["category"] is None


def _unknown(http: httpx.Client, query: str, variables: dict[str, Any], root: str) -> Any:
    body = gql(http, query, variables).json()
    assert body["data"] == {root: None}
    # the error points at the mutation field (line 1 of these one-line documents)
    assert [[loc["line"] for loc in e.pop("locations")] for e in body["errors"]] == [[1]]
    return body["errors"]


def test_an_unknown_category_fails_each_product_write_at_the_top_level(
    sandbox: SandboxApp, http: httpx.Client
) -> None:
    _known_category(sandbox)
    product = gql(http, CREATE, {"product": {"title": "Plain"}}).json()["data"]["productCreate"]
    before = len(sandbox.store.all("Product"))

    create = _unknown(
        http, CREATE, {"product": {"title": "X", "category": UNKNOWN}}, "productCreate"
    )
    update = _unknown(
        http,
        UPDATE,
        {"product": {"id": product["product"]["id"], "category": UNKNOWN}},
        "productUpdate",
    )
    put = _unknown(http, SET, {"input": {"title": "Y", "category": UNKNOWN}}, "productSet")

    assert create == [{**UNKNOWN_ERROR, "path": ["productCreate"]}]
    assert update == [{**UNKNOWN_ERROR, "path": ["productUpdate"]}]
    assert put == [{**UNKNOWN_ERROR, "path": ["productSet"]}]
    assert len(sandbox.store.all("Product")) == before
    assert (sandbox.store.get(product["product"]["id"]) or {}).get("category") is None
