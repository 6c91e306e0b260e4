"""Inventory levels: activation with quantities, deactivation, and the level reads."""

from __future__ import annotations

from pathlib import Path

import httpx

from stockbridge.sandboxes.shopify import SandboxApp
from stockbridge.sandboxes.shopify.seed import seed_sample
from tests.sandboxes.conftest import gql

ACTIVATE = """mutation($item: ID!, $location: ID!, $available: Int, $onHand: Int) {
  inventoryActivate(inventoryItemId: $item, locationId: $location, available: $available,
                    onHand: $onHand) @idempotent(key: "activate-1") {
    inventoryLevel { id isActive quantities(names: ["available", "on_hand"]) { name quantity } }
    userErrors { field message } } }"""
LEVEL = """query($id: ID!) { inventoryLevel(id: $id) {
  isActive quantities(names: ["on_hand"]) { name quantity } } }"""


def _new_location(sandbox: SandboxApp, name: str) -> str:
    return str(sandbox.store.put("gid://shopify/Location/9", {"name": name, "isActive": True})["id"])


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


def test_a_recordings_summary_of_its_locations_is_a_precondition(tmp_path: Path) -> None:
    from stockbridge.sandboxes.shopify.parity.preconditions import hydrate
    from stockbridge.sandboxes.shopify.parity.runner import Replay

    location = {"id": "gid://shopify/Location/55", "name": "My Custom Location", "isActive": True}
    capture = {
        "locations": {"secondary": location},
        "request": {"input": {"id": "gid://shopify/Product/404", "title": "Ghost"}},
        "mutation": {"response": {"data": {"inventoryActivate": {"userErrors": []}}}},
    }
    spec = {"comparison": {"targets": [{"capturePath": "$.mutation.response.data"}]}}
    replay = Replay(tmp_path, spec, capture, "2026-04")
    hydrate(replay, {"InventoryActivate"})

    stored = replay.app.store.get("gid://shopify/Location/55") or {}
    assert (stored.get("name"), stored.get("isActive")) == ("My Custom Location", True)
    assert replay.app.store.get("gid://shopify/Product/404") is None
