"""`ShopPlan` from the sandbox's plan tier, a variant's documented display name, and the
creation time of every fulfillment order."""

from __future__ import annotations

import httpx
import pytest

from sandboxes.tests.conftest import gql
from stockbridge_sandboxes.shopify import SandboxApp
from stockbridge_sandboxes.shopify.seed import seed_sample

PLAN = "{ shop { plan { publicDisplayName partnerDevelopment shopifyPlus } } }"


@pytest.mark.parametrize(
    ("tier", "expected"),
    [
        (
            "standard",
            {"publicDisplayName": "Development", "partnerDevelopment": True, "shopifyPlus": False},
        ),
        (
            "advanced",
            {"publicDisplayName": "Advanced", "partnerDevelopment": False, "shopifyPlus": False},
        ),
        ("plus", {"publicDisplayName": "Plus", "partnerDevelopment": False, "shopifyPlus": True}),
        (
            "enterprise",
            {"publicDisplayName": "Plus", "partnerDevelopment": False, "shopifyPlus": True},
        ),
    ],
)
def test_the_shop_plan_follows_the_sandbox_plan_tier(
    sandbox: SandboxApp, http: httpx.Client, tier: str, expected: dict[str, object]
) -> None:
    sandbox.throttle.set_plan(tier)

    body = gql(http, PLAN).json()

    assert body["data"]["shop"]["plan"] == expected


def test_a_variant_display_name_is_the_product_title_and_the_variant_title(
    sandbox: SandboxApp, http: httpx.Client
) -> None:
    products = seed_sample(sandbox.store)
    query = (
        """query($id: ID!) { product(id: $id) { variants(first: 5) { nodes { displayName } } } }"""
    )

    jacket = gql(http, query, {"id": products[0]["id"]}).json()["data"]["product"]
    tote = gql(http, query, {"id": products[2]["id"]}).json()["data"]["product"]

    assert [v["displayName"] for v in jacket["variants"]["nodes"]] == [
        "Harbour Rain Jacket - S",
        "Harbour Rain Jacket - M",
        "Harbour Rain Jacket - L",
    ]
    assert [v["displayName"] for v in tote["variants"]["nodes"]] == [
        "Quay Canvas Tote - Default Title"
    ]
