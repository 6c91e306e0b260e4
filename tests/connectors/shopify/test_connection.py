"""Test connection and locations against a sandbox store, over real GraphQL."""

from __future__ import annotations

from stockbridge.channels.port import Endpoint, RemoteLocation, ShopInfo
from stockbridge.connectors.shopify import connection
from stockbridge.connectors.shopify.client import ShopifyClient
from tests.support.shopify_stores import Store, Stores
from tests.support.shops import grant, seed_shop


def client_for(store: Store, stores: Stores) -> ShopifyClient:
    endpoint = Endpoint(domain=store.domain, base_url=store.base_url)
    return ShopifyClient(endpoint=endpoint, token=store.token, transport=stores.route(endpoint))


def test_locations_lists_every_location_of_the_store(stores: Stores) -> None:
    store = stores.add("shop-a")
    store.control("seed", {"sample": True})
    found = connection.locations(client_for(store, stores))
    assert found == [
        RemoteLocation(remote_id="gid://shopify/Location/2", name="High Street Shop", active=True),
        RemoteLocation(
            remote_id="gid://shopify/Location/1", name="Stockbridge Warehouse", active=True
        ),
    ]


def test_locations_pages_through_the_connection(stores: Stores) -> None:
    store = stores.add("shop-a")
    store.control("seed", {"sample": True})
    client = client_for(store, stores)
    for n in range(3):
        store.gql(
            "mutation($input: LocationAddInput!) { locationAdd(input: $input) "
            "{ location { id } userErrors { message } } }",
            {"input": {"name": f"Pop-up {n}", "address": {"countryCode": "GB"}}},
        )
    connection.PAGE, saved = 2, connection.PAGE
    try:
        names = [loc.name for loc in connection.locations(client)]
    finally:
        connection.PAGE = saved
    assert names == [
        "High Street Shop",
        "Pop-up 0",
        "Pop-up 1",
        "Pop-up 2",
        "Stockbridge Warehouse",
    ]
    assert client.stats.calls == 3


def test_shop_info_names_the_shop_its_plan_currency_and_granted_scopes(stores: Stores) -> None:
    store = stores.add("shop-a")
    seed_shop(store, name="Moor Outfitters", currency="GBP", plan="Grow")
    store.token = grant(store, "shpat_limited", "read_products,write_inventory")
    info = connection.shop_info(client_for(store, stores))
    assert info == ShopInfo(
        name="Moor Outfitters",
        domain="shop-a.myshopify.com",
        plan="Grow",
        currency="GBP",
        # Shopify lists the read scope a write scope implies
        scopes=frozenset({"read_inventory", "read_products", "write_inventory"}),
    )
