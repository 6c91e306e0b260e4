"""Bulk exports against the sandbox: started, awaited on Shopify's side, streamed line by line."""

from __future__ import annotations

import json

import httpx
import pytest

from stockbridge.channels.errors import Rejected
from stockbridge.channels.port import Endpoint
from stockbridge.channels.registry import transport_for
from stockbridge.connectors.shopify import bulk
from stockbridge.connectors.shopify.client import ShopifyClient
from tests.support.shopify_stores import Store, Stores

QUERY = "{ products { edges { node { id title variants { edges { node { id sku } } } } } } }"


def client_of(store: Store) -> ShopifyClient:
    endpoint = Endpoint(domain=store.domain, base_url=store.base_url)
    return ShopifyClient(endpoint=endpoint, token=store.token, transport=transport_for(endpoint))


def test_a_bulk_export_streams_every_object_with_parent_links(stores: Stores) -> None:
    store = stores.add("bulk-a")
    store.control("seed", {"products": 3, "variants_per_product": 2})
    client = client_of(store)

    objects = list(bulk.export(client, QUERY))

    products = [o for o in objects if o["id"].startswith("gid://shopify/Product/")]
    variants = [o for o in objects if o["id"].startswith("gid://shopify/ProductVariant/")]
    assert len(products) == 3
    assert len(variants) == 6
    assert {v["__parentId"] for v in variants} == {p["id"] for p in products}


def test_an_empty_store_exports_nothing(stores: Stores) -> None:
    store = stores.add("bulk-empty")
    assert list(bulk.export(client_of(store), QUERY)) == []


def test_a_query_shopify_refuses_says_why(stores: Stores) -> None:
    store = stores.add("bulk-bad")
    with pytest.raises(Rejected) as refused:
        list(bulk.export(client_of(store), "{ shop { name } }"))
    assert refused.value.field == "bulk query"


def result_client(body: bytes) -> ShopifyClient:
    """A client whose bulk result download answers `body` (the storage host, not a store)."""
    transport = httpx.MockTransport(lambda request: httpx.Response(200, content=body))
    endpoint = Endpoint(domain="bench.myshopify.com", base_url="https://bench.myshopify.com")
    return ShopifyClient(endpoint=endpoint, token="shpat_x", transport=transport)


RESULT = bulk.BulkResult(
    id="gid://shopify/BulkOperation/1",
    status="COMPLETED",
    object_count=0,
    url="https://storage.example/result.jsonl",
)


def test_a_result_is_read_object_by_object_across_chunks_and_blank_lines() -> None:
    lines = [
        json.dumps({"id": f"gid://shopify/Product/{n}", "title": "é" * 40}) for n in range(3000)
    ]
    body = ("\n".join(lines[:1500]) + "\n\n" + "\n".join(lines[1500:])).encode()

    objects = list(bulk.lines(result_client(body), RESULT))

    assert [o["id"] for o in objects] == [f"gid://shopify/Product/{n}" for n in range(3000)]
    assert objects[2999]["title"] == "é" * 40


def test_a_line_that_is_not_json_is_refused_by_itself() -> None:
    body = b'{"id": "gid://shopify/Product/1"}\n{"id": \n{"id": "gid://shopify/Product/3"}\n'

    with pytest.raises(json.JSONDecodeError) as refused:
        list(bulk.lines(result_client(body), RESULT))

    assert refused.value.doc == '{"id": '
