"""Import listings end to end: a seeded sandbox store pulled into the hub through the real
connector (bulk operations, JSONL), in both modes, with both master-SKU choices, paused,
previewed, with bad items failing alone and quantities per location or as a total."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from stockbridge.catalog.models import Product, Variant
from stockbridge.catalog.services import create_product, create_season
from stockbridge.catalog.specs import ProductSpec, VariantSpec
from stockbridge.channels.models import Listing
from stockbridge.channels.queries_import import ToComplete, to_complete
from stockbridge.inventory.models import StockLevel
from stockbridge.sync.models import Run, RunItem
from tests.channels.importing import (
    changes,
    channel_for,
    items,
    location,
    mapping,
    run_import,
    set_import,
)
from tests.support.shopify_stores import Store, Stores

pytestmark = pytest.mark.django_db(transaction=True)

SKUS = [
    "SB-001-1",
    "SB-001-2",
    "SB-001-3",
    "SB-002-1",
    "SB-002-2",
    "SB-003",
    "SB-004",
    "SB-005-1",
    "SB-005-2",
]
HANDLES = [
    "harbour-rain-jacket",
    "fell-walking-socks",
    "quay-canvas-tote",
    "lantern-enamel-mug",
    "moor-wool-beanie",
]
VARIANTS_UPDATE = """mutation($productId: ID!, $variants: [ProductVariantsBulkInput!]!) {
  productVariantsBulkUpdate(productId: $productId, variants: $variants) {
    userErrors { field message } } }"""


def sample(stores: Stores, name: str) -> Store:
    store = stores.add(name)
    store.control("seed", {"sample": True})
    return store


def remote_variant(store: Store, sku: str) -> dict[str, Any]:
    found = store.gql(
        "query($q: String!) { products(first: 10, query: $q) { nodes { id variants(first: 10)"
        " { nodes { id sku } } } } }",
        {"q": f"sku:{sku}"},
    )
    for product in found["products"]["nodes"]:
        for variant in product["variants"]["nodes"]:
            if variant["sku"] == sku:
                return {"product": product["id"], "id": variant["id"]}
    raise AssertionError(f"no variant {sku}")


def change_variant(store: Store, sku: str, **fields: Any) -> None:
    found = remote_variant(store, sku)
    answer = store.gql(
        VARIANTS_UPDATE,
        {"productId": found["product"], "variants": [{"id": found["id"], **fields}]},
    )
    assert answer["productVariantsBulkUpdate"]["userErrors"] == []


def stock(code: str) -> dict[str, int]:
    return dict(
        StockLevel.objects.filter(location__code=code)
        .order_by("variant__sku")
        .values_list("variant__sku", "on_hand")
    )


def hub_tote(*, sku: str = "SB-003", barcode: str = "") -> None:
    create_product(
        spec=ProductSpec(
            title="Tote Bag",
            handle="tote-bag",
            status="active",
            brand="Quay",
            product_type="Bags",
            variants=(
                VariantSpec(sku=sku, barcode=barcode, price=Decimal("20.00"), cost=Decimal("7")),
            ),
        )
    )


def test_a_seeded_store_is_created_in_the_hub_and_a_second_run_changes_nothing(
    stores: Stores,
) -> None:
    store = sample(stores, "imp-whole")
    location("WH")
    channel = channel_for(store)

    first = run_import(channel)
    second = run_import(channel)

    assert (first.status, first.counts, first.done) == ("ok", {"created": 14}, 14)
    assert list(Product.objects.order_by("id").values_list("handle", flat=True)) == HANDLES
    assert sorted(Variant.objects.values_list("sku", flat=True)) == SKUS
    assert list(
        Listing.objects.filter(channel=channel)
        .order_by("variant__sku")
        .values_list("variant__sku", "status")
    ) == [(sku, "linked") for sku in SKUS]
    # quantity as a total of both Shopify locations (10 + 5, 15 + 7, ...)
    assert stock("WH") == {
        "SB-001-1": 15,
        "SB-001-2": 15,
        "SB-001-3": 15,
        "SB-002-1": 22,
        "SB-002-2": 22,
        "SB-003": 30,
        "SB-004": 37,
        "SB-005-1": 45,
        "SB-005-2": 45,
    }
    jacket = Variant.objects.get(sku="SB-001-2")
    assert (jacket.price, jacket.attribute_values, jacket.weight_unit) == (
        Decimal("54.00"),
        ["M"],
        "kg",
    )
    assert (second.status, second.counts) == ("ok", {"unchanged": 14})
    assert RunItem.objects.filter(run=second).exclude(changes={}).count() == 0


def test_created_items_carry_their_whole_new_values_and_link(stores: Stores) -> None:
    store = sample(stores, "imp-values")
    location("WH")
    channel = channel_for(store)
    tote = remote_variant(store, "SB-003")

    run = run_import(channel)

    by_ref = {ref: (outcome, data) for ref, outcome, data in changes(run)}
    assert by_ref["product:quay-canvas-tote"] == (
        "created",
        {
            "title": [None, "Quay Canvas Tote"],
            "handle": [None, "quay-canvas-tote"],
            "description_html": [None, ""],
            "status": [None, "active"],
            "vendor": [None, "Quay & Co"],
            "product_type": [None, "Bags"],
            "category": [None, ""],
            "season": [None, None],
            "tags": [None, ["bags"]],
            "custom_fields": [None, {}],
            "attributes": [None, []],
            "images": [None, []],
        },
    )
    assert by_ref["SB-003"][0] == "created"
    assert by_ref["SB-003"][1]["price"] == [None, "24.00"]
    assert by_ref["SB-003"][1]["listing"] == [
        None,
        {
            "remote_product_id": tote["product"],
            "remote_variant_id": tote["id"],
            "remote_inventory_item_id": by_ref["SB-003"][1]["listing"][1][
                "remote_inventory_item_id"
            ],
            "status": "linked",
        },
    ]
    assert by_ref["SB-003"][1]["quantity@WH"] == [0, 30]


def test_pause_new_listings_leaves_every_new_listing_paused(stores: Stores) -> None:
    store = sample(stores, "imp-pause")
    location("WH")
    channel = channel_for(store, pause_new_listings=True)
    seen: list[tuple[int, int | None]] = []

    run_import(channel, progress=lambda done, total: seen.append((done, total)))
    again = run_import(channel)

    assert set(Listing.objects.filter(channel=channel).values_list("status", flat=True)) == {
        "paused"
    }
    assert Listing.objects.filter(channel=channel).count() == 9
    assert again.counts == {"unchanged": 14}
    assert seen == [(5, 5)]  # products done, products in the export


def test_create_only_links_an_existing_hub_variant_by_sku_and_leaves_it_as_it_is(
    stores: Stores,
) -> None:
    store = sample(stores, "imp-create-only")
    location("WH")
    hub_tote()
    channel = channel_for(store, mode="create_only")

    run = run_import(channel)

    tote = Product.objects.get(handle="tote-bag")
    assert (tote.title, tote.variants.get().price) == ("Tote Bag", Decimal("20.0000"))
    assert not Product.objects.filter(handle="quay-canvas-tote").exists()
    assert Listing.objects.get(channel=channel, variant__sku="SB-003").variant.product == tote
    found = {ref: (outcome, message) for ref, outcome, message in items(run)}
    assert found["product:quay-canvas-tote"] == (
        "unchanged",
        "exists in the hub; create only leaves it as it is",
    )
    assert found["SB-003"] == ("linked", "")
    assert run.counts == {"created": 12, "unchanged": 1, "linked": 1}


def test_create_and_overwrite_puts_shopify_data_over_the_hub_product_and_keeps_the_rest(
    stores: Stores,
) -> None:
    store = sample(stores, "imp-overwrite")
    location("WH")
    hub_tote()
    channel = channel_for(store, mode="create_and_overwrite")

    run = run_import(channel)
    again = run_import(channel)

    tote = Product.objects.get(handle="tote-bag")
    variant = tote.variants.get()
    assert (tote.title, tote.vendor, tote.brand, tote.product_type) == (
        "Quay Canvas Tote",
        "Quay & Co",
        "Quay",
        "Bags",
    )
    assert (variant.price, variant.cost) == (Decimal("24.00"), None)
    by_ref = {ref: (outcome, data) for ref, outcome, data in changes(run)}
    assert by_ref["product:quay-canvas-tote"] == (
        "updated",
        {
            "title": ["Tote Bag", "Quay Canvas Tote"],
            "vendor": ["", "Quay & Co"],
            "tags": [[], ["bags"]],
        },
    )
    assert {k: v for k, v in by_ref["SB-003"][1].items() if k != "listing"} == {
        "price": ["20.0000", "24.00"],
        "cost": ["7.0000", None],
        "weight": [None, "0"],
        "weight_unit": ["g", "kg"],
        "quantity@WH": [0, 30],
    }
    assert by_ref["SB-003"][0] == "updated"
    assert again.counts == {"unchanged": 14}


def test_import_prices_off_keeps_hub_prices_and_creates_new_ones_at_zero(
    stores: Stores,
) -> None:
    store = sample(stores, "imp-no-prices")
    location("WH")
    hub_tote()
    channel = channel_for(store, mode="create_and_overwrite", import_prices=False)

    run_import(channel)

    assert Variant.objects.get(sku="SB-003").price == Decimal("20.00")
    assert Variant.objects.get(sku="SB-004").price == Decimal(0)
    assert Variant.objects.get(sku="SB-003").cost == Decimal(7)


def test_master_sku_barcode_links_the_hub_variant_with_that_barcode(stores: Stores) -> None:
    store = sample(stores, "imp-barcode")
    location("WH")
    hub_tote(sku="HUB-TOTE", barcode="5012345678900")
    change_variant(store, "SB-003", barcode="5012345678900")
    channel = channel_for(store, master_sku="barcode")

    run = run_import(channel)

    listing = Listing.objects.get(channel=channel, variant__sku="HUB-TOTE")
    assert listing.remote_variant_id == remote_variant(store, "SB-003")["id"]
    assert not Variant.objects.filter(sku="SB-003").exists()
    assert not Product.objects.filter(handle="quay-canvas-tote").exists()
    found = {ref: outcome for ref, outcome, _ in items(run)}
    assert (found["SB-003"], found["product:quay-canvas-tote"]) == ("linked", "unchanged")


def test_master_sku_sku_ignores_the_barcode_and_creates_the_product(stores: Stores) -> None:
    store = sample(stores, "imp-by-sku")
    location("WH")
    hub_tote(sku="HUB-TOTE", barcode="5012345678900")
    change_variant(store, "SB-003", barcode="5012345678900")
    channel = channel_for(store, master_sku="sku")

    run_import(channel)

    assert Listing.objects.get(channel=channel, variant__sku="SB-003").variant.product.handle == (
        "quay-canvas-tote"
    )
    assert not Listing.objects.filter(variant__sku="HUB-TOTE").exists()


def test_duplicate_and_empty_skus_fail_alone_and_the_run_goes_on(stores: Stores) -> None:
    store = sample(stores, "imp-bad-skus")
    location("WH")
    change_variant(store, "SB-002-2", inventoryItem={"sku": "SB-001-1"})
    empty = remote_variant(store, "SB-005-1")
    change_variant(store, "SB-005-1", inventoryItem={"sku": ""})
    channel = channel_for(store)

    run = run_import(channel)

    failed = [(ref, message) for ref, outcome, message in items(run) if outcome == "failed"]
    assert failed == [
        (
            "SB-001-1 (#2)",
            "SKU SB-001-1 is also used by 'Harbour Rain Jacket' in the store; a SKU names one "
            "variant, fix it in the store",
        ),
        (empty["id"], "has no SKU in the store; the hub needs one to create the variant"),
    ]
    assert run.status == "partial"
    assert run.counts == {"created": 12, "failed": 2}
    assert sorted(Variant.objects.values_list("sku", flat=True)) == [
        "SB-001-1",
        "SB-001-2",
        "SB-001-3",
        "SB-002-1",
        "SB-003",
        "SB-004",
        "SB-005-2",
    ]


def test_a_preview_writes_nothing_and_shows_what_the_real_run_then_does(stores: Stores) -> None:
    store = sample(stores, "imp-preview")
    location("WH")
    hub_tote()
    channel = channel_for(store, mode="create_and_overwrite", pause_new_listings=True)

    preview = run_import(channel, dry_run=True)
    written = (Product.objects.count(), Listing.objects.count(), StockLevel.objects.count())
    real = run_import(channel)

    assert written == (1, 0, 0)
    assert preview.dry_run is True
    assert preview.message == "preview: nothing was written"
    assert preview.counts == real.counts == {"created": 12, "updated": 2}

    def seen(run: Run) -> list[tuple[Any, ...]]:
        return list(
            RunItem.objects.filter(run=run)
            .order_by("id")
            .values_list("ref", "outcome", "message", "changes")
        )

    assert seen(preview) == seen(real)


def test_quantities_per_location_go_to_the_mapped_hub_locations(stores: Stores) -> None:
    store = sample(stores, "imp-per-location")
    warehouse, shop = location("WH"), location("SHOP")
    channel = channel_for(store, quantities="per_location")
    mapping(channel, warehouse, "gid://shopify/Location/1")
    mapping(channel, shop, "gid://shopify/Location/2")

    run_import(channel)

    assert stock("WH")["SB-001-1"] == 10
    assert stock("SHOP")["SB-001-1"] == 5
    assert stock("WH")["SB-005-2"] == 30
    assert stock("SHOP")["SB-005-2"] == 15


def test_quantities_none_leave_hub_stock_alone(stores: Stores) -> None:
    store = sample(stores, "imp-no-stock")
    location("WH")
    channel = channel_for(store, quantities="none")

    run_import(channel)

    assert StockLevel.objects.count() == 0


def test_seasons_follow_the_published_state(stores: Stores) -> None:
    store = sample(stores, "imp-seasons")
    location("WH")
    create_season(name="SS26")
    channel = channel_for(store, season_for_published="SS26")

    run_import(channel)

    assert set(Product.objects.values_list("season__name", flat=True)) == {"SS26"}


def test_an_unknown_season_fails_the_run_naming_the_setting(stores: Stores) -> None:
    store = sample(stores, "imp-bad-season")
    channel = channel_for(store, season_for_unpublished="AW99")

    run = run_import(channel)

    assert (run.status, run.message) == ("failed", "season_for_unpublished: no season named 'AW99'")
    assert Product.objects.count() == 0


def test_imported_products_without_supplier_brand_or_cost_are_to_complete(
    stores: Stores,
) -> None:
    store = sample(stores, "imp-to-complete")
    location("WH")
    hub_tote()
    channel = channel_for(store, mode="create_only")
    set_import(channel, mode="create_only")

    run_import(channel)

    rows = to_complete(channel_id=channel.pk)
    tote = Product.objects.get(handle="tote-bag")
    assert rows[0] == ToComplete(
        product_id=tote.pk, handle="tote-bag", title="Tote Bag", missing=("supplier",)
    )
    assert [(r.handle, r.missing) for r in rows[1:]] == [
        (handle, ("supplier", "brand", "cost"))
        for handle in HANDLES
        if handle != "quay-canvas-tote"
    ]
