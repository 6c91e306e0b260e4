"""compareAtPriceRange over the variants' compare-at prices; variants added in bulk track
inventory, so a product with an empty one has out-of-stock variants."""

from __future__ import annotations

from typing import Any

import httpx

from sandboxes.tests.conftest import gql

CREATE = """mutation { productCreate(product: {title: "Hat", productOptions: [
  {name: "Color", values: [{name: "Red"}]}]}) { product { id compareAtPriceRange {
  minVariantCompareAtPrice { amount } } } } }"""
BULK = """mutation($p: ID!, $v: [ProductVariantsBulkInput!]!) {
  productVariantsBulkCreate(productId: $p, variants: $v) { product {
    tracksInventory hasOutOfStockVariants
    compareAtPriceRange { minVariantCompareAtPrice { amount currencyCode }
                          maxVariantCompareAtPrice { amount currencyCode } } }
  productVariants { inventoryItem { tracked } } userErrors { message } } }"""


def _row(name: str, price: str, compare_at: str | None) -> dict[str, Any]:
    return {
        "optionValues": [{"optionName": "Color", "name": name}],
        "price": price,
        "compareAtPrice": compare_at,
    }


def test_compare_at_range_spans_the_variants_that_have_one(http: httpx.Client) -> None:
    made = gql(http, CREATE).json()["data"]["productCreate"]["product"]
    rows = [_row("Blue", "5.00", "9.00"), _row("Green", "20.00", "30.00"), _row("Grey", "1", None)]

    answer = gql(http, BULK, {"p": made["id"], "v": rows}).json()["data"]
    product = answer["productVariantsBulkCreate"]["product"]

    assert made["compareAtPriceRange"] is None
    assert product == {
        "tracksInventory": True,
        "hasOutOfStockVariants": True,
        "compareAtPriceRange": {
            "minVariantCompareAtPrice": {"amount": "9.0", "currencyCode": "USD"},
            "maxVariantCompareAtPrice": {"amount": "30.0", "currencyCode": "USD"},
        },
    }
    tracked = answer["productVariantsBulkCreate"]["productVariants"]
    assert [v["inventoryItem"]["tracked"] for v in tracked] == [True, True, True]
