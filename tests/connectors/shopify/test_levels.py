"""Reading every level of a store by bulk export: one level per item x location, joined to its
location by the line's `__parentId`, whatever order the lines come in."""

from __future__ import annotations

import pytest

from stockbridge.channels.errors import Rejected
from stockbridge.channels.port import Endpoint, RemoteLevel
from stockbridge.channels.registry import transport_for
from stockbridge.connectors.shopify import levels
from stockbridge.connectors.shopify.client import ShopifyClient
from tests.support.shopify_stores import Store, Stores

LOCATION_ADD = """mutation($name: String!) {
  locationAdd(input: {name: $name, address: {countryCode: GB}}) { location { id } } }"""
PRODUCT_SET = """mutation($p: ProductSetInput!) {
  productSet(input: $p, synchronous: true) {
    product { variants(first: 10) { nodes { id sku inventoryItem { id } } } }
    userErrors { field message } } }"""


def client_of(store: Store) -> ShopifyClient:
    endpoint = Endpoint(domain=store.domain, base_url=store.base_url)
    return ShopifyClient(endpoint=endpoint, token=store.token, transport=transport_for(endpoint))


def test_every_level_of_every_item_is_read_with_its_variant_and_sku(stores: Stores) -> None:
    store = stores.add("levels-a")
    main = store.gql(LOCATION_ADD, {"name": "Main"})["locationAdd"]["location"]["id"]
    shop = store.gql(LOCATION_ADD, {"name": "Shop"})["locationAdd"]["location"]["id"]
    answer = store.gql(
        PRODUCT_SET,
        {
            "p": {
                "title": "Tee",
                "productOptions": [{"name": "Size", "values": [{"name": "S"}, {"name": "M"}]}],
                "variants": [
                    {
                        "optionValues": [{"optionName": "Size", "name": "S"}],
                        "sku": "TEE-S",
                        "price": "10.00",
                        "inventoryItem": {"tracked": True},
                        "inventoryQuantities": [
                            {"locationId": main, "name": "available", "quantity": 7},
                            {"locationId": shop, "name": "available", "quantity": -2},
                        ],
                    },
                    {
                        "optionValues": [{"optionName": "Size", "name": "M"}],
                        "sku": "TEE-M",
                        "price": "10.00",
                        "inventoryItem": {"tracked": False},
                        "inventoryQuantities": [
                            {"locationId": shop, "name": "available", "quantity": 3}
                        ],
                    },
                ],
            }
        },
    )["productSet"]
    assert answer["userErrors"] == []
    small, medium = answer["product"]["variants"]["nodes"]

    read = sorted(
        levels.read_levels(client_of(store)), key=lambda lv: (lv.sku, lv.location_remote_id)
    )

    assert read == [
        RemoteLevel(
            inventory_item_id=medium["inventoryItem"]["id"],
            location_remote_id=shop,
            available=3,
            variant_remote_id=medium["id"],
            sku="TEE-M",
            tracked=False,
        ),
        RemoteLevel(
            inventory_item_id=small["inventoryItem"]["id"],
            location_remote_id=main,
            available=7,
            variant_remote_id=small["id"],
            sku="TEE-S",
        ),
        RemoteLevel(
            inventory_item_id=small["inventoryItem"]["id"],
            location_remote_id=shop,
            available=-2,
            variant_remote_id=small["id"],
            sku="TEE-S",
        ),
    ]


def test_a_store_without_stock_reads_no_level(stores: Stores) -> None:
    store = stores.add("levels-empty")
    store.gql(LOCATION_ADD, {"name": "Main"})
    assert list(levels.read_levels(client_of(store))) == []


def line(**changes: object) -> dict[str, object]:
    base: dict[str, object] = {
        "item": {
            "id": "gid://shopify/InventoryItem/1",
            "sku": "A",
            "tracked": True,
            "variant": {"id": "gid://shopify/ProductVariant/1"},
        },
        "quantities": [{"name": "available", "quantity": 4}],
        "__parentId": "gid://shopify/Location/9",
    }
    base.update(changes)
    return base


def test_a_level_line_needs_no_parent_line_before_it() -> None:
    # with groupObjects false a level may come before its location: its own link suffices
    assert levels.level_of(line()) == RemoteLevel(
        inventory_item_id="gid://shopify/InventoryItem/1",
        location_remote_id="gid://shopify/Location/9",
        available=4,
        variant_remote_id="gid://shopify/ProductVariant/1",
        sku="A",
    )
    assert levels.level_of({"id": "gid://shopify/Location/9"}) is None


def test_a_level_of_an_item_deleted_during_the_export_is_passed_over() -> None:
    assert levels.level_of(line(item=None)) is None


@pytest.mark.parametrize(
    ("changes", "reason"),
    [
        (
            {"quantities": []},
            "item gid://shopify/InventoryItem/1: no available quantity in its level",
        ),
        (
            {"quantities": [{"name": "available", "quantity": 1_000_000_001}]},
            "item gid://shopify/InventoryItem/1: available 1000000001 is not a whole number "
            "within ±1 000 000 000",
        ),
        (
            {"quantities": [{"name": "available", "quantity": "4"}]},
            "item gid://shopify/InventoryItem/1: available '4' is not a whole number "
            "within ±1 000 000 000",
        ),
        ({"item": {"sku": "A", "tracked": True}}, "an inventory level line without its item id"),
        (
            {"item": {"id": "gid://shopify/InventoryItem/1", "sku": "A"}},
            "item gid://shopify/InventoryItem/1 without its tracked flag",
        ),
        ({"item": "x"}, "an inventory level line without its item or location"),
    ],
)
def test_a_line_without_what_a_level_needs_fails_the_read(
    changes: dict[str, object], reason: str
) -> None:
    with pytest.raises(Rejected) as refused:
        levels.level_of(line(**changes))
    assert (refused.value.field, refused.value.reason) == ("bulk result", reason)
