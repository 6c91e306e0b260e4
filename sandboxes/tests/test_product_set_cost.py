"""productSet checks each variant's inventory item cost as Shopify does."""

from __future__ import annotations

import httpx

from sandboxes.tests.conftest import gql

SET = """mutation($input: ProductSetInput!) { productSet(input: $input, synchronous: true) {
  product { id } userErrors { field message code } } }"""


def test_negative_and_huge_costs_are_refused_per_variant(http: httpx.Client) -> None:
    variants = [
        {"optionValues": [{"optionName": "Color", "name": "Red"}], "inventoryItem": {"cost": "-1"}},
        {
            "optionValues": [{"optionName": "Color", "name": "Blue"}],
            "inventoryItem": {"cost": "1000000000000000000"},
        },
    ]
    data = {
        "title": "Costs",
        "productOptions": [{"name": "Color", "values": [{"name": "Red"}, {"name": "Blue"}]}],
        "variants": variants,
    }
    answer = gql(http, SET, {"input": data}).json()["data"]["productSet"]

    assert answer == {
        "product": None,
        "userErrors": [
            {
                "field": ["input", "variants", "0", "inventoryItem", "cost"],
                "message": "Cost per item must be greater than or equal to 0",
                "code": "INVALID_VARIANT",
            },
            {
                "field": ["input", "variants", "1", "inventoryItem", "cost"],
                "message": "Cost per item must be less than 1000000000000000000",
                "code": "INVALID_VARIANT",
            },
        ],
    }
