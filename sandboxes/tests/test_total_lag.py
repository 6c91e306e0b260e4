"""A product's totalInventory lags an inventory change, as Shopify's does; product writes and
the passing of the lag make it current."""

from __future__ import annotations

import httpx

from sandboxes.tests.conftest import gql
from stockbridge_sandboxes.shopify import SandboxApp
from stockbridge_sandboxes.shopify.clock import FrozenClock
from stockbridge_sandboxes.shopify.resolvers.inventory import quantity
from stockbridge_sandboxes.shopify.resolvers.product_fields import TOTAL_LAG_SECONDS
from stockbridge_sandboxes.shopify.seed import seed_sample

ADJUST = """mutation($input: InventoryAdjustQuantitiesInput!) {
  inventoryAdjustQuantities(input: $input) @idempotent(key: "k1") { userErrors { message } } }"""
READ = """query($id: ID!, $variant: ID!) { product(id: $id) { totalInventory }
  productVariant(id: $variant) { inventoryQuantity } }"""


def test_total_inventory_catches_up_after_the_lag(
    sandbox: SandboxApp, http: httpx.Client, clock: FrozenClock
) -> None:
    seed_sample(sandbox.store)
    level = sandbox.store.all("InventoryLevel")[0]
    item = sandbox.store.deref(level["item"])
    variant = sandbox.store.deref(item["variant"])
    ids = {"id": variant["product"]["__ref"], "variant": variant["id"]}
    before = gql(http, READ, ids).json()["data"]
    change = {
        "inventoryItemId": item["id"],
        "locationId": level["location"]["__ref"],
        "delta": -1,
        "changeFromQuantity": quantity(level, "available"),
    }
    gql(http, ADJUST, {"input": {"name": "available", "reason": "correction", "changes": [change]}})
    lagging = gql(http, READ, ids).json()["data"]
    clock.advance(TOTAL_LAG_SECONDS)
    current = gql(http, READ, ids).json()["data"]

    total = before["product"]["totalInventory"]
    assert lagging["product"]["totalInventory"] == total
    assert lagging["productVariant"]["inventoryQuantity"] == (
        before["productVariant"]["inventoryQuantity"] - 1
    )
    assert current["product"]["totalInventory"] == total - 1
