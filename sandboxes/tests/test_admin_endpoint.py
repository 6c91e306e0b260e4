"""The Admin GraphQL endpoint: auth, versions, execution against the SDL, error shapes."""

from __future__ import annotations

import httpx

from sandboxes.tests.conftest import gql
from stockbridge_sandboxes.shopify import SandboxApp
from stockbridge_sandboxes.shopify.seed import seed_sample

SHOP = "{ shop { name myshopifyDomain } }"


def test_a_request_without_a_valid_token_is_refused_with_shopifys_401(http: httpx.Client) -> None:
    response = gql(http, SHOP, token="shpat_wrong")

    assert response.status_code == 401
    assert response.json() == {
        "errors": "[API] Invalid API key or access token (unrecognized login or wrong password)"
    }


def test_the_shop_query_answers_with_data_and_cost(http: httpx.Client) -> None:
    response = gql(http, SHOP)

    assert response.status_code == 200
    assert response.headers["X-Shopify-API-Version"] == "2026-07"
    assert response.json() == {
        "data": {
            "shop": {
                "name": "Stockbridge Sandbox",
                "myshopifyDomain": "stockbridge-sandbox.myshopify.com",
            }
        },
        "extensions": {
            "cost": {
                "requestedQueryCost": 1,
                "actualQueryCost": 1,
                "throttleStatus": {
                    "maximumAvailable": 2000.0,
                    "currentlyAvailable": 1999,
                    "restoreRate": 100.0,
                },
            }
        },
    }


def test_an_old_version_falls_forward_to_the_oldest_supported(http: httpx.Client) -> None:
    response = gql(http, SHOP, version="2024-01")

    assert response.headers["X-Shopify-API-Version"] == "2026-01"
    assert response.json()["data"]["shop"]["name"] == "Stockbridge Sandbox"


def test_a_supported_version_is_served_as_asked(http: httpx.Client) -> None:
    assert gql(http, SHOP, version="2026-04").headers["X-Shopify-API-Version"] == "2026-04"


def test_a_field_outside_the_schema_is_a_validation_error(http: httpx.Client) -> None:
    body = gql(http, "{ shop { nonsense } }").json()

    assert body == {
        "errors": [
            {
                "message": "Field 'nonsense' doesn't exist on type 'Shop'",
                "locations": [{"line": 1, "column": 10}],
                "path": ["query", "shop", "nonsense"],
                "extensions": {
                    "code": "undefinedField",
                    "typeName": "Shop",
                    "fieldName": "nonsense",
                },
            }
        ]
    }


def test_a_missing_required_variable_is_an_invalid_variable_error(http: httpx.Client) -> None:
    query = "mutation Cancel($id: ID!) { fulfillmentCancel(id: $id) { userErrors { message } } }"

    body = gql(http, query, {}).json()

    assert body == {
        "errors": [
            {
                "message": "Variable $id of type ID! was provided invalid value",
                "locations": [{"line": 1, "column": 17}],
                "extensions": {
                    "code": "INVALID_VARIABLE",
                    "value": None,
                    "problems": [{"path": [], "explanation": "Expected value to not be null"}],
                },
            }
        ]
    }


def test_products_are_paged_with_cursors(sandbox: SandboxApp, http: httpx.Client) -> None:
    seed_sample(sandbox.store)
    query = """query($after: String) { products(first: 2, after: $after, sortKey: TITLE) {
      nodes { title } pageInfo { hasNextPage endCursor } } }"""

    first = gql(http, query).json()["data"]["products"]
    second = gql(http, query, {"after": first["pageInfo"]["endCursor"]}).json()["data"]["products"]

    assert [p["title"] for p in first["nodes"]] == ["Fell Walking Socks", "Harbour Rain Jacket"]
    assert [p["title"] for p in second["nodes"]] == ["Lantern Enamel Mug", "Moor Wool Beanie"]
    assert second["pageInfo"]["hasNextPage"] is True


def test_a_query_over_the_single_query_cap_is_refused_before_running(
    http: httpx.Client,
) -> None:
    query = (
        "{ products(first: 250) { nodes { variants(first: 250) { nodes { inventoryItem {"
        " inventoryLevels(first: 250) { nodes { location { id } } } } } } } } }"
    )

    body = gql(http, query).json()

    assert body["errors"][0]["extensions"] == {
        "code": "MAX_COST_EXCEEDED",
        "cost": 1306,
        "maxCost": 1000,
        "documentation": "https://shopify.dev/api/usage/limits#rate-limits",
    }
    assert "data" not in body


def test_an_input_list_over_250_items_is_refused(http: httpx.Client) -> None:
    query = (
        'mutation($tags: [String!]!) { tagsAdd(id: "gid://shopify/Product/1", tags: $tags)'
        " { userErrors { message } } }"
    )

    body = gql(http, query, {"tags": [f"t{i}" for i in range(251)]}).json()

    assert body["errors"][0]["message"] == (
        "The input array size of 251 is greater than the maximum allowed of 250."
    )
    assert body["errors"][0]["path"] == ["tagsAdd", "tags"]
    assert body["errors"][0]["extensions"] == {"code": "MAX_INPUT_SIZE_EXCEEDED"}
