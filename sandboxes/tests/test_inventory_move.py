"""inventoryMoveQuantities: units move between quantity names at a location."""

from __future__ import annotations

import httpx

from sandboxes.tests.conftest import gql
from stockbridge_sandboxes.shopify import SandboxApp
from stockbridge_sandboxes.shopify.seed import seed_sample

MOVE = """mutation($input: InventoryMoveQuantitiesInput!) { inventoryMoveQuantities(input: $input)
  @idempotent(key: "move-1") {
  inventoryAdjustmentGroup { reason changes { name delta quantityAfterChange ledgerDocumentUri } }
  userErrors { field message code } } }"""
LEVEL = """query($item: ID!) { inventoryItem(id: $item) {
  inventoryLevel(locationId: "gid://shopify/Location/1") {
    quantities(names: ["available", "damaged", "on_hand"]) { name quantity } } } }"""


def _item(sandbox: SandboxApp) -> str:
    variant = sandbox.store.deref(seed_sample(sandbox.store)[2]["variants"][0]) or {}
    return str((variant.get("inventoryItem") or {})["__ref"])


def _move(http: httpx.Client, item: str, available: int) -> dict[str, object]:
    change = {
        "inventoryItemId": item,
        "quantity": 2,
        "from": {
            "locationId": "gid://shopify/Location/1",
            "name": "available",
            "changeFromQuantity": available,
        },
        "to": {
            "locationId": "gid://shopify/Location/1",
            "name": "damaged",
            "changeFromQuantity": 0,
            "ledgerDocumentUri": "ledger://sandbox/move/1",
        },
    }
    body = gql(
        http,
        MOVE,
        {"input": {"reason": "correction", "referenceDocumentUri": "ref://1", "changes": [change]}},
    ).json()
    return dict(body["data"]["inventoryMoveQuantities"])


def test_a_move_takes_from_one_name_and_adds_to_another(
    sandbox: SandboxApp, http: httpx.Client
) -> None:
    item = _item(sandbox)

    moved = _move(http, item, available=20)
    level = gql(http, LEVEL, {"item": item}).json()["data"]["inventoryItem"]["inventoryLevel"]

    assert moved == {
        "inventoryAdjustmentGroup": {
            "reason": "correction",
            "changes": [
                {
                    "name": "available",
                    "delta": -2,
                    "quantityAfterChange": None,
                    "ledgerDocumentUri": None,
                },
                {
                    "name": "damaged",
                    "delta": 2,
                    "quantityAfterChange": None,
                    "ledgerDocumentUri": "ledger://sandbox/move/1",
                },
            ],
        },
        "userErrors": [],
    }
    assert level["quantities"] == [
        {"name": "available", "quantity": 18},
        {"name": "damaged", "quantity": 2},
        {"name": "on_hand", "quantity": 20},
    ]


def test_a_stale_compare_quantity_moves_nothing(sandbox: SandboxApp, http: httpx.Client) -> None:
    item = _item(sandbox)

    moved = _move(http, item, available=7)

    assert moved == {
        "inventoryAdjustmentGroup": None,
        "userErrors": [
            {
                "field": ["input", "changes", "0", "from", "changeFromQuantity"],
                "message": "The specified compare quantity does not match the current quantity.",
                "code": "CHANGE_FROM_QUANTITY_STALE",
            }
        ],
    }
