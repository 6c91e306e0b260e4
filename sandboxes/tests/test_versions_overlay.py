"""Per-version schema: 2026-01 (and older versions falling forward) keep the compare-and-set
inputs that 2026-04 replaced with `changeFromQuantity`."""

from __future__ import annotations

import httpx

from sandboxes.tests.conftest import gql
from stockbridge_sandboxes.shopify import SandboxApp
from stockbridge_sandboxes.shopify.seed import seed_sample

SET = """mutation($input: InventorySetQuantitiesInput!) { inventorySetQuantities(input: $input) {
  inventoryAdjustmentGroup { reason } userErrors { field message code } } }"""


def _input(sandbox: SandboxApp, **extra: object) -> dict[str, object]:
    level = sandbox.store.all("InventoryLevel")[0]
    row = {
        "inventoryItemId": level["item"]["__ref"],
        "locationId": level["location"]["__ref"],
        "quantity": 7,
    }
    row.update({k: v for k, v in extra.items() if k == "compareQuantity"})
    data: dict[str, object] = {"name": "available", "reason": "correction", "quantities": [row]}
    data.update({k: v for k, v in extra.items() if k == "ignoreCompareQuantity"})
    return data


def test_2025_versions_accept_compare_quantity_and_check_it(
    sandbox: SandboxApp, http: httpx.Client
) -> None:
    seed_sample(sandbox.store)
    stale = gql(http, SET, {"input": _input(sandbox, compareQuantity=999)}, version="2025-01")
    ignored = gql(
        http,
        SET,
        {"input": _input(sandbox, compareQuantity=999, ignoreCompareQuantity=True)},
        version="2025-01",
    )

    assert stale.json()["data"]["inventorySetQuantities"]["userErrors"] == [
        {
            "field": ["input", "quantities", "0", "compareQuantity"],
            "message": "The specified compare quantity does not match the current quantity.",
            "code": "COMPARE_QUANTITY_STALE",
        }
    ]
    assert ignored.json()["data"]["inventorySetQuantities"]["userErrors"] == []


def test_2026_07_refuses_the_removed_inputs(sandbox: SandboxApp, http: httpx.Client) -> None:
    seed_sample(sandbox.store)
    body = gql(
        http, SET, {"input": _input(sandbox, ignoreCompareQuantity=True)}, version="2026-07"
    ).json()

    assert "data" not in body or body.get("data") is None
    assert body["errors"][0]["extensions"]["code"] == "INVALID_VARIABLE"


def test_counts_are_capped_by_default_only_from_2026_04(sandbox: SandboxApp) -> None:
    from stockbridge_sandboxes.shopify.seed import seed_generated

    seed_generated(sandbox.store, 10_001, 1)
    query = "{ productsCount { count precision } }"
    old = sandbox.execute(query, version="2025-01")["data"]["productsCount"]
    new = sandbox.execute(query, version="2026-04")["data"]["productsCount"]
    asked = sandbox.execute("{ productsCount(limit: 5) { count precision } }", version="2025-01")

    assert old == {"count": 10_001, "precision": "EXACT"}
    assert new == {"count": 10_000, "precision": "AT_LEAST"}
    assert asked["data"]["productsCount"] == {"count": 5, "precision": "AT_LEAST"}
