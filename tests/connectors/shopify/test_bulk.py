"""Bulk exports against the sandbox: started, awaited on Shopify's side, streamed line by line."""

from __future__ import annotations

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
