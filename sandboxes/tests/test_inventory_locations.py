"""locationAdd, a location's levels (search by item, windows), and set-quantity change order."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import httpx

from sandboxes.tests.conftest import gql
from stockbridge_sandboxes.shopify import SandboxApp
from stockbridge_sandboxes.shopify.seed import seed_sample

ADD = """mutation($input: LocationAddInput!) { locationAdd(input: $input) {
  location { id name isActive fulfillsOnlineOrders } userErrors { field message code } } }"""
SET = """mutation($input: InventorySetQuantitiesInput!) { inventorySetQuantities(input: $input)
  @idempotent(key: "set-1") { inventoryAdjustmentGroup { changes { name delta } }
  userErrors { message } } }"""
LEVELS = """query($id: ID!, $query: String, $after: String) { location(id: $id) {
  inventoryLevels(first: 1, query: $query, after: $after) {
    edges { cursor node { quantities(names: ["available"]) { quantity } } }
    pageInfo { hasNextPage } } } }"""


def _add(http: httpx.Client, name: str) -> dict[str, Any]:
    address = {"address1": "1 Quay St", "city": "Boston", "countryCode": "US", "zip": "02112"}
    body = gql(http, ADD, {"input": {"name": name, "address": address}}).json()
    return dict(body["data"]["locationAdd"])


def test_location_add_makes_an_active_location_and_refuses_a_blank_name(
    http: httpx.Client,
) -> None:
    added = _add(http, "Back Room")
    blank = _add(http, "  ")

    assert added["userErrors"] == []
    assert {k: v for k, v in added["location"].items() if k != "id"} == {
        "name": "Back Room",
        "isActive": True,
        "fulfillsOnlineOrders": True,
    }
    assert blank == {
        "location": None,
        "userErrors": [
            {"field": ["input", "name"], "message": "Name can't be blank", "code": "BLANK"}
        ],
    }


def test_a_locations_levels_page_and_search_by_item_with_available_changes_first(
    sandbox: SandboxApp, http: httpx.Client
) -> None:
    products = seed_sample(sandbox.store)
    items = [
        str(((sandbox.store.deref(p["variants"][0]) or {}).get("inventoryItem") or {})["__ref"])
        for p in products[2:4]
    ]
    location = _add(http, "Back Room")["location"]["id"]
    rows = [
        {
            "inventoryItemId": item,
            "locationId": location,
            "quantity": qty,
            "changeFromQuantity": None,
        }
        for item, qty in zip(items, (4, 8), strict=True)
    ]
    for item in items:
        gql(
            http,
            """mutation($item: ID!, $location: ID!, $key: String!) {
              inventoryActivate(inventoryItemId: $item, locationId: $location)
              @idempotent(key: $key) { userErrors { message } } }""",
            {"item": item, "location": location, "key": item},
        )

    body = gql(
        http, SET, {"input": {"name": "available", "reason": "correction", "quantities": rows}}
    ).json()["data"]["inventorySetQuantities"]
    first = gql(http, LEVELS, {"id": location}).json()["data"]["location"]["inventoryLevels"]
    after = first["edges"][0]["cursor"]
    second = gql(http, LEVELS, {"id": location, "after": after}).json()["data"]["location"]
    found = gql(
        http, LEVELS, {"id": location, "query": f"inventory_item_id:{items[1].rsplit('/', 1)[-1]}"}
    ).json()["data"]["location"]["inventoryLevels"]

    assert body["inventoryAdjustmentGroup"]["changes"] == [
        {"name": "available", "delta": 4},
        {"name": "available", "delta": 8},
        {"name": "on_hand", "delta": 4},
        {"name": "on_hand", "delta": 8},
    ]
    assert first["edges"][0]["node"]["quantities"] == [{"quantity": 4}]
    assert first["pageInfo"]["hasNextPage"] is True
    assert second["inventoryLevels"]["edges"][0]["node"]["quantities"] == [{"quantity": 8}]
    assert [e["node"]["quantities"] for e in found["edges"]] == [[{"quantity": 8}]]


def test_a_spec_variable_can_take_a_resource_ids_tail_as_a_search_term(tmp_path: Path) -> None:
    from stockbridge_sandboxes.shopify.parity.runner import Replay

    replay = Replay(tmp_path, {}, {}, "2026-04")
    replay.responses["made"] = {"data": {"item": {"id": "gid://shopify/InventoryItem/77?x=1"}}}
    value = {
        "fromProxyResponse": "made",
        "path": "$.data.item.id",
        "resourceIdTail": True,
        "prefix": "inventory_item_id:",
    }

    assert replay.resolve(value) == "inventory_item_id:77"
