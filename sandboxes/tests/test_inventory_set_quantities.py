"""inventorySetQuantities: what is checked first, and the changes it reports."""

from __future__ import annotations

import httpx

from sandboxes.tests.conftest import gql
from stockbridge_sandboxes.shopify import SandboxApp
from stockbridge_sandboxes.shopify.seed import seed_sample

SET = """mutation($input: InventorySetQuantitiesInput!) { inventorySetQuantities(input: $input)
  @idempotent(key: "set-1") {
  inventoryAdjustmentGroup { changes { name delta quantityAfterChange } }
  userErrors { field message code } } }"""
NOWHERE = "gid://shopify/Location/999"


def _item(sandbox: SandboxApp) -> str:
    variant = sandbox.store.deref(seed_sample(sandbox.store)[2]["variants"][0]) or {}
    return str((variant.get("inventoryItem") or {})["__ref"])


def _set(http: httpx.Client, rows: list[dict[str, object]]) -> dict[str, object]:
    body = gql(
        http, SET, {"input": {"name": "available", "reason": "correction", "quantities": rows}}
    ).json()
    return dict(body["data"]["inventorySetQuantities"])


def test_a_quantity_over_the_limit_is_refused_before_the_location_is_looked_up(
    sandbox: SandboxApp, http: httpx.Client
) -> None:
    row = {"inventoryItemId": _item(sandbox), "locationId": NOWHERE, "quantity": 1_000_000_001}

    assert _set(http, [{**row, "changeFromQuantity": None}])["userErrors"] == [
        {
            "field": ["input", "quantities", "0", "quantity"],
            "message": "The quantity can't be higher than 1,000,000,000.",
            "code": "INVALID_QUANTITY_TOO_HIGH",
        }
    ]


def test_every_row_of_a_pair_given_twice_is_named_before_lookups(
    sandbox: SandboxApp, http: httpx.Client
) -> None:
    row = {"inventoryItemId": _item(sandbox), "locationId": NOWHERE, "changeFromQuantity": None}

    errors = _set(http, [{**row, "quantity": 2}, {**row, "quantity": 3}])["userErrors"]

    message = "The combination of inventoryItemId and locationId must be unique."
    assert errors == [
        {
            "field": ["input", "quantities", str(i), "locationId"],
            "message": message,
            "code": "NO_DUPLICATE_INVENTORY_ITEM_ID_GROUP_ID_PAIR",
        }
        for i in (0, 1)
    ]


def test_set_changes_leave_quantity_after_change_null(
    sandbox: SandboxApp, http: httpx.Client
) -> None:
    row = {
        "inventoryItemId": _item(sandbox),
        "locationId": "gid://shopify/Location/1",
        "quantity": 30,
        "changeFromQuantity": 20,
    }

    assert _set(http, [row]) == {
        "inventoryAdjustmentGroup": {
            "changes": [
                {"name": "available", "delta": 10, "quantityAfterChange": None},
                {"name": "on_hand", "delta": 10, "quantityAfterChange": None},
            ]
        },
        "userErrors": [],
    }
