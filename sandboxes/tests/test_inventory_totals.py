"""Inventory a product reports: only tracked variants count toward `totalInventory`; a new
inventory item weighs zero kilograms."""

from __future__ import annotations

import httpx

from sandboxes.tests.conftest import gql
from stockbridge_sandboxes.shopify import SandboxApp

SET = """mutation($input: ProductSetInput!) { productSet(input: $input, synchronous: true) {
  product { totalInventory variants(first: 5) { nodes { inventoryQuantity
    inventoryItem { tracked measurement { weight { unit value } } } } } }
  userErrors { message } } }"""


def test_total_inventory_counts_only_tracked_variants(
    sandbox: SandboxApp, http: httpx.Client
) -> None:
    sandbox.store.put("gid://shopify/Location/7", {"name": "Shop location", "isActive": True})

    def variant(colour: str, quantity: int, tracked: bool) -> dict[str, object]:
        return {
            "optionValues": [{"optionName": "Color", "name": colour}],
            "inventoryItem": {"tracked": tracked},
            "inventoryQuantities": [
                {
                    "locationId": "gid://shopify/Location/7",
                    "name": "available",
                    "quantity": quantity,
                }
            ],
        }

    body = gql(
        http,
        SET,
        {
            "input": {
                "title": "Board",
                "productOptions": [
                    {"name": "Color", "values": [{"name": "Blue"}, {"name": "Black"}]}
                ],
                "variants": [variant("Blue", 7, True), variant("Black", 3, False)],
            }
        },
    ).json()["data"]["productSet"]

    kilograms = {"weight": {"unit": "KILOGRAMS", "value": 0}}
    assert body["userErrors"] == []
    assert body["product"]["totalInventory"] == 7
    assert body["product"]["variants"]["nodes"] == [
        {"inventoryQuantity": 7, "inventoryItem": {"tracked": True, "measurement": kilograms}},
        {"inventoryQuantity": 3, "inventoryItem": {"tracked": False, "measurement": kilograms}},
    ]
