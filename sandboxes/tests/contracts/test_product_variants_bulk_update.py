"""Contract: `productVariantsBulkUpdate` as the connector sends it (update_variant_prices.graphql).

From Shopify's documentation (2026-07 mutation, ProductVariantsBulkUpdateUserErrorCode;
API-NOTES §2.10): variants of one product updated at once; with `allowPartialUpdates` the
valid rows are written even when others are refused, each refusal naming its row by index;
prices are never negative; inventory quantities cannot be given on update; the product and
each variant must exist.
"""

from __future__ import annotations

from typing import Any

import httpx

from sandboxes.tests.conftest import gql
from sandboxes.tests.contracts.connector_documents import document
from stockbridge_sandboxes.shopify import SandboxApp
from stockbridge_sandboxes.shopify.seed import seed_sample

UPDATE = document("update_variant_prices")
READ = "query($id: ID!) { productVariant(id: $id) { price compareAtPrice } }"


def _jacket(sandbox: SandboxApp) -> tuple[str, list[str]]:
    """The sample's Harbour Rain Jacket (S, M, L at 54.00) and its variant ids."""
    product = seed_sample(sandbox.store)[0]
    return product["id"], [v["__ref"] for v in product["variants"]]


def _update(http: httpx.Client, product: str, rows: list[dict[str, Any]]) -> dict[str, Any]:
    body = gql(http, UPDATE, {"productId": product, "variants": rows}).json()
    return dict(body["data"]["productVariantsBulkUpdate"])


def _price(http: httpx.Client, variant: str) -> dict[str, Any]:
    return dict(gql(http, READ, {"id": variant}).json()["data"]["productVariant"])


def test_happy_path_sets_price_compare_at_price_and_unit_cost(
    sandbox: SandboxApp, http: httpx.Client
) -> None:
    product, (small, medium, _large) = _jacket(sandbox)

    payload = _update(
        http,
        product,
        [
            {
                "id": small,
                "price": "49.00",
                "compareAtPrice": "59.00",
                "inventoryItem": {"cost": "21.5"},
            },
            {"id": medium, "price": "50.00", "compareAtPrice": None},
        ],
    )

    assert payload == {
        "productVariants": [
            {
                "id": small,
                "price": "49.00",
                "compareAtPrice": "59.00",
                "inventoryItem": {"unitCost": {"amount": "21.5"}},
            },
            {
                "id": medium,
                "price": "50.00",
                "compareAtPrice": None,
                "inventoryItem": {"unitCost": None},
            },
        ],
        "userErrors": [],
    }
    assert _price(http, small) == {"price": "49.00", "compareAtPrice": "59.00"}


def test_an_unknown_product_is_refused(sandbox: SandboxApp, http: httpx.Client) -> None:
    _product, (small, *_rest) = _jacket(sandbox)

    payload = _update(http, "gid://shopify/Product/999", [{"id": small, "price": "1.00"}])

    assert payload == {
        "productVariants": None,
        "userErrors": [
            {
                "field": ["productId"],
                "message": "Product does not exist",
                "code": "PRODUCT_DOES_NOT_EXIST",
            }
        ],
    }
    assert _price(http, small)["price"] == "54.00"


def test_an_unknown_variant_is_named_by_its_row(sandbox: SandboxApp, http: httpx.Client) -> None:
    product, _variants = _jacket(sandbox)

    payload = _update(http, product, [{"id": "gid://shopify/ProductVariant/999", "price": "1"}])

    assert payload["userErrors"] == [
        {
            "field": ["variants", "0", "id"],
            "message": "Product variant does not exist",
            "code": "PRODUCT_VARIANT_DOES_NOT_EXIST",
        }
    ]


def test_a_negative_price_is_refused_and_partial_updates_write_the_other_rows(
    sandbox: SandboxApp, http: httpx.Client
) -> None:
    product, (small, medium, _large) = _jacket(sandbox)

    payload = _update(
        http, product, [{"id": small, "price": "-1.00"}, {"id": medium, "price": "3.00"}]
    )

    assert payload["userErrors"] == [
        {
            "field": ["variants", "0", "price"],
            "message": "Price must be greater than or equal to 0",
            "code": "GREATER_THAN_OR_EQUAL_TO",
        }
    ]
    assert _price(http, small)["price"] == "54.00"
    assert _price(http, medium)["price"] == "3.00"


def test_inventory_quantities_cannot_be_given_on_update(
    sandbox: SandboxApp, http: httpx.Client
) -> None:
    product, (small, *_rest) = _jacket(sandbox)
    row = {
        "id": small,
        "inventoryQuantities": [{"locationId": "gid://shopify/Location/1", "availableQuantity": 3}],
    }

    payload = _update(http, product, [row])

    assert payload["userErrors"] == [
        {
            "field": ["variants", "0", "inventoryQuantities"],
            "message": (
                "Inventory quantities can only be provided during create. To update inventory"
                " for existing variants, use inventoryAdjustQuantities."
            ),
            "code": "NO_INVENTORY_QUANTITIES_ON_VARIANTS_UPDATE",
        }
    ]


def test_the_same_update_sent_twice_leaves_the_same_state(
    sandbox: SandboxApp, http: httpx.Client
) -> None:
    """No idempotency key exists for this mutation: it sets absolute values, so a retry after
    a lost response answers and stores what the first call did."""
    product, (small, *_rest) = _jacket(sandbox)
    row = {"id": small, "price": "47.00", "compareAtPrice": "52.00"}

    first = _update(http, product, [row])
    second = _update(http, product, [row])

    assert first == second
    assert _price(http, small) == {"price": "47.00", "compareAtPrice": "52.00"}
