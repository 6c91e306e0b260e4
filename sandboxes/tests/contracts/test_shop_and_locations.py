"""Contract: the connector's reads: ShopInfo.graphql (`shop`, `currentAppInstallation
{ accessScopes }`), Locations.graphql (`locations(includeInactive:, sortKey: NAME)` paged)
and inventory_levels_of_items.graphql (`nodes(ids:)` of inventory items with their levels).

From Shopify's documentation (2026-07 QueryRoot; API-NOTES §2.5, §2.9, §2.11): the
installation lists the scopes granted to the calling app; locations page with `first`/`after`
and an `endCursor`, sorted by name, inactive ones only when asked for; `nodes` answers null
for an id it does not know, in the order asked.
"""

from __future__ import annotations

from typing import Any

import httpx

from sandboxes.tests.conftest import gql
from sandboxes.tests.contracts.connector_documents import document
from stockbridge_sandboxes.shopify import SandboxApp
from stockbridge_sandboxes.shopify.seed import seed_sample

SHOP_INFO = document("ShopInfo")
LOCATIONS = document("Locations")
LEVELS = document("inventory_levels_of_items")


def test_shop_info_answers_the_shop_and_the_scopes_the_app_holds(
    sandbox: SandboxApp, http: httpx.Client
) -> None:
    body = gql(http, SHOP_INFO).json()

    assert "errors" not in body
    shop = body["data"]["shop"]
    assert shop == {
        "name": "Stockbridge Sandbox",
        "myshopifyDomain": "stockbridge-sandbox.myshopify.com",
        "currencyCode": "USD",
        "plan": {
            "publicDisplayName": "Development",
            "partnerDevelopment": True,
            "shopifyPlus": False,
        },
    }
    handles = [s["handle"] for s in body["data"]["currentAppInstallation"]["accessScopes"]]
    assert {"write_inventory", "write_products"} <= set(handles)
    assert len(handles) == len(set(handles))


def _page(http: httpx.Client, first: int, after: str | None = None) -> dict[str, Any]:
    body = gql(http, LOCATIONS, {"first": first, "after": after}).json()
    return dict(body["data"]["locations"])


def test_locations_page_by_name_with_cursors(sandbox: SandboxApp, http: httpx.Client) -> None:
    seed_sample(sandbox.store)

    first = _page(http, 1)
    second = _page(http, 1, first["pageInfo"]["endCursor"])

    assert first["nodes"] == [
        {"id": "gid://shopify/Location/2", "name": "High Street Shop", "isActive": True}
    ]
    assert first["pageInfo"]["hasNextPage"] is True
    assert second["nodes"] == [
        {"id": "gid://shopify/Location/1", "name": "Stockbridge Warehouse", "isActive": True}
    ]
    assert second["pageInfo"]["hasNextPage"] is False


def test_inactive_locations_are_listed_flagged(sandbox: SandboxApp, http: httpx.Client) -> None:
    seed_sample(sandbox.store)
    location = sandbox.store.get("gid://shopify/Location/2") or {}
    location["isActive"] = False  # as locationDeactivate leaves it

    listed = _page(http, 10)["nodes"]

    assert listed == [
        {"id": "gid://shopify/Location/2", "name": "High Street Shop", "isActive": False},
        {"id": "gid://shopify/Location/1", "name": "Stockbridge Warehouse", "isActive": True},
    ]
    plain = gql(http, "{ locations(first: 10) { nodes { id } } }").json()["data"]["locations"]
    assert plain["nodes"] == [{"id": "gid://shopify/Location/1"}]


def test_a_window_needs_first_or_last(http: httpx.Client) -> None:
    body = gql(http, "{ locations { nodes { id } } }").json()

    assert [(e["message"], e["extensions"]["code"]) for e in body["errors"]] == [
        ("you must provide one of first or last", "BAD_REQUEST")
    ]


def test_levels_of_items_answer_each_location_and_null_for_an_unknown_id(
    sandbox: SandboxApp, http: httpx.Client
) -> None:
    tote = sandbox.store.deref(seed_sample(sandbox.store)[2]["variants"][0]) or {}
    item = tote["inventoryItem"]["__ref"]

    nodes = gql(http, LEVELS, {"ids": ["gid://shopify/InventoryItem/999", item]}).json()["data"][
        "nodes"
    ]

    assert nodes == [
        None,
        {
            "id": item,
            "inventoryLevels": {
                "nodes": [
                    {
                        "location": {"id": "gid://shopify/Location/1"},
                        "quantities": [{"name": "available", "quantity": 20}],
                    },
                    {
                        "location": {"id": "gid://shopify/Location/2"},
                        "quantities": [{"name": "available", "quantity": 10}],
                    },
                ]
            },
        },
    ]
