"""Deleting a variant deletes its inventory item and the item's levels; deleting a product
deletes its variants', whichever mutation removes them (productVariantsBulkDelete,
productDelete, productSet leaving a variant out). Locations stop listing those levels and
nothing is left with `item: null`."""

from __future__ import annotations

from typing import Any

import httpx

from sandboxes.tests.conftest import gql
from stockbridge_sandboxes.shopify import SandboxApp
from stockbridge_sandboxes.shopify.seed import seed_sample

LOCATION_LEVELS = """query($id: ID!) { location(id: $id) {
  inventoryLevels(first: 250) { nodes { id item { id } } } } }"""
BULK_DELETE = """mutation($product: ID!, $ids: [ID!]!) {
  productVariantsBulkDelete(productId: $product, variantsIds: $ids) {
    product { id } userErrors { field message } } }"""
PRODUCT_DELETE = """mutation($id: ID!) { productDelete(input: {id: $id}) {
  deletedProductId userErrors { field message } } }"""
PRODUCT_SET = """mutation($input: ProductSetInput!) { productSet(input: $input, synchronous: true) {
  product { variants(first: 10) { nodes { id } } } userErrors { field message } } }"""


def _product(sandbox: SandboxApp) -> dict[str, Any]:
    """The sample product with several variants, each stocked at the default location."""
    products = seed_sample(sandbox.store)
    return next(p for p in products if len(p["variants"]) > 1)


def _stock(sandbox: SandboxApp, variant_ref: dict[str, str]) -> tuple[str, str, list[str]]:
    variant = sandbox.store.deref(variant_ref)
    item = sandbox.store.deref(variant["inventoryItem"])
    levels = [entry["__ref"] for entry in item["inventoryLevels"]]
    assert levels
    return variant["id"], item["id"], levels


def _gone(sandbox: SandboxApp, gids: list[str]) -> list[str]:
    return [gid for gid in gids if sandbox.store.get(gid) is None]


def _orphans(sandbox: SandboxApp, http: httpx.Client) -> list[str]:
    """Levels any location lists whose item no longer answers."""
    orphans = []
    for location in sandbox.store.all("Location"):
        body = gql(http, LOCATION_LEVELS, {"id": location["id"]}).json()
        assert "errors" not in body, body
        nodes = body["data"]["location"]["inventoryLevels"]["nodes"]
        orphans += [node["id"] for node in nodes if node["item"] is None]
    return orphans


def test_bulk_deleting_a_variant_deletes_its_item_and_levels(
    sandbox: SandboxApp, http: httpx.Client
) -> None:
    product = _product(sandbox)
    variant_id, item_id, levels = _stock(sandbox, product["variants"][0])
    kept = _stock(sandbox, product["variants"][1])

    body = gql(http, BULK_DELETE, {"product": product["id"], "ids": [variant_id]}).json()

    assert body["data"]["productVariantsBulkDelete"]["userErrors"] == []
    assert _gone(sandbox, [variant_id, item_id, *levels]) == [variant_id, item_id, *levels]
    assert _gone(sandbox, [kept[0], kept[1], *kept[2]]) == []
    assert _orphans(sandbox, http) == []


def test_deleting_a_product_deletes_every_variant_item_and_level(
    sandbox: SandboxApp, http: httpx.Client
) -> None:
    product = _product(sandbox)
    stock = [_stock(sandbox, entry) for entry in product["variants"]]
    gids = [gid for variant, item, levels in stock for gid in (variant, item, *levels)]

    body = gql(http, PRODUCT_DELETE, {"id": product["id"]}).json()

    assert body["data"]["productDelete"] == {"deletedProductId": product["id"], "userErrors": []}
    assert _gone(sandbox, gids) == gids
    assert _orphans(sandbox, http) == []


def test_product_set_leaving_a_variant_out_deletes_its_item_and_levels(
    sandbox: SandboxApp, http: httpx.Client
) -> None:
    product = _product(sandbox)
    first = sandbox.store.deref(product["variants"][0])
    dropped = [_stock(sandbox, entry) for entry in product["variants"][1:]]
    kept = _stock(sandbox, product["variants"][0])
    option = first["selectedOptions"][0]

    body = gql(
        http,
        PRODUCT_SET,
        {
            "input": {
                "id": product["id"],
                "productOptions": [{"name": option["name"], "values": [{"name": option["value"]}]}],
                "variants": [
                    {
                        "id": first["id"],
                        "optionValues": [{"optionName": option["name"], "name": option["value"]}],
                    }
                ],
            }
        },
    ).json()

    assert body["data"]["productSet"]["userErrors"] == []
    assert body["data"]["productSet"]["product"]["variants"]["nodes"] == [{"id": first["id"]}]
    gids = [gid for variant, item, levels in dropped for gid in (variant, item, *levels)]
    assert _gone(sandbox, gids) == gids
    assert _gone(sandbox, [kept[0], kept[1], *kept[2]]) == []
    assert _orphans(sandbox, http) == []
