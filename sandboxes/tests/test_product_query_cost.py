"""Requested query cost sized as Shopify's recorded costs are: connection pages count
ceil(log2(first)) node costs, root counts cost 10."""

from __future__ import annotations

import httpx

from sandboxes.tests.conftest import gql


def _requested(http: httpx.Client, query: str) -> int:
    return int(gql(http, query).json()["extensions"]["cost"]["requestedQueryCost"])


def test_connection_pages_count_log2_of_their_size_in_node_costs(http: httpx.Client) -> None:
    assert _requested(http, "{ locations(first: 10) { nodes { id name } } }") == 6
    assert _requested(http, "{ products(first: 2) { nodes { id } } }") == 3
    assert _requested(http, "{ products(first: 1) { nodes { id } } }") == 3
    assert _requested(http, "{ products(first: 250) { nodes { id } } }") == 10


def test_a_root_count_costs_ten(http: httpx.Client) -> None:
    assert _requested(http, "{ productsCount { count } }") == 10
    assert _requested(http, "{ productsCount { count } products(first: 3) { nodes { id } } }") == 14


def test_a_rich_product_read_with_three_full_pages_stays_under_the_cap(
    http: httpx.Client,
) -> None:
    query = """query($id: ID!) { product(id: $id) { id seo { title }
      media(first: 250) { nodes { id } } collections(first: 250) { nodes { id } }
      options { id optionValues { id } }
      variants(first: 250) { nodes { id selectedOptions { name } } } } }"""

    body = gql(http, query, {"id": "gid://shopify/Product/1"}).json()

    # 1 + 1 + (2 + 8) + (2 + 8) + (1 + 1) + (2 + 8 * 2)
    assert body["extensions"]["cost"]["requestedQueryCost"] == 42
    assert body["data"] == {"product": None}
