"""Contract: `inventorySetQuantities` as the connector sends it (set_inventory_quantities.graphql).

From Shopify's documentation (2026-07 mutation and InventorySetQuantitiesUserErrorCode; API-NOTES
§2.7, §2.11): `available` or `on_hand` set to absolute values; each row carries
`changeFromQuantity` (compare-and-set; explicit null skips the check, omitting it is an
error); `@idempotent(key:)` is required, a retry with the same key answers the first result
without a second write, and the key with other parameters is refused.
"""

from __future__ import annotations

from typing import Any

import httpx

from sandboxes.tests.conftest import gql
from sandboxes.tests.contracts.connector_documents import document
from stockbridge_sandboxes.shopify import SandboxApp
from stockbridge_sandboxes.shopify.seed import seed_generated, seed_sample

SET = document("set_inventory_quantities")
READ = document("inventory_levels_of_items")
WAREHOUSE = "gid://shopify/Location/1"
SHOP = "gid://shopify/Location/2"


def _item(sandbox: SandboxApp, product: int = 2) -> str:
    """The inventory item of the sample's Quay Canvas Tote (20 available at the warehouse,
    10 at the shop)."""
    variant = sandbox.store.deref(seed_sample(sandbox.store)[product]["variants"][0]) or {}
    return str(variant["inventoryItem"]["__ref"])


def _set(
    http: httpx.Client,
    rows: list[dict[str, Any]],
    key: str,
    name: str = "available",
    reason: str = "correction",
) -> dict[str, Any]:
    variables = {
        "input": {"name": name, "reason": reason, "quantities": rows},
        "key": key,
    }
    return dict(gql(http, SET, variables).json())


def _available(http: httpx.Client, item: str) -> dict[str, int]:
    node = gql(http, READ, {"ids": [item]}).json()["data"]["nodes"][0]
    return {
        level["location"]["id"]: level["quantities"][0]["quantity"]
        for level in node["inventoryLevels"]["nodes"]
    }


def _row(item: str, quantity: int, change_from: int | None, location: str = WAREHOUSE) -> Any:
    return {
        "inventoryItemId": item,
        "locationId": location,
        "quantity": quantity,
        "changeFromQuantity": change_from,
    }


def test_happy_path_sets_available_where_the_persisted_quantity_matches(
    sandbox: SandboxApp, http: httpx.Client
) -> None:
    item = _item(sandbox)

    body = _set(http, [_row(item, 7, 20), _row(item, 4, 10, SHOP)], key="happy")

    payload = body["data"]["inventorySetQuantities"]
    assert payload["userErrors"] == []
    assert payload["inventoryAdjustmentGroup"]["id"].startswith(
        "gid://shopify/InventoryAdjustmentGroup/"
    )
    assert _available(http, item) == {WAREHOUSE: 7, SHOP: 4}


def test_a_stale_change_from_quantity_is_refused_and_nothing_is_written(
    sandbox: SandboxApp, http: httpx.Client
) -> None:
    item = _item(sandbox)

    body = _set(http, [_row(item, 4, 10, SHOP), _row(item, 7, 19)], key="stale")

    assert body["data"]["inventorySetQuantities"] == {
        "inventoryAdjustmentGroup": None,
        "userErrors": [
            {
                "field": ["input", "quantities", "1", "changeFromQuantity"],
                "message": "The specified compare quantity does not match the current quantity.",
                "code": "CHANGE_FROM_QUANTITY_STALE",
            }
        ],
    }
    assert _available(http, item) == {WAREHOUSE: 20, SHOP: 10}  # the valid row too


def test_an_explicit_null_change_from_quantity_skips_the_check(
    sandbox: SandboxApp, http: httpx.Client
) -> None:
    item = _item(sandbox)

    body = _set(http, [_row(item, 3, None)], key="unchecked")

    assert body["data"]["inventorySetQuantities"]["userErrors"] == []
    assert _available(http, item)[WAREHOUSE] == 3


def test_a_row_without_change_from_quantity_is_a_top_level_error(
    sandbox: SandboxApp, http: httpx.Client
) -> None:
    item = _item(sandbox)
    row = {"inventoryItemId": item, "locationId": WAREHOUSE, "quantity": 3}

    body = _set(http, [row], key="missing")

    assert body["data"] == {"inventorySetQuantities": None}
    assert [(e["message"], e["extensions"]["code"]) for e in body["errors"]] == [
        (
            "InventoryQuantityInput must include the following argument: changeFromQuantity.",
            "INVALID_FIELD_ARGUMENTS",
        )
    ]
    assert _available(http, item)[WAREHOUSE] == 20


def test_the_idempotent_directive_is_required(sandbox: SandboxApp, http: httpx.Client) -> None:
    item = _item(sandbox)
    without = SET.replace(" @idempotent(key: $key)", "").replace(", $key: String!", "")
    variables = {
        "input": {"name": "available", "reason": "correction", "quantities": [_row(item, 3, 20)]}
    }

    body = gql(http, without, variables).json()

    assert body["data"] == {"inventorySetQuantities": None}
    assert [(e["message"], e["extensions"]["code"]) for e in body["errors"]] == [
        (
            "The @idempotent directive is required for this mutation but was not provided.",
            "BAD_REQUEST",
        )
    ]
    assert _available(http, item)[WAREHOUSE] == 20


def test_a_retry_with_the_same_key_answers_the_first_result_without_writing_again(
    sandbox: SandboxApp, http: httpx.Client
) -> None:
    item = _item(sandbox)
    first = _set(http, [_row(item, 7, 20)], key="retry")
    # Someone else sets the level in between: a replayed retry must not overwrite it.
    _set(http, [_row(item, 11, 7)], key="other-writer")

    again = _set(http, [_row(item, 7, 20)], key="retry")

    assert again["data"] == first["data"]
    assert _available(http, item)[WAREHOUSE] == 11


def test_the_same_key_with_other_parameters_is_refused(
    sandbox: SandboxApp, http: httpx.Client
) -> None:
    item = _item(sandbox)
    _set(http, [_row(item, 7, 20)], key="reused")

    body = _set(http, [_row(item, 9, 7)], key="reused")

    assert body["data"]["inventorySetQuantities"] == {
        "inventoryAdjustmentGroup": None,
        "userErrors": [
            {
                "field": None,
                "message": "The same idempotency key was used with different parameters.",
                "code": "IDEMPOTENCY_KEY_PARAMETER_MISMATCH",
            }
        ],
    }
    assert _available(http, item)[WAREHOUSE] == 7


def _only_error(body: dict[str, Any]) -> tuple[list[str], str, str]:
    payload = body["data"]["inventorySetQuantities"]
    assert payload["inventoryAdjustmentGroup"] is None
    [error] = payload["userErrors"]
    return error["field"], error["message"], error["code"]


def test_a_name_other_than_available_or_on_hand_is_refused(
    sandbox: SandboxApp, http: httpx.Client
) -> None:
    body = _set(http, [_row(_item(sandbox), 1, None)], key="name", name="committed")

    assert _only_error(body) == (
        ["input", "name"],
        "The quantity name must be either 'available' or 'on_hand'.",
        "INVALID_NAME",
    )


def test_an_unknown_reason_is_refused(sandbox: SandboxApp, http: httpx.Client) -> None:
    body = _set(http, [_row(_item(sandbox), 1, None)], key="reason", reason="because")

    field, message, code = _only_error(body)
    assert (field, code) == (["input", "reason"], "INVALID_REASON")
    assert message.startswith("The specified reason is invalid. Valid values are: correction,")


def test_an_unknown_inventory_item_is_refused(sandbox: SandboxApp, http: httpx.Client) -> None:
    _item(sandbox)
    row = _row("gid://shopify/InventoryItem/999", 1, None)

    assert _only_error(_set(http, [row], key="item")) == (
        ["input", "quantities", "0", "inventoryItemId"],
        "The specified inventory item could not be found.",
        "INVALID_INVENTORY_ITEM",
    )


def test_an_unknown_location_is_refused(sandbox: SandboxApp, http: httpx.Client) -> None:
    row = _row(_item(sandbox), 1, None, "gid://shopify/Location/999")

    assert _only_error(_set(http, [row], key="location")) == (
        ["input", "quantities", "0", "locationId"],
        "The specified location could not be found.",
        "INVALID_LOCATION",
    )


def test_an_item_not_stocked_at_the_location_is_refused(
    sandbox: SandboxApp, http: httpx.Client
) -> None:
    seed_sample(sandbox.store)
    seed_generated(sandbox.store, 1)  # stocked at the warehouse only
    generated = [p for p in sandbox.store.all("Product") if p["title"] == "Generated product 1"]
    variant = sandbox.store.deref(generated[0]["variants"][0]) or {}
    row = _row(variant["inventoryItem"]["__ref"], 1, None, SHOP)

    assert _only_error(_set(http, [row], key="unstocked")) == (
        ["input", "quantities", "0", "locationId"],
        "The specified inventory item is not stocked at the location.",
        "ITEM_NOT_STOCKED_AT_LOCATION",
    )


def test_on_hand_cannot_be_negative(sandbox: SandboxApp, http: httpx.Client) -> None:
    body = _set(http, [_row(_item(sandbox), -1, None)], key="negative", name="on_hand")

    assert _only_error(body) == (
        ["input", "quantities", "0", "quantity"],
        "The quantity can't be negative.",
        "INVALID_QUANTITY_NEGATIVE",
    )


def test_available_may_go_negative_within_the_documented_floor(
    sandbox: SandboxApp, http: httpx.Client
) -> None:
    item = _item(sandbox)

    body = _set(http, [_row(item, -5, None)], key="oversold")

    assert body["data"]["inventorySetQuantities"]["userErrors"] == []
    assert _available(http, item)[WAREHOUSE] == -5


def test_quantities_beyond_a_billion_either_way_are_refused(
    sandbox: SandboxApp, http: httpx.Client
) -> None:
    item = _item(sandbox)

    high = _set(http, [_row(item, 1_000_000_001, None)], key="high")
    low = _set(http, [_row(item, -1_000_000_001, None)], key="low")

    assert _only_error(high) == (
        ["input", "quantities", "0", "quantity"],
        "The quantity can't be higher than 1,000,000,000.",
        "INVALID_QUANTITY_TOO_HIGH",
    )
    assert _only_error(low) == (
        ["input", "quantities", "0", "quantity"],
        "The quantity can't be lower than -1,000,000,000.",
        "INVALID_QUANTITY_TOO_LOW",
    )
    assert _available(http, item)[WAREHOUSE] == 20


def test_an_item_and_location_pair_given_twice_is_refused(
    sandbox: SandboxApp, http: httpx.Client
) -> None:
    item = _item(sandbox)

    body = _set(http, [_row(item, 1, None), _row(item, 2, None)], key="twice")

    message = "The combination of inventoryItemId and locationId must be unique."
    assert body["data"]["inventorySetQuantities"]["userErrors"] == [
        {
            "field": ["input", "quantities", str(i), "locationId"],
            "message": message,
            "code": "NO_DUPLICATE_INVENTORY_ITEM_ID_GROUP_ID_PAIR",
        }
        for i in (0, 1)
    ]
