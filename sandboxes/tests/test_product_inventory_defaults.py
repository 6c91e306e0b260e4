"""A new variant's inventory item weighs nothing; untracked variants do not count toward the
product's total inventory."""

from __future__ import annotations

import httpx

from sandboxes.tests.conftest import gql
from stockbridge_sandboxes.shopify import SandboxApp
from stockbridge_sandboxes.shopify.seed import seed_sample

SET = """mutation($input: ProductSetInput!) { productSet(input: $input, synchronous: true) {
  product { id totalInventory variants(first: 5) { nodes { inventoryQuantity
    inventoryItem { tracked measurement { weight { unit value } } } } } }
  userErrors { message } } }"""
LOCATION = "{ locations(first: 1) { nodes { id } } }"


def test_untracked_units_do_not_count_and_new_items_weigh_zero_kilograms(
    sandbox: SandboxApp, http: httpx.Client
) -> None:
    seed_sample(sandbox.store)
    location = gql(http, LOCATION).json()["data"]["locations"]["nodes"][0]["id"]
    variants = [
        {
            "optionValues": [{"optionName": "Color", "name": name}],
            "inventoryItem": {"tracked": tracked},
            "inventoryQuantities": [{"locationId": location, "name": "available", "quantity": q}],
        }
        for name, tracked, q in (("Blue", True, 2), ("Black", False, 3))
    ]
    data = {
        "title": "Tracked and not",
        "productOptions": [{"name": "Color", "values": [{"name": "Blue"}, {"name": "Black"}]}],
        "variants": variants,
    }

    product = gql(http, SET, {"input": data}).json()["data"]["productSet"]["product"]

    assert product["totalInventory"] == 2
    assert [v["inventoryItem"] for v in product["variants"]["nodes"]] == [
        {"tracked": True, "measurement": {"weight": {"unit": "KILOGRAMS", "value": 0}}},
        {"tracked": False, "measurement": {"weight": {"unit": "KILOGRAMS", "value": 0}}},
    ]
