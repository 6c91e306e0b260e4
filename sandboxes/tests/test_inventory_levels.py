"""Inventory levels: activation with quantities, deactivation, and the level reads."""

from __future__ import annotations

import httpx

from sandboxes.tests.conftest import gql
from stockbridge_sandboxes.shopify import SandboxApp
from stockbridge_sandboxes.shopify.seed import seed_sample

ACTIVATE = """mutation($item: ID!, $location: ID!, $available: Int, $onHand: Int,
                   $key: String = "activate-1") {
  inventoryActivate(inventoryItemId: $item, locationId: $location, available: $available,
                    onHand: $onHand) @idempotent(key: $key) {
    inventoryLevel { id isActive quantities(names: ["available", "on_hand"]) { name quantity } }
    userErrors { field message } } }"""
LEVEL = """query($id: ID!) { inventoryLevel(id: $id) {
  isActive quantities(names: ["on_hand"]) { name quantity } } }"""


def _new_location(sandbox: SandboxApp, name: str) -> str:
    return str(
        sandbox.store.put("gid://shopify/Location/9", {"name": name, "isActive": True})["id"]
    )


def _first_item(sandbox: SandboxApp) -> str:
    products = seed_sample(sandbox.store)
    variant = sandbox.store.deref(products[2]["variants"][0]) or {}
    return str((variant.get("inventoryItem") or {})["__ref"])


def test_activating_with_on_hand_stocks_that_many_and_the_level_reads_back(
    sandbox: SandboxApp, http: httpx.Client
) -> None:
    item = _first_item(sandbox)
    location = _new_location(sandbox, "Back Room")

    body = gql(http, ACTIVATE, {"item": item, "location": location, "onHand": 50}).json()
    payload = body["data"]["inventoryActivate"]
    read = gql(http, LEVEL, {"id": payload["inventoryLevel"]["id"]}).json()

    assert payload["userErrors"] == []
    assert payload["inventoryLevel"]["quantities"] == [
        {"name": "available", "quantity": 50},
        {"name": "on_hand", "quantity": 50},
    ]
    assert read["data"]["inventoryLevel"] == {
        "isActive": True,
        "quantities": [{"name": "on_hand", "quantity": 50}],
    }


def test_activating_with_available_and_on_hand_together_is_refused_on_both_fields(
    sandbox: SandboxApp, http: httpx.Client
) -> None:
    item = _first_item(sandbox)
    location = _new_location(sandbox, "Back Room")

    body = gql(
        http, ACTIVATE, {"item": item, "location": location, "available": 10, "onHand": 20}
    ).json()

    message = (
        "The product couldn't be stocked at Back Room because not allowed to set available "
        "and on_hand quantities at the same time."
    )
    assert body["data"]["inventoryActivate"] == {
        "inventoryLevel": None,
        "userErrors": [
            {"field": ["available"], "message": message},
            {"field": ["onHand"], "message": message},
        ],
    }


DEACTIVATE = """mutation($id: ID!) { inventoryDeactivate(inventoryLevelId: $id)
  @idempotent(key: "deactivate-1") { userErrors { field message } } }"""
ITEM_LEVELS = """query($item: ID!, $location: ID!, $inactive: Boolean) { inventoryItem(id: $item) {
  inventoryLevels(first: 5, includeInactive: $inactive) { nodes { isActive location { name }
    quantities(names: ["available", "on_hand"]) { name quantity updatedAt } } }
  inventoryLevel(locationId: $location, includeInactive: $inactive) { isActive } } }"""


def _stocked_twice(sandbox: SandboxApp, http: httpx.Client) -> tuple[str, str, str]:
    item = _first_item(sandbox)
    location = _new_location(sandbox, "Back Room")
    body = gql(http, ACTIVATE, {"item": item, "location": location, "onHand": 7}).json()
    return item, location, body["data"]["inventoryActivate"]["inventoryLevel"]["id"]


def test_a_deactivated_level_is_kept_inactive_and_read_only_with_include_inactive(
    sandbox: SandboxApp, http: httpx.Client
) -> None:
    item, location, level = _stocked_twice(sandbox, http)

    deactivated = gql(http, DEACTIVATE, {"id": level}).json()
    active = gql(http, ITEM_LEVELS, {"item": item, "location": location}).json()
    everything = gql(
        http, ITEM_LEVELS, {"item": item, "location": location, "inactive": True}
    ).json()

    assert deactivated["data"]["inventoryDeactivate"] == {"userErrors": []}
    assert [
        n["location"]["name"] for n in active["data"]["inventoryItem"]["inventoryLevels"]["nodes"]
    ] == [
        "Stockbridge Warehouse",
        "High Street Shop",
    ]
    assert active["data"]["inventoryItem"]["inventoryLevel"] is None
    nodes = everything["data"]["inventoryItem"]["inventoryLevels"]["nodes"]
    assert [(n["location"]["name"], n["isActive"]) for n in nodes] == [
        ("Stockbridge Warehouse", True),
        ("High Street Shop", True),
        ("Back Room", False),
    ]
    assert nodes[2]["quantities"][0]["quantity"] == 7
    assert nodes[2]["quantities"][1] == {"name": "on_hand", "quantity": 7, "updatedAt": None}
    assert everything["data"]["inventoryItem"]["inventoryLevel"] == {"isActive": False}


def test_reactivating_a_deactivated_level_keeps_its_quantities(
    sandbox: SandboxApp, http: httpx.Client
) -> None:
    item, location, level = _stocked_twice(sandbox, http)
    gql(http, DEACTIVATE, {"id": level})

    body = gql(http, ACTIVATE, {"item": item, "location": location, "key": "again"}).json()

    payload = body["data"]["inventoryActivate"]
    assert payload["userErrors"] == []
    assert payload["inventoryLevel"]["isActive"] is True
    assert payload["inventoryLevel"]["quantities"] == [
        {"name": "available", "quantity": 7},
        {"name": "on_hand", "quantity": 7},
    ]


def test_the_last_active_level_cannot_be_deactivated(
    sandbox: SandboxApp, http: httpx.Client
) -> None:
    item, _location, level = _stocked_twice(sandbox, http)
    stored = sandbox.store.get(item) or {}
    for entry in stored["inventoryLevels"]:
        if entry["__ref"] != level:
            (sandbox.store.deref(entry) or {})["isActive"] = False

    body = gql(http, DEACTIVATE, {"id": level}).json()

    assert body["data"]["inventoryDeactivate"]["userErrors"] == [
        {
            "field": None,
            "message": "The product couldn't be unstocked from Back Room because products "
            "need to be stocked at a minimum of 1 location.",
        }
    ]


TOGGLE = """mutation($item: ID!, $updates: [InventoryBulkToggleActivationInput!]!) {
  inventoryBulkToggleActivation(inventoryItemId: $item, inventoryItemUpdates: $updates) {
    inventoryItem { inventoryLevels(first: 5) { nodes { location { name } } } }
    inventoryLevels { location { name } quantities(names: ["available"]) { quantity } }
    userErrors { field message code } } }"""


def test_bulk_toggle_activates_and_deactivates_an_item_at_locations(
    sandbox: SandboxApp, http: httpx.Client
) -> None:
    item = _first_item(sandbox)
    location = _new_location(sandbox, "Back Room")
    warehouse = "gid://shopify/Location/1"

    on = gql(http, TOGGLE, {"item": item, "updates": [{"locationId": location, "activate": True}]})
    off = gql(
        http,
        TOGGLE,
        {
            "item": item,
            "updates": [
                {"locationId": location, "activate": False},
                {"locationId": warehouse, "activate": False},
            ],
        },
    )

    added = on.json()["data"]["inventoryBulkToggleActivation"]
    assert added["userErrors"] == []
    assert added["inventoryLevels"] == [
        {"location": {"name": "Back Room"}, "quantities": [{"quantity": 0}]}
    ]
    removed = off.json()["data"]["inventoryBulkToggleActivation"]
    assert removed["inventoryLevels"] == []
    assert removed["inventoryItem"]["inventoryLevels"]["nodes"] == [
        {"location": {"name": "High Street Shop"}}
    ]


def test_bulk_toggle_refuses_unknown_locations_and_the_last_location(
    sandbox: SandboxApp, http: httpx.Client
) -> None:
    item = _first_item(sandbox)
    updates = [
        {"locationId": "gid://shopify/Location/999", "activate": True},
        {"locationId": "gid://shopify/Location/1", "activate": False},
        {"locationId": "gid://shopify/Location/2", "activate": False},
    ]

    body = gql(http, TOGGLE, {"item": item, "updates": updates}).json()

    assert body["data"]["inventoryBulkToggleActivation"] == {
        "inventoryItem": None,
        "inventoryLevels": None,
        "userErrors": [
            {
                "field": ["inventoryItemUpdates", "0", "locationId"],
                "message": "The quantity couldn't be updated because the location was not found.",
                "code": "LOCATION_NOT_FOUND",
            },
            {
                "field": ["inventoryItemUpdates", "2", "locationId"],
                "message": "The variant couldn't be unstocked from High Street Shop because "
                "products need to be stocked at a minimum of 1 location.",
                "code": "CANNOT_DEACTIVATE_FROM_ONLY_LOCATION",
            },
        ],
    }
