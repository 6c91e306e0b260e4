"""Granted scopes: `currentAppInstallation.accessScopes`, and ACCESS_DENIED for a root the
token's scopes do not cover (write implies read)."""

from __future__ import annotations

import httpx

from sandboxes.tests.conftest import gql
from stockbridge_sandboxes.shopify import SandboxApp
from stockbridge_sandboxes.shopify.access_scopes import (
    MUTATION_SCOPES,
    QUERY_SCOPES,
    UNCHECKED,
    implied,
    listing,
)
from stockbridge_sandboxes.shopify.resolvers.registry import MUTATIONS, QUERIES, implemented_roots
from stockbridge_sandboxes.shopify.seed import seed_sample

SCOPES = """{ currentAppInstallation { accessScopes { handle } } }"""


def test_access_scopes_list_the_granted_handles_then_the_reads_they_imply(
    sandbox: SandboxApp, http: httpx.Client
) -> None:
    token = sandbox.credentials.issue_token("write_products,read_orders,write_inventory")

    data = gql(http, SCOPES, token=token).json()["data"]

    assert [s["handle"] for s in data["currentAppInstallation"]["accessScopes"]] == [
        "read_orders",
        "write_inventory",
        "write_products",
        "read_inventory",
        "read_products",
    ]


def test_a_read_without_the_scope_is_denied_with_shopifys_error(
    sandbox: SandboxApp, http: httpx.Client
) -> None:
    token = sandbox.credentials.issue_token("read_orders")

    body = gql(http, "{ shop { name } products(first: 1) { nodes { id } } }", token=token).json()

    assert body["errors"] == [
        {
            "message": "Access denied for products field. Required access: "
            "`read_products` access scope.",
            "locations": [{"line": 1, "column": 17}],
            "path": ["products"],
            "extensions": {
                "code": "ACCESS_DENIED",
                "documentation": "https://shopify.dev/api/usage/access-scopes",
                "requiredAccess": "`read_products` access scope.",
            },
        }
    ]
    assert body["data"] is None


def test_write_products_implies_read_products(sandbox: SandboxApp, http: httpx.Client) -> None:
    seed_sample(sandbox.store)
    token = sandbox.credentials.issue_token("write_products")

    body = gql(http, "{ productsCount { count } }", token=token).json()

    assert body["data"] == {"productsCount": {"count": 5}}


def test_an_inventory_mutation_needs_write_inventory(
    sandbox: SandboxApp, http: httpx.Client
) -> None:
    token = sandbox.credentials.issue_token("read_inventory,write_products")

    body = gql(
        http,
        """mutation { inventoryActivate(inventoryItemId: "gid://shopify/InventoryItem/1",
          locationId: "gid://shopify/Location/1") { userErrors { message } } }""",
        token=token,
    ).json()

    assert body["errors"][0]["message"] == (
        "Access denied for inventoryActivate field. Required access: "
        "`write_inventory` access scope."
    )
    assert body["data"] == {"inventoryActivate": None}


def test_orders_accept_either_documented_scope(sandbox: SandboxApp, http: httpx.Client) -> None:
    token = sandbox.credentials.issue_token("read_products")

    body = gql(http, "{ ordersCount { count } }", token=token).json()

    assert body["errors"][0]["extensions"]["requiredAccess"] == (
        "`read_orders` access scope or `read_marketplace_orders` access scope."
    )


def test_an_online_token_acts_with_its_users_scopes(
    sandbox: SandboxApp, http: httpx.Client
) -> None:
    from stockbridge_sandboxes.shopify.oauth import Grant, StaffUser

    clerk = StaffUser(id=9, first_name="C", last_name="L", email="c@example.com")
    sandbox.credentials.tokens["shpua_clerk"] = Grant(
        ("write_products", "read_orders"), mode="online", user=clerk, user_scopes=("read_orders",)
    )

    body = gql(http, "{ productsCount { count } }", token="shpua_clerk").json()

    assert body["errors"][0]["extensions"]["code"] == "ACCESS_DENIED"


def test_implied_adds_the_read_of_each_write() -> None:
    assert implied(["write_products", "read_orders"]) == {
        "write_products",
        "read_products",
        "read_orders",
    }
    assert listing(["write_orders", "read_orders"]) == ["read_orders", "write_orders"]


def test_every_root_the_sandbox_implements_has_a_scope_entry() -> None:
    implemented_roots()

    assert sorted(set(QUERIES) - set(QUERY_SCOPES) - UNCHECKED) == []
    assert sorted(set(MUTATIONS) - set(MUTATION_SCOPES) - UNCHECKED) == []
