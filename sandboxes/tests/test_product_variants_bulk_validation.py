"""productVariantsBulkCreate/Update/Delete refuse a batch whole, as Shopify does, and say why."""

from __future__ import annotations

from typing import Any

import httpx

from sandboxes.tests.conftest import gql
from stockbridge_sandboxes.shopify import SandboxApp
from stockbridge_sandboxes.shopify.parity.hydrate import Hydrator

PRODUCT = """mutation { productCreate(product: {title: "Tee", productOptions: [
  {name: "Color", values: [{name: "Red"}]}]}) {
  product { id variants(first: 5) { nodes { id } } } } }"""
CREATE = """mutation($p: ID!, $v: [ProductVariantsBulkInput!]!) {
  productVariantsBulkCreate(productId: $p, variants: $v) {
    product { id } productVariants { id } userErrors { field message code } } }"""
UPDATE = """mutation($p: ID!, $v: [ProductVariantsBulkInput!]!) {
  productVariantsBulkUpdate(productId: $p, variants: $v) {
    product { id } productVariants { id title } userErrors { field message code } } }"""
DELETE = """mutation($p: ID!, $ids: [ID!]!) { productVariantsBulkDelete(productId: $p,
  variantsIds: $ids) { product { id } userErrors { field message code } } }"""
READ = """query($id: ID!) { product(id: $id) { variants(first: 5) { nodes { title
  inventoryItem { unitCost { amount } } } } } }"""


def _product(http: httpx.Client) -> tuple[str, str]:
    made = gql(http, PRODUCT).json()["data"]["productCreate"]["product"]
    return made["id"], made["variants"]["nodes"][0]["id"]


def _run(http: httpx.Client, document: str, **variables: Any) -> dict[str, Any]:
    data = gql(http, document, variables).json()["data"]
    return dict(next(iter(data.values())))


def test_a_created_variant_stocked_at_an_unknown_location_refuses_the_batch(
    http: httpx.Client,
) -> None:
    product, _ = _product(http)
    rows = [
        {
            "optionValues": [{"optionName": "Color", "name": "Blue"}],
            "inventoryQuantities": [
                {"availableQuantity": 5, "locationId": "gid://shopify/Location/999999"}
            ],
        }
    ]

    created = _run(http, CREATE, p=product, v=rows)

    assert created == {
        "product": None,
        "productVariants": [],
        "userErrors": [
            {
                "field": ["variants", "0", "inventoryQuantities"],
                "message": "Quantity for Blue couldn't be set because the location was deleted.",
                "code": "TRACKED_VARIANT_LOCATION_NOT_FOUND",
            }
        ],
    }
    titles = [v["title"] for v in _run(http, READ, id=product)["variants"]["nodes"]]
    assert titles == ["Red"]


def test_an_update_batch_with_a_wrong_row_writes_nothing_and_still_answers_the_product(
    http: httpx.Client,
) -> None:
    product, variant = _product(http)
    rows = [
        {"id": variant, "optionValues": [{"optionName": "Color", "name": "Green"}]},
        {"id": "gid://shopify/ProductVariant/999999", "price": "3.00"},
    ]
    unknown_option = [{"id": variant, "optionValues": [{"optionName": "Size", "name": "L"}]}]
    stocked = [
        {
            "id": variant,
            "inventoryQuantities": [
                {"availableQuantity": 1, "locationId": "gid://shopify/Location/1"}
            ],
        }
    ]

    mixed = _run(http, UPDATE, p=product, v=rows)
    option = _run(http, UPDATE, p=product, v=unknown_option)
    quantities = _run(http, UPDATE, p=product, v=stocked)

    assert mixed == {
        "product": {"id": product},
        "productVariants": None,
        "userErrors": [
            {
                "field": ["variants", "1", "id"],
                "message": "Product variant does not exist",
                "code": "PRODUCT_VARIANT_DOES_NOT_EXIST",
            }
        ],
    }
    assert option["userErrors"] == [
        {
            "field": ["variants", "0", "optionValues", "0"],
            "message": "Option does not exist",
            "code": "OPTION_DOES_NOT_EXIST",
        }
    ]
    assert (option["product"], option["productVariants"]) == ({"id": product}, None)
    assert quantities["userErrors"][0]["code"] == "NO_INVENTORY_QUANTITIES_ON_VARIANTS_UPDATE"
    titles = [v["title"] for v in _run(http, READ, id=product)["variants"]["nodes"]]
    assert titles == ["Red"]


def test_an_out_of_range_item_cost_is_refused_on_the_row_and_on_the_field(
    http: httpx.Client,
) -> None:
    product, variant = _product(http)

    negative = _run(http, UPDATE, p=product, v=[{"id": variant, "inventoryItem": {"cost": "-5"}}])
    huge = _run(
        http, UPDATE, p=product, v=[{"id": variant, "inventoryItem": {"cost": "1" + "0" * 18}}]
    )

    assert negative == {
        "product": {"id": product},
        "productVariants": [{"id": variant, "title": "Red"}],
        "userErrors": [
            {
                "field": ["variants", "0"],
                "message": "must be greater than or equal to 0",
                "code": None,
            },
            {
                "field": ["variants", "0", "inventoryItem", "cost"],
                "message": "Cost per item must be greater than or equal to 0",
                "code": "GREATER_THAN_OR_EQUAL_TO",
            },
        ],
    }
    assert huge["userErrors"] == [
        {
            "field": ["variants", "0"],
            "message": "must be less than 1000000000000000000",
            "code": None,
        },
        {
            "field": ["variants", "0", "inventoryItem", "cost"],
            "message": "Cost per item must be less than 1000000000000000000",
            "code": "INVALID_INPUT",
        },
    ]
    costs = [
        v["inventoryItem"]["unitCost"] for v in _run(http, READ, id=product)["variants"]["nodes"]
    ]
    assert costs == [None]


def test_deleting_a_variant_of_another_product_names_its_position(http: httpx.Client) -> None:
    product, variant = _product(http)

    deleted = _run(http, DELETE, p=product, ids=[variant, "gid://shopify/ProductVariant/999999"])

    assert deleted == {
        "product": None,
        "userErrors": [
            {
                "field": ["variantsIds", "1"],
                "message": "At least one variant does not belong to the product",
                "code": "AT_LEAST_ONE_VARIANT_DOES_NOT_BELONG_TO_THE_PRODUCT",
            }
        ],
    }


def test_an_update_leaves_variant_positions_as_they_were(
    sandbox: SandboxApp, http: httpx.Client
) -> None:
    Hydrator(sandbox.store).json(
        {
            "product": {
                "id": "gid://shopify/Product/5",
                "title": "Hydrated",
                "variants": {
                    "nodes": [
                        {"id": "gid://shopify/ProductVariant/51", "position": 1, "price": "1.00"},
                        {"id": "gid://shopify/ProductVariant/52", "position": 2, "price": "2.00"},
                        {"id": "gid://shopify/ProductVariant/53", "position": 2, "price": "3.00"},
                    ]
                },
            }
        }
    )
    rows = [{"id": "gid://shopify/ProductVariant/53", "price": "9.00"}]

    gql(http, UPDATE, {"p": "gid://shopify/Product/5", "v": rows})
    read = gql(
        http,
        '{ product(id: "gid://shopify/Product/5") { variants(first: 5) { nodes { position price } } } }',
    ).json()["data"]["product"]["variants"]["nodes"]

    assert read == [
        {"position": 1, "price": "1.00"},
        {"position": 2, "price": "2.00"},
        {"position": 2, "price": "9.00"},
    ]
