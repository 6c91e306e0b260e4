"""Catalog, inventory and order mutations behave as Shopify's do."""

from __future__ import annotations

import httpx

from sandboxes.tests.conftest import gql
from stockbridge_sandboxes.shopify import SandboxApp
from stockbridge_sandboxes.shopify.seed import seed_sample

PRODUCT_SET = """mutation($input: ProductSetInput!) { productSet(input: $input) {
  product { handle options { name values } variants(first: 10) { nodes { title sku price } } }
  userErrors { field message } } }"""
SET_QUANTITIES = """mutation($input: InventorySetQuantitiesInput!) {
  inventorySetQuantities(input: $input) @idempotent(key: "k-1") {
    inventoryAdjustmentGroup { reason changes { name delta quantityAfterChange } }
    userErrors { field message code } } }"""
ORDER_CREATE = """mutation($order: OrderCreateOrderInput!) { orderCreate(order: $order) {
  order { name displayFinancialStatus currentTotalPriceSet { shopMoney { amount } }
    totalTaxSet { shopMoney { amount } } totalDiscountsSet { shopMoney { amount } } }
  userErrors { field message } } }"""


def test_product_set_creates_the_options_and_variants_it_describes(http: httpx.Client) -> None:
    body = gql(
        http,
        PRODUCT_SET,
        {
            "input": {
                "title": "Trail Cap",
                "productOptions": [
                    {"name": "Colour", "values": [{"name": "Red"}, {"name": "Blue"}]}
                ],
                "variants": [
                    {
                        "optionValues": [{"optionName": "Colour", "name": "Red"}],
                        "sku": "CAP-R",
                        "price": "12.00",
                    },
                    {
                        "optionValues": [{"optionName": "Colour", "name": "Blue"}],
                        "sku": "CAP-B",
                        "price": "12.50",
                    },
                ],
            }
        },
    ).json()["data"]["productSet"]

    assert body == {
        "product": {
            "handle": "trail-cap",
            "options": [{"name": "Colour", "values": ["Red", "Blue"]}],
            "variants": {
                "nodes": [
                    {"title": "Red", "sku": "CAP-R", "price": "12.00"},
                    {"title": "Blue", "sku": "CAP-B", "price": "12.50"},
                ]
            },
        },
        "userErrors": [],
    }


def test_a_smart_collection_holds_the_products_its_rules_match(
    sandbox: SandboxApp, http: httpx.Client
) -> None:
    seed_sample(sandbox.store)
    created = gql(
        http,
        """mutation { collectionCreate(input: {title: "Goods",
      ruleSet: {appliedDisjunctively: false, rules: [
        {column: VENDOR, relation: EQUALS, condition: "Quay & Co"}]}}) {
      collection { id handle productsCount { count } products(first: 5) { nodes { title } } }
      userErrors { message } } }""",
    ).json()["data"]["collectionCreate"]
    collection_id = created["collection"].pop("id")
    read = gql(
        http,
        "query($id: ID!) { collection(id: $id) { productsCount { count } } }",
        {"id": collection_id},
    ).json()["data"]["collection"]

    # As recorded on Shopify, the create payload counts 0: membership is counted afterwards.
    assert created == {
        "collection": {
            "handle": "goods",
            "productsCount": {"count": 0},
            "products": {"nodes": [{"title": "Quay Canvas Tote"}, {"title": "Lantern Enamel Mug"}]},
        },
        "userErrors": [],
    }
    assert read == {"productsCount": {"count": 2}}


def test_metafields_set_is_atomic_and_normalizes_values(
    sandbox: SandboxApp, http: httpx.Client
) -> None:
    seed_sample(sandbox.store)
    owner = sandbox.store.all("Product")[0]["id"]
    query = """mutation($m: [MetafieldsSetInput!]!) { metafieldsSet(metafields: $m) {
      metafields { key value } userErrors { field message code } } }"""

    refused = gql(
        http,
        query,
        {
            "m": [
                {
                    "ownerId": owner,
                    "namespace": "custom",
                    "key": "ok",
                    "type": "boolean",
                    "value": "t",
                },
                {
                    "ownerId": owner,
                    "namespace": "custom",
                    "key": "count",
                    "type": "number_integer",
                    "value": "+5",
                },
            ]
        },
    ).json()["data"]["metafieldsSet"]
    accepted = gql(
        http,
        query,
        {
            "m": [
                {
                    "ownerId": owner,
                    "namespace": "custom",
                    "key": "ok",
                    "type": "boolean",
                    "value": "t",
                },
                {
                    "ownerId": owner,
                    "namespace": "custom",
                    "key": "count",
                    "type": "number_integer",
                    "value": "5.0",
                },
            ]
        },
    ).json()["data"]["metafieldsSet"]

    assert refused == {
        "metafields": [],
        "userErrors": [
            {
                "field": ["metafields", "1", "value"],
                "message": "Value must be an integer.",
                "code": "INVALID_VALUE",
            }
        ],
    }
    assert accepted == {
        "metafields": [{"key": "ok", "value": "true"}, {"key": "count", "value": "5"}],
        "userErrors": [],
    }


def test_set_quantities_mirrors_available_into_on_hand(
    sandbox: SandboxApp, http: httpx.Client
) -> None:
    seed_sample(sandbox.store)
    item = sandbox.store.all("InventoryItem")[0]["id"]

    body = gql(
        http,
        SET_QUANTITIES,
        {
            "input": {
                "name": "available",
                "reason": "correction",
                "quantities": [
                    {
                        "inventoryItemId": item,
                        "locationId": "gid://shopify/Location/1",
                        "quantity": 4,
                        "changeFromQuantity": 10,
                    }
                ],
            }
        },
    ).json()["data"]["inventorySetQuantities"]

    assert body == {
        "inventoryAdjustmentGroup": {
            "reason": "correction",
            "changes": [
                {"name": "available", "delta": -6, "quantityAfterChange": None},
                {"name": "on_hand", "delta": -6, "quantityAfterChange": None},
            ],
        },
        "userErrors": [],
    }


def test_a_stale_change_from_quantity_is_refused(sandbox: SandboxApp, http: httpx.Client) -> None:
    seed_sample(sandbox.store)
    item = sandbox.store.all("InventoryItem")[0]["id"]

    body = gql(
        http,
        SET_QUANTITIES,
        {
            "input": {
                "name": "available",
                "reason": "correction",
                "quantities": [
                    {
                        "inventoryItemId": item,
                        "locationId": "gid://shopify/Location/1",
                        "quantity": 4,
                        "changeFromQuantity": 3,
                    }
                ],
            }
        },
    ).json()["data"]["inventorySetQuantities"]

    assert body["userErrors"] == [
        {
            "field": ["input", "quantities", "0", "changeFromQuantity"],
            "message": "The specified compare quantity does not match the current quantity.",
            "code": "CHANGE_FROM_QUANTITY_STALE",
        }
    ]


def test_order_create_totals_lines_shipping_tax_and_discount(http: httpx.Client) -> None:
    body = gql(
        http,
        ORDER_CREATE,
        {
            "order": {
                "currency": "USD",
                "lineItems": [
                    {
                        "title": "Mug",
                        "quantity": 2,
                        "priceSet": {"shopMoney": {"amount": "20.00", "currencyCode": "USD"}},
                        "taxLines": [
                            {
                                "title": "VAT",
                                "rate": 0.05,
                                "priceSet": {
                                    "shopMoney": {"amount": "2.00", "currencyCode": "USD"}
                                },
                            }
                        ],
                    }
                ],
                "shippingLines": [
                    {
                        "title": "Post",
                        "priceSet": {"shopMoney": {"amount": "5.00", "currencyCode": "USD"}},
                    }
                ],
                "discountCode": {
                    "itemFixedDiscountCode": {
                        "code": "SAVE5",
                        "amountSet": {"shopMoney": {"amount": "5.00", "currencyCode": "USD"}},
                    }
                },
                "transactions": [
                    {
                        "kind": "SALE",
                        "status": "SUCCESS",
                        "amountSet": {"shopMoney": {"amount": "42.00", "currencyCode": "USD"}},
                    }
                ],
            }
        },
    ).json()["data"]["orderCreate"]

    assert body == {
        "order": {
            "name": "#1001",
            "displayFinancialStatus": "PAID",
            "currentTotalPriceSet": {"shopMoney": {"amount": "42.0"}},
            "totalTaxSet": {"shopMoney": {"amount": "2.0"}},
            "totalDiscountsSet": {"shopMoney": {"amount": "5.0"}},
        },
        "userErrors": [],
    }


def test_inventory_mutations_need_the_idempotent_directive_from_2026_04(
    sandbox: SandboxApp, http: httpx.Client
) -> None:
    seed_sample(sandbox.store)
    item = sandbox.store.all("InventoryItem")[0]["id"]
    query = SET_QUANTITIES.replace(' @idempotent(key: "k-1")', "")

    body = gql(
        http,
        query,
        {
            "input": {
                "name": "available",
                "reason": "correction",
                "quantities": [
                    {
                        "inventoryItemId": item,
                        "locationId": "gid://shopify/Location/1",
                        "quantity": 4,
                        "changeFromQuantity": None,
                    }
                ],
            }
        },
        version="2026-04",
    ).json()

    assert body["errors"][0]["message"] == (
        "The @idempotent directive is required for this mutation but was not provided."
    )
    assert body["errors"][0]["extensions"] == {"code": "BAD_REQUEST"}
    assert body["data"] == {"inventorySetQuantities": None}
