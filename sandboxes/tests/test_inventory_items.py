"""inventoryItemUpdate: fields set on the item, and Shopify's checks reported together."""

from __future__ import annotations

import httpx

from sandboxes.tests.conftest import gql
from stockbridge_sandboxes.shopify import SandboxApp
from stockbridge_sandboxes.shopify.seed import seed_sample

UPDATE = """mutation($id: ID!, $input: InventoryItemInput!) { inventoryItemUpdate(id: $id, input: $input) {
  inventoryItem { tracked requiresShipping countryCodeOfOrigin provinceCodeOfOrigin
    harmonizedSystemCode measurement { weight { unit value } } unitCost { amount } }
  userErrors { field message } } }"""


def _item(sandbox: SandboxApp) -> str:
    variant = sandbox.store.deref(seed_sample(sandbox.store)[2]["variants"][0]) or {}
    return str((variant.get("inventoryItem") or {})["__ref"])


def test_an_update_sets_the_items_fields(sandbox: SandboxApp, http: httpx.Client) -> None:
    item = _item(sandbox)
    data = {
        "tracked": True,
        "requiresShipping": False,
        "countryCodeOfOrigin": "CA",
        "provinceCodeOfOrigin": "ON",
        "harmonizedSystemCode": "6203.43",
        "measurement": {"weight": {"unit": "KILOGRAMS", "value": 2.5}},
        "cost": "4.20",
    }

    body = gql(http, UPDATE, {"id": item, "input": data}).json()["data"]["inventoryItemUpdate"]

    assert body == {
        "inventoryItem": {
            "tracked": True,
            "requiresShipping": False,
            "countryCodeOfOrigin": "CA",
            "provinceCodeOfOrigin": "ON",
            "harmonizedSystemCode": "620343",
            "measurement": {"weight": {"unit": "KILOGRAMS", "value": 2.5}},
            "unitCost": {"amount": "4.2"},
        },
        "userErrors": [],
    }


def test_every_problem_is_reported_and_nothing_changes(
    sandbox: SandboxApp, http: httpx.Client
) -> None:
    item = _item(sandbox)
    data = {
        "cost": "-5.00",
        "measurement": {"weight": {"unit": "POUNDS", "value": -1}},
        "countryCodeOfOrigin": "ZZ",
        "harmonizedSystemCode": "12",
    }

    body = gql(http, UPDATE, {"id": item, "input": data}).json()["data"]["inventoryItemUpdate"]

    assert body == {
        "inventoryItem": None,
        "userErrors": [
            {"field": ["input", "cost"], "message": "Cost must be greater than or equal to 0"},
            {
                "field": ["input", "measurement", "weight"],
                "message": "Measurement weight value -1 lb must be >= 0 lb",
            },
            {
                "field": ["input", "countryCodeOfOrigin"],
                "message": "Country code of origin is invalid",
            },
            {
                "field": ["input", "harmonizedSystemCode"],
                "message": "Harmonized system code must be a number between six and thirteen digits",
            },
        ],
    }
    assert (sandbox.store.get(item) or {}).get("countryCodeOfOrigin") is None
