"""Lookups by SKU come from the store's index, kept whole by every SKU write and delete.

`productVariants`, `inventoryItems` and `products` searched by one SKU answer what a scan of
the catalog answers (Shopify's `sku:` search ignores case), after the SKU is changed through
a variant, its inventory item or productSet, and after the variant is deleted."""

from __future__ import annotations

import httpx

from sandboxes.tests.conftest import gql
from stockbridge_sandboxes.shopify import SandboxApp
from stockbridge_sandboxes.shopify.seed import seed_generated, seed_sample
from stockbridge_sandboxes.shopify.store import Store

BY_SKU = """query($q: String!) {
  productVariants(first: 5, query: $q) { nodes { id sku } }
  inventoryItems(first: 5, query: $q) { nodes { id sku } }
  products(first: 5, query: $q) { nodes { id } } }"""
ITEM_UPDATE = """mutation($id: ID!, $sku: String!) {
  inventoryItemUpdate(id: $id, input: {sku: $sku}) { userErrors { field message } } }"""
VARIANT_UPDATE = """mutation($product: ID!, $id: ID!, $sku: String!) {
  productVariantsBulkUpdate(productId: $product,
    variants: [{id: $id, inventoryItem: {sku: $sku}}]) { userErrors { field message } } }"""
BULK_DELETE = """mutation($product: ID!, $ids: [ID!]!) {
  productVariantsBulkDelete(productId: $product, variantsIds: $ids) {
    userErrors { field message } } }"""


def _found(http: httpx.Client, query: str) -> dict[str, list[str]]:
    data = gql(http, BY_SKU, {"q": query}).json()["data"]
    return {
        "variants": [n["sku"] for n in data["productVariants"]["nodes"]],
        "items": [n["sku"] for n in data["inventoryItems"]["nodes"]],
        "products": [n["id"] for n in data["products"]["nodes"]],
    }


def test_the_index_follows_creates_sku_writes_and_deletes() -> None:
    store = Store()
    seed_generated(store, 3, 2)
    variant = store.with_sku("ProductVariant", "gen-000002-1")[0]

    store.set_sku(variant, "RENAMED")
    renamed = store.with_sku("ProductVariant", "renamed")
    store.delete(variant["id"])

    assert [v["sku"] for v in store.with_sku("ProductVariant", "GEN-000001-2")] == ["GEN-000001-2"]
    assert renamed == [variant]
    assert store.with_sku("ProductVariant", "GEN-000002-1") == []
    assert store.with_sku("ProductVariant", "renamed") == []
    assert [i["sku"] for i in store.with_sku("InventoryItem", "GEN-000002-1")] == ["GEN-000002-1"]


def test_a_search_by_sku_answers_from_the_index_after_every_kind_of_sku_write(
    sandbox: SandboxApp, http: httpx.Client
) -> None:
    products = seed_sample(sandbox.store)
    jacket = products[0]
    small = sandbox.store.deref(jacket["variants"][0])
    medium = sandbox.store.deref(jacket["variants"][1])

    before = _found(http, "sku:sb-001-1")
    gql(http, ITEM_UPDATE, {"id": small["inventoryItem"]["__ref"], "sku": "JACKET-S"})
    gql(http, VARIANT_UPDATE, {"product": jacket["id"], "id": medium["id"], "sku": "JACKET-M"})
    after_item_update = _found(http, "sku:JACKET-S")
    after_variant_update = _found(http, 'sku:"jacket-m"')
    old = _found(http, "sku:SB-001-1")
    gql(http, BULK_DELETE, {"product": jacket["id"], "ids": [small["id"]]})
    deleted = _found(http, "sku:JACKET-S")

    assert before == {"variants": ["SB-001-1"], "items": ["SB-001-1"], "products": [jacket["id"]]}
    assert after_item_update == {
        "variants": ["JACKET-S"],
        "items": ["JACKET-S"],
        "products": [jacket["id"]],
    }
    assert after_variant_update == {
        "variants": ["JACKET-M"],
        "items": ["JACKET-M"],
        "products": [jacket["id"]],
    }
    assert old == {"variants": [], "items": [], "products": []}
    assert deleted == {"variants": [], "items": [], "products": []}
