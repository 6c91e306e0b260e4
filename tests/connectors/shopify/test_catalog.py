"""The catalog export against the sandbox: two bulk operations, streamed and joined."""

from __future__ import annotations

from decimal import Decimal

import pytest

from stockbridge.channels.errors import Unavailable
from stockbridge.channels.port import Endpoint, Metafield, RemoteQuantity
from stockbridge.channels.registry import transport_for
from stockbridge.connectors.shopify import catalog
from stockbridge.connectors.shopify.client import ShopifyClient
from tests.support.shopify_stores import Store, Stores

ACTIVEWEAR = "gid://shopify/TaxonomyCategory/aa-1-1"
PRODUCT_SET = """mutation($input: ProductSetInput!) {
  productSet(input: $input, synchronous: true) {
    product { id variants(first: 5) { nodes { id sku inventoryItem { id } } } }
    userErrors { field message } } }"""
PRODUCT_CREATE = """mutation($p: ProductCreateInput!, $m: [CreateMediaInput!]) {
  productCreate(product: $p, media: $m) { product { id } userErrors { field message } } }"""


def client_of(store: Store) -> ShopifyClient:
    endpoint = Endpoint(domain=store.domain, base_url=store.base_url)
    return ShopifyClient(endpoint=endpoint, token=store.token, transport=transport_for(endpoint))


def test_every_field_the_import_reads_comes_through(stores: Stores) -> None:
    store = stores.add("catalog-fields")
    store.app.store.put(
        ACTIVEWEAR,
        {
            "name": "Activewear",
            "fullName": "Apparel & Accessories > Clothing > Activewear",
            "isLeaf": False,
            "level": 3,
            "parentId": "gid://shopify/TaxonomyCategory/aa-1",
        },
    )
    shirt = store.gql(
        PRODUCT_SET,
        {
            "input": {
                "title": "Trail Shirt",
                "handle": "trail-shirt",
                "vendor": "Fell Co",
                "productType": "Shirts",
                "status": "DRAFT",
                "tags": ["merino", "trail"],
                "descriptionHtml": "<p>Light.</p>",
                "category": ACTIVEWEAR,
                "metafields": [
                    {
                        "namespace": "custom",
                        "key": "fabric",
                        "type": "single_line_text_field",
                        "value": "Merino",
                    }
                ],
                "productOptions": [{"name": "Size", "values": [{"name": "S"}, {"name": "M"}]}],
                "variants": [
                    {
                        "optionValues": [{"optionName": "Size", "name": "S"}],
                        "price": "30.00",
                        "compareAtPrice": "35.00",
                        "barcode": "501",
                        "inventoryItem": {
                            "sku": "TS-S",
                            "cost": "12.5",
                            "tracked": True,
                            "measurement": {"weight": {"value": 250, "unit": "GRAMS"}},
                        },
                    },
                    {
                        "optionValues": [{"optionName": "Size", "name": "M"}],
                        "price": "30.00",
                        "barcode": "502",
                        "inventoryItem": {"sku": "TS-M", "tracked": False},
                    },
                ],
            }
        },
    )["productSet"]["product"]
    store.gql(
        PRODUCT_CREATE,
        {
            "p": {"title": "Quay Tote", "handle": "quay-tote"},
            "m": [
                {"originalSource": "https://cdn.example.com/tote.jpg", "mediaContentType": "IMAGE"}
            ],
        },
    )
    store.control("clock/advance", {"seconds": 11})  # media finish processing

    export = catalog.export_catalog(client_of(store))
    products = list(export)

    assert export.total == 2
    trail, tote = products
    assert (trail.remote_id, trail.title, trail.handle, trail.status, trail.published) == (
        shirt["id"],
        "Trail Shirt",
        "trail-shirt",
        "draft",
        True,
    )
    assert (trail.vendor, trail.product_type, trail.description_html, trail.tags) == (
        "Fell Co",
        "Shirts",
        "<p>Light.</p>",
        ("merino", "trail"),
    )
    assert trail.category == f"{ACTIVEWEAR} | Apparel & Accessories > Clothing > Activewear"
    assert trail.option_names == ("Size",)
    assert trail.metafields == (
        Metafield(namespace="custom", key="fabric", type="single_line_text_field", value="Merino"),
    )
    small, medium = trail.variants
    assert (small.sku, small.barcode, small.options, small.position) == (
        "TS-S",
        "501",
        (("Size", "S"),),
        1,
    )
    assert (small.price, small.compare_at_price, small.cost) == (
        Decimal("30.00"),
        Decimal("35.00"),
        Decimal("12.5"),
    )
    assert (small.weight, small.weight_unit, small.tracked) == (Decimal("250.0"), "GRAMS", True)
    assert small.inventory_item_id == shirt["variants"]["nodes"][0]["inventoryItem"]["id"]
    assert (medium.sku, medium.tracked, medium.cost) == ("TS-M", False, None)
    assert tote.option_names == ()
    assert tote.variants[0].options == ()
    assert tote.image_urls == ("https://cdn.example.com/tote.jpg",)


def test_quantities_are_joined_by_inventory_item(stores: Stores) -> None:
    store = stores.add("catalog-levels")
    store.control("seed", {"sample": True})

    products = list(catalog.export_catalog(client_of(store)))

    jacket = products[0].variants[0]
    assert jacket.sku == "SB-001-1"
    assert sorted(jacket.quantities, key=lambda q: q.location_remote_id) == [
        RemoteQuantity(location_remote_id="gid://shopify/Location/1", available=10),
        RemoteQuantity(location_remote_id="gid://shopify/Location/2", available=5),
    ]


def test_without_quantities_no_levels_export_runs(stores: Stores) -> None:
    store = stores.add("catalog-no-levels")
    store.control("seed", {"sample": True})

    products = list(catalog.export_catalog(client_of(store), quantities=False))

    assert [len(p.variants) for p in products] == [3, 2, 1, 1, 2]
    assert {q for p in products for v in p.variants for q in v.quantities} == set()


def test_a_child_apart_from_its_product_stops_the_export() -> None:
    lines = [
        {"id": "gid://shopify/Product/1", "title": "A", "options": []},
        {"id": "gid://shopify/Product/2", "title": "B", "options": []},
        {
            "id": "gid://shopify/ProductVariant/3",
            "sku": "A-1",
            "__parentId": "gid://shopify/Product/1",
        },
    ]

    with pytest.raises(Unavailable) as stopped:
        list(catalog.assemble(lines, {}))
    assert stopped.value.message == (
        "Shopify's product export is not grouped: an object came apart from its product; "
        "run the import again"
    )


def test_levels_are_read_by_item_whatever_their_order() -> None:
    lines = [
        {
            "id": "gid://shopify/InventoryLevel/9?inventory_item_id=5",
            "item": {"id": "gid://shopify/InventoryItem/5"},
            "quantities": [{"name": "available", "quantity": 3}],
            "__parentId": "gid://shopify/Location/2",
        },
        {"id": "gid://shopify/Location/1"},
        {
            "id": "gid://shopify/InventoryLevel/8?inventory_item_id=5",
            "item": {"id": "gid://shopify/InventoryItem/5"},
            "quantities": [{"name": "available", "quantity": -2}],
            "__parentId": "gid://shopify/Location/1",
        },
    ]

    assert catalog.read_levels(lines) == {
        "gid://shopify/InventoryItem/5": (
            RemoteQuantity("gid://shopify/Location/2", 3),
            RemoteQuantity("gid://shopify/Location/1", -2),
        )
    }
