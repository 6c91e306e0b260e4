"""A search field the queried connection does not accept is ignored, with Shopify's warning."""

from __future__ import annotations

import httpx

from sandboxes.tests.conftest import gql
from stockbridge_sandboxes.shopify import SandboxApp
from stockbridge_sandboxes.shopify.seed import seed_sample

CREATE = """mutation($input: CustomerInput!) { customerCreate(input: $input) {
  customer { id } userErrors { message } } }"""


def _warning(
    path: list[str], query: str, parsed: dict[str, object], field: str
) -> dict[str, object]:
    return {
        "path": path,
        "query": query,
        "parsed": parsed,
        "warnings": [
            {
                "field": field,
                "message": "Invalid search field for this query.",
                "code": "invalid_field",
            }
        ],
    }


def test_customers_count_ignores_email_and_warns(http: httpx.Client) -> None:
    for email in ("grace@example.com", "ada@example.com"):
        gql(http, CREATE, {"input": {"email": email}})

    body = gql(
        http,
        """query($q: String!) { all: customersCount { count }
          matching: customersCount(query: $q) { count }
          listed: customers(first: 5, query: $q) { nodes { email } } }""",
        {"q": "email:grace@example.com"},
    ).json()

    assert body["data"] == {
        "all": {"count": 2},
        "matching": {"count": 2},
        "listed": {"nodes": [{"email": "grace@example.com"}]},
    }
    assert body["extensions"]["search"] == [
        _warning(
            ["matching"],
            "email:grace@example.com",
            {"field": "email", "match_all": "grace@example.com"},
            "email",
        )
    ]


def test_products_search_ignores_an_unknown_field_among_others(
    http: httpx.Client, sandbox: SandboxApp
) -> None:
    seed_sample(sandbox.store)
    query = "made_up:x vendor:'Quay & Co'"

    body = gql(
        http,
        "query($q: String!) { products(first: 50, query: $q) { nodes { title } } }",
        {"q": query},
    ).json()

    assert body["data"] == {
        "products": {"nodes": [{"title": "Quay Canvas Tote"}, {"title": "Lantern Enamel Mug"}]}
    }
    assert body["extensions"]["search"] == [
        _warning(
            ["products"],
            query,
            {
                "and": [
                    {"field": "made_up", "match_all": "x"},
                    {"field": "vendor", "match_phrase": "Quay & Co"},
                ]
            },
            "made_up",
        )
    ]


def test_a_search_of_accepted_fields_carries_no_warning(http: httpx.Client) -> None:
    body = gql(http, '{ customers(first: 5, query: "email:a@example.com") { nodes { id } } }')

    assert "search" not in body.json()["extensions"]
