"""Reconciliation end to end against sandbox stores: the hub's stock through the inventory
services, the store's levels through its Admin API, the run through `run_operation`.

Each store has one location ("Main") fed by our warehouse WH; the channel lists with a buffer
of 1. Hub stock is set before any listing exists, so nothing but the reconciliation talks to
the store while a test runs."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import pytest

from stockbridge.catalog.services import create_product, delete_product
from stockbridge.catalog.specs import ProductSpec, VariantSpec
from stockbridge.channels.access import seal
from stockbridge.channels.models import (
    Channel,
    ChannelStatus,
    Listing,
    ListingLevel,
    ListingStatus,
    LocationMapping,
)
from stockbridge.channels.port import Credentials, ItemResult, Outcome
from stockbridge.inventory.locations import LocationSpec, create_location
from stockbridge.inventory.models import Location
from stockbridge.inventory.services.adjusting import adjust
from stockbridge.platform import clock
from stockbridge.sync import runs
from stockbridge.sync.models import Run, RunItem
from stockbridge.sync.operations import run_operation
from stockbridge.sync.reconcile import report_lines
from tests.support.shopify_stores import Store, Stores

pytestmark = pytest.mark.django_db

LOCATION_ADD = """mutation($name: String!) {
  locationAdd(input: {name: $name, address: {countryCode: GB}}) {
    location { id } userErrors { field message } } }"""
PRODUCT_SET = """mutation($p: ProductSetInput!) {
  productSet(input: $p, synchronous: true) {
    product { id variants(first: 10) { nodes { id sku inventoryItem { id } } } }
    userErrors { field message code } } }"""
SET_QUANTITIES = """mutation($input: InventorySetQuantitiesInput!, $key: String!) {
  inventorySetQuantities(input: $input) @idempotent(key: $key) {
    userErrors { field message code } } }"""
LEVEL = """query($item: ID!, $location: ID!) {
  inventoryItem(id: $item) { inventoryLevel(locationId: $location) {
    quantities(names: ["available"]) { quantity } } } }"""
DELETE_VARIANTS = """mutation($product: ID!, $ids: [ID!]!) {
  productVariantsBulkDelete(productId: $product, variantsIds: $ids) {
    userErrors { field message } } }"""
BULK_READ = {"BulkRunQuery", "BulkOperation"}


@dataclass
class Shop:
    """One sandbox store connected as a channel, with its location mapped to our WH."""

    store: Store
    channel: Channel
    location: str  # the store's location gid
    warehouse: Location
    items: dict[str, tuple[str, str, str]]  # sku -> (product id, variant id, item id)

    def level(self, sku: str) -> int:
        data = self.store.gql(LEVEL, {"item": self.items[sku][2], "location": self.location})
        quantities = data["inventoryItem"]["inventoryLevel"]["quantities"]
        return int(quantities[0]["quantity"])

    def set_level(self, sku: str, quantity: int) -> None:
        """Change the store's figure behind the hub's back (a merchant editing it in Shopify)."""
        data = self.store.gql(
            SET_QUANTITIES,
            {
                "key": str(uuid.uuid4()),
                "input": {
                    "name": "available",
                    "reason": "correction",
                    "quantities": [
                        {
                            "inventoryItemId": self.items[sku][2],
                            "locationId": self.location,
                            "quantity": quantity,
                            "changeFromQuantity": None,
                        }
                    ],
                },
            },
        )
        assert data["inventorySetQuantities"]["userErrors"] == []

    def calls_since(self, start: int) -> list[str]:
        return [str(e["operation"]) for e in self.store.app.request_log[start:]]


def warehouse(code: str = "WH") -> Location:
    found = Location.objects.filter(code=code).first()
    return found or create_location(spec=LocationSpec(name=f"Warehouse {code}", code=code))


def hub_variant(sku: str, *, available: int, at: Location) -> int:
    product = create_product(
        spec=ProductSpec(
            title=f"Product {sku}", variants=(VariantSpec(sku=sku, price=Decimal(10)),)
        )
    )
    variant_id = int(product.variants.get().pk)
    if available:
        adjust(variant_id=variant_id, location_id=at.pk, delta=available)
    return variant_id


def connect(
    stores: Stores, name: str, shown: dict[str, int], *, buffer: int = 1, at: Location
) -> Shop:
    """A sandbox store showing `shown` (sku -> available at its one location), connected as a
    channel whose location is fed by `at`; no listing yet."""
    store = stores.add(name)
    location = store.gql(LOCATION_ADD, {"name": "Main"})["locationAdd"]["location"]["id"]
    items: dict[str, tuple[str, str, str]] = {}
    for sku, quantity in shown.items():
        product = store.gql(
            PRODUCT_SET,
            {
                "p": {
                    "title": f"Product {sku}",
                    "productOptions": [{"name": "Title", "values": [{"name": "Default"}]}],
                    "variants": [
                        {
                            "optionValues": [{"optionName": "Title", "name": "Default"}],
                            "sku": sku,
                            "price": "10.00",
                            "inventoryItem": {"tracked": True},
                            "inventoryQuantities": [
                                {"locationId": location, "name": "available", "quantity": quantity}
                            ],
                        }
                    ],
                }
            },
        )["productSet"]
        assert product["userErrors"] == []
        variant = product["product"]["variants"]["nodes"][0]
        items[sku] = (product["product"]["id"], variant["id"], variant["inventoryItem"]["id"])
    now = clock.now()
    channel = Channel.objects.create(
        kind="shopify",
        name=name,
        domain=store.domain,
        base_url=store.base_url,
        credentials=seal(Credentials(access_token=store.token)),
        status=ChannelStatus.CONNECTED,
        buffer=buffer,
        created_at=now,
        connected_at=now,
    )
    LocationMapping.objects.create(
        channel=channel, location=at, remote_location_id=location, remote_name="Main"
    )
    return Shop(store=store, channel=channel, location=location, warehouse=at, items=items)


def list_on(shop: Shop, sku: str, variant_id: int) -> Listing:
    product_id, remote_variant, item = shop.items[sku]
    now = clock.now()
    return Listing.objects.create(
        channel=shop.channel,
        variant_id=variant_id,
        remote_product_id=product_id,
        remote_variant_id=remote_variant,
        remote_inventory_item_id=item,
        created_at=now,
        updated_at=now,
    )


def reconcile(shop: Shop, *, dry_run: bool = False) -> Run:
    return run_operation(channel_id=shop.channel.pk, operation="reconcile", dry_run=dry_run)


def items_of(run: Run) -> list[dict[str, Any]]:
    return list(
        RunItem.objects.filter(run=run)
        .order_by("id")
        .values("ref", "outcome", "error_kind", "changes", "message")
    )


def test_a_drifted_level_is_repaired_and_a_matching_one_is_not_pushed(stores: Stores) -> None:
    wh = warehouse()
    tee = hub_variant("TEE-S", available=6, at=wh)
    mug = hub_variant("MUG", available=3, at=wh)
    shop = connect(stores, "shop-a", {"TEE-S": 5, "MUG": 2, "NOT-OURS": 9}, at=wh)
    tee_listing = list_on(shop, "TEE-S", tee)
    list_on(shop, "MUG", mug)
    shop.set_level("TEE-S", 7)  # someone edits Shopify's figure
    start = len(shop.store.app.request_log)

    run = reconcile(shop)

    pushes = [c for c in shop.calls_since(start) if c not in BULK_READ]
    assert len(pushes) == 1  # one correction call, for TEE-S only
    assert shop.level("TEE-S") == 5
    assert shop.level("MUG") == 2
    assert run.status == "ok"
    assert items_of(run) == [
        {
            "ref": "TEE-S @ Main",
            "outcome": "updated",
            "error_kind": "",
            "changes": {"quantity": [7, 5]},
            "message": "Shopify showed 7, the hub lists 5 (available 6 at WH, buffer 1); "
            "the hub had not pushed this level before",
        }
    ]
    assert run.counts == {
        "updated": 1,
        "drifted": 1,
        "corrected": 1,
        "in_sync": 1,
        "ignored": 1,
    }
    assert run.message == (
        "2 levels compared; 1 in sync; 1 drifted (1 corrected); "
        "1 levels of items the hub does not list ignored"
    )
    pushed = ListingLevel.objects.get(listing=tee_listing, remote_location_id=shop.location)
    assert (pushed.pushed, pushed.pushed_by_run, pushed.confirmed) == (5, run.pk, 5)
    assert pushed.pushed_at is not None and pushed.confirmed_at is not None
    matched = ListingLevel.objects.get(listing__variant_id=mug)
    assert (matched.pushed, matched.pushed_by_run, matched.confirmed) == (None, None, 2)
    assert report_lines(run.pk) == [
        "TEE-S @ Main: 7 -> 5 updated - Shopify showed 7, the hub lists 5 "
        "(available 6 at WH, buffer 1); the hub had not pushed this level before",
        f"run {run.pk} ok: {run.message}",
    ]

    start = len(shop.store.app.request_log)
    again = reconcile(shop)

    assert [c for c in shop.calls_since(start) if c not in BULK_READ] == []
    assert items_of(again) == []
    assert again.counts == {"in_sync": 2, "ignored": 1}


def test_the_same_drift_twice_is_corrected_twice(stores: Stores) -> None:
    """A later run correcting the very same drift (7 to 5 again) is a new write, not a replay
    of the earlier run's idempotency key that the store would answer without applying."""
    wh = warehouse()
    tee = hub_variant("TEE-S", available=6, at=wh)
    shop = connect(stores, "shop-a", {"TEE-S": 5}, at=wh)
    list_on(shop, "TEE-S", tee)
    for _ in range(2):
        shop.set_level("TEE-S", 7)  # someone edits Shopify's figure, twice alike
        run = reconcile(shop)
        assert (run.status, run.counts["corrected"], shop.level("TEE-S")) == ("ok", 1, 5)


def test_a_level_changed_after_the_hub_pushed_says_so(stores: Stores) -> None:
    wh = warehouse()
    tee = hub_variant("TEE-S", available=6, at=wh)
    shop = connect(stores, "shop-a", {"TEE-S": 5}, at=wh)
    listing = list_on(shop, "TEE-S", tee)
    first = reconcile(shop)
    assert items_of(first) == []
    ListingLevel.objects.filter(listing=listing).update(pushed=5)
    shop.set_level("TEE-S", 1)

    run = reconcile(shop)

    assert shop.level("TEE-S") == 5
    assert [i["message"] for i in items_of(run)] == [
        "Shopify showed 1, the hub lists 5 (available 6 at WH, buffer 1); "
        "changed in Shopify since the hub pushed 5"
    ]


def test_a_variant_deleted_in_the_store_ends_as_a_removed_listing(stores: Stores) -> None:
    wh = warehouse()
    tee = hub_variant("TEE-S", available=6, at=wh)
    mug = hub_variant("MUG", available=3, at=wh)
    shop = connect(stores, "shop-a", {"TEE-S": 5, "MUG": 2}, at=wh)
    tee_listing = list_on(shop, "TEE-S", tee)
    list_on(shop, "MUG", mug)
    product_id, variant_id, _ = shop.items["TEE-S"]
    shop.store.gql(DELETE_VARIANTS, {"product": product_id, "ids": [variant_id]})
    start = len(shop.store.app.request_log)

    run = reconcile(shop)

    tee_listing.refresh_from_db()
    assert tee_listing.status == ListingStatus.REMOVED
    assert tee_listing.status_reason.startswith(
        "the variant is no longer in Shopify: reconciliation on "
    )
    assert tee_listing.status_reason.endswith(" UTC found no inventory of it there")
    assert [c for c in shop.calls_since(start) if c not in BULK_READ] == []
    [item] = items_of(run)
    assert item["ref"] == "TEE-S"
    assert (item["outcome"], item["error_kind"]) == ("skipped", "NotFound")
    assert item["changes"] == {"status": ["linked", "removed"]}
    assert item["message"] == f"listing marked removed: {tee_listing.status_reason}"
    assert run.status == "ok"
    assert run.counts == {"skipped": 1, "removed": 1, "in_sync": 1}

    again = reconcile(shop)  # a removed listing is no longer compared
    assert items_of(again) == []
    assert again.counts == {"in_sync": 1}


def test_a_dry_run_reports_the_drift_and_writes_nothing_but_its_log(stores: Stores) -> None:
    wh = warehouse()
    tee = hub_variant("TEE-S", available=6, at=wh)
    mug = hub_variant("MUG", available=3, at=wh)
    shop = connect(stores, "shop-a", {"TEE-S": 5, "MUG": 2}, at=wh)
    tee_listing = list_on(shop, "TEE-S", tee)
    mug_listing = list_on(shop, "MUG", mug)
    shop.set_level("TEE-S", 7)
    product_id, variant_id, _ = shop.items["MUG"]
    shop.store.gql(DELETE_VARIANTS, {"product": product_id, "ids": [variant_id]})
    start = len(shop.store.app.request_log)

    run = reconcile(shop, dry_run=True)

    assert run.dry_run is True
    assert [c for c in shop.calls_since(start) if c not in BULK_READ] == []
    assert shop.level("TEE-S") == 7
    assert ListingLevel.objects.count() == 0
    mug_listing.refresh_from_db()
    tee_listing.refresh_from_db()
    assert (mug_listing.status, mug_listing.status_reason) == (ListingStatus.LINKED, "")
    assert [(i["ref"], i["outcome"], i["changes"]) for i in items_of(run)] == [
        ("TEE-S @ Main", "updated", {"quantity": [7, 5]}),
        ("MUG", "skipped", {"status": ["linked", "removed"]}),
    ]
    assert run.message == (
        "1 levels compared; 0 in sync; 1 drifted (1 would be corrected); "
        "1 listings would be removed (gone from Shopify); "
        "0 levels of items the hub does not list ignored"
    )
    assert report_lines(run.pk)[-1] == (
        f"run {run.pk} ok (dry run: nothing was written): {run.message}"
    )


def test_two_stores_reconcile_independently(stores: Stores) -> None:
    wh = warehouse()
    tee = hub_variant("TEE-S", available=6, at=wh)
    shop_a = connect(stores, "shop-a", {"TEE-S": 5}, buffer=1, at=wh)
    shop_b = connect(stores, "shop-b", {"TEE-S": 2}, buffer=4, at=wh)
    list_on(shop_a, "TEE-S", tee)
    list_on(shop_b, "TEE-S", tee)
    shop_a.set_level("TEE-S", 9)
    shop_b.set_level("TEE-S", 0)
    start_b = len(shop_b.store.app.request_log)

    run_a = reconcile(shop_a)

    assert shop_b.calls_since(start_b) == []
    assert (shop_a.level("TEE-S"), shop_b.level("TEE-S")) == (5, 0)
    run_b = reconcile(shop_b)

    assert (shop_a.level("TEE-S"), shop_b.level("TEE-S")) == (5, 2)
    assert [(i["ref"], i["changes"]) for i in items_of(run_a)] == [
        ("TEE-S @ Main", {"quantity": [9, 5]})
    ]
    assert [i["message"] for i in items_of(run_b)] == [
        "Shopify showed 0, the hub lists 2 (available 6 at WH, buffer 4); "
        "the hub had not pushed this level before"
    ]
    levels = sorted(
        ListingLevel.objects.values_list("listing__channel__name", "pushed", "pushed_by_run")
    )
    assert levels == [("shop-a", 5, run_a.pk), ("shop-b", 2, run_b.pk)]


def test_a_disconnected_channel_is_not_reconciled(stores: Stores) -> None:
    wh = warehouse()
    shop = connect(stores, "shop-a", {}, at=wh)
    Channel.objects.filter(pk=shop.channel.pk).update(
        status=ChannelStatus.DISCONNECTED, status_reason="the app was uninstalled"
    )
    start = len(shop.store.app.request_log)

    run = reconcile(shop)

    assert (run.status, run.message) == (
        "failed",
        "the channel is disconnected (the app was uninstalled)",
    )
    assert shop.calls_since(start) == []


def test_hub_stock_follows_the_rule_and_a_deleted_hub_product_is_not_reconciled(
    stores: Stores,
) -> None:
    wh = warehouse()
    shop_wh = warehouse("SHOP")
    tee = hub_variant("TEE-S", available=6, at=wh)
    adjust(variant_id=tee, location_id=shop_wh.pk, delta=4)
    gone = hub_variant("OLD", available=2, at=wh)
    shop = connect(stores, "shop-a", {"TEE-S": 0, "OLD": 2}, buffer=0, at=wh)
    LocationMapping.objects.create(
        channel=shop.channel, location=shop_wh, remote_location_id=shop.location
    )
    Channel.objects.filter(pk=shop.channel.pk).update(percentage=Decimal("50.00"), max_listed=4)
    list_on(shop, "TEE-S", tee)
    list_on(shop, "OLD", gone)
    delete_product(product_id=Listing.objects.get(variant_id=gone).variant.product_id)

    run = reconcile(shop)

    assert shop.level("TEE-S") == 4
    assert [i["message"] for i in items_of(run)] == [
        "Shopify showed 0, the hub lists 4 (available 6 at WH + 4 at SHOP, 50% listed, "
        "capped at 4); the hub had not pushed this level before"
    ]
    assert run.counts["ignored"] == 1  # OLD: its listing went with the hub's product


def test_a_mapped_location_the_store_does_not_stock_is_reported_and_untracked_items_are_left(
    stores: Stores,
) -> None:
    wh = warehouse()
    outlet_ours = warehouse("OUT")
    tee = hub_variant("TEE-S", available=6, at=wh)
    adjust(variant_id=tee, location_id=outlet_ours.pk, delta=3)
    free = hub_variant("FREE", available=8, at=wh)
    shop = connect(stores, "shop-a", {"TEE-S": 5}, at=wh)
    outlet = shop.store.gql(LOCATION_ADD, {"name": "Outlet"})["locationAdd"]["location"]["id"]
    LocationMapping.objects.create(
        channel=shop.channel, location=outlet_ours, remote_location_id=outlet, remote_name="Outlet"
    )
    untracked = shop.store.gql(
        PRODUCT_SET,
        {
            "p": {
                "title": "Free",
                "productOptions": [{"name": "Title", "values": [{"name": "Default"}]}],
                "variants": [
                    {
                        "optionValues": [{"optionName": "Title", "name": "Default"}],
                        "sku": "FREE",
                        "price": "1.00",
                        "inventoryItem": {"tracked": False},
                        "inventoryQuantities": [
                            {"locationId": shop.location, "name": "available", "quantity": 0}
                        ],
                    }
                ],
            }
        },
    )["productSet"]["product"]
    variant = untracked["variants"]["nodes"][0]
    shop.items["FREE"] = (untracked["id"], variant["id"], variant["inventoryItem"]["id"])
    list_on(shop, "TEE-S", tee)
    list_on(shop, "FREE", free)
    start = len(shop.store.app.request_log)

    run = reconcile(shop)

    assert [c for c in shop.calls_since(start) if c not in BULK_READ] == []
    assert items_of(run) == [
        {
            "ref": "TEE-S @ Outlet",
            "outcome": "skipped",
            "error_kind": "",
            "changes": {},
            "message": "Shopify does not stock it at Outlet, so the hub's 2 cannot be listed "
            "there; stock it at that location in Shopify",
        }
    ]
    assert run.counts == {"skipped": 1, "in_sync": 1, "untracked": 1, "not_stocked": 1}
    assert run.message == (
        "1 levels compared; 1 in sync; 0 drifted (0 corrected); "
        "1 levels not stocked in Shopify; 1 levels not tracked in Shopify; "
        "0 levels of items the hub does not list ignored"
    )
    assert Listing.objects.filter(status=ListingStatus.LINKED).count() == 2


def test_reconciliation_under_faults_repairs_once(stores: Stores) -> None:
    wh = warehouse()
    tee = hub_variant("TEE-S", available=6, at=wh)
    mug = hub_variant("MUG", available=3, at=wh)
    shop = connect(stores, "shop-a", {"TEE-S": 5, "MUG": 2}, at=wh)
    list_on(shop, "TEE-S", tee)
    list_on(shop, "MUG", mug)
    shop.set_level("TEE-S", 7)
    shop.set_level("MUG", 0)
    shop.store.control("faults", {"error_rate": 0.2, "throttle_burst": 2, "http_429_burst": 1})

    run = reconcile(shop)

    shop.store.control("faults", {"error_rate": 0, "throttle_burst": 0, "http_429_burst": 0})
    assert (shop.level("TEE-S"), shop.level("MUG")) == (5, 2)
    assert sorted((i["ref"], i["outcome"], i["changes"]) for i in items_of(run)) == [
        ("MUG @ Main", "updated", {"quantity": [0, 2]}),
        ("TEE-S @ Main", "updated", {"quantity": [7, 5]}),
    ]
    assert run.status == "ok"
    again = reconcile(shop)
    assert items_of(again) == []
    assert again.counts == {"in_sync": 2}


def test_a_retry_compares_only_the_listings_of_the_failed_items(stores: Stores) -> None:
    wh = warehouse()
    tee = hub_variant("TEE-S", available=6, at=wh)
    mug = hub_variant("MUG", available=3, at=wh)
    shop = connect(stores, "shop-a", {"TEE-S": 5, "MUG": 0}, at=wh)
    tee_listing = list_on(shop, "TEE-S", tee)
    list_on(shop, "MUG", mug)
    failed = runs.open_run(channel_id=shop.channel.pk, operation="reconcile")
    runs.record(
        failed,
        [ItemResult(ref="TEE-S @ Main", outcome=Outcome.FAILED, error_kind="Conflict")],
        payloads={"TEE-S @ Main": {"listing_id": tee_listing.pk}},
    )
    runs.close_run(failed)
    start = len(shop.store.app.request_log)

    run = run_operation(
        channel_id=shop.channel.pk, operation="reconcile", trigger="retry", retry_of=failed.pk
    )

    # MUG drifted (Shopify 0, the hub 2) but was not part of the failed run
    assert [c for c in shop.calls_since(start) if c not in BULK_READ] == []
    assert (run.retry_of_id, run.trigger) == (failed.pk, "retry")
    assert items_of(run) == []
    assert run.counts == {"in_sync": 1, "ignored": 1}


def test_a_store_answering_no_level_at_all_removes_no_listing(stores: Stores) -> None:
    wh = warehouse()
    tee = hub_variant("TEE-S", available=6, at=wh)
    shop = connect(stores, "shop-a", {"TEE-S": 5}, at=wh)
    listing = list_on(shop, "TEE-S", tee)
    product_id, variant_id, _ = shop.items["TEE-S"]
    shop.store.gql(DELETE_VARIANTS, {"product": product_id, "ids": [variant_id]})

    run = reconcile(shop)

    listing.refresh_from_db()
    assert listing.status == ListingStatus.LINKED
    assert (run.status, run.message) == (
        "failed",
        "Shopify answered no inventory level at all: listings are left as they are",
    )
    assert items_of(run) == []


def test_a_refused_token_stops_the_run_saying_why(stores: Stores) -> None:
    wh = warehouse()
    tee = hub_variant("TEE-S", available=6, at=wh)
    shop = connect(stores, "shop-a", {"TEE-S": 5}, at=wh)
    listing = list_on(shop, "TEE-S", tee)
    Channel.objects.filter(pk=shop.channel.pk).update(
        credentials=seal(Credentials(access_token="shpat_revoked"))
    )

    run = reconcile(shop)

    assert (run.status, run.message) == (
        "failed",
        "reconciliation stopped: Shopify refused the access token (revoked, expired or app "
        "uninstalled)",
    )
    listing.refresh_from_db()
    assert listing.status == ListingStatus.LINKED


def test_a_channel_without_a_mapped_location_has_nothing_to_compare(stores: Stores) -> None:
    shop = connect(stores, "shop-a", {}, at=warehouse())
    LocationMapping.objects.filter(channel=shop.channel).delete()

    run = reconcile(shop)

    assert (run.status, run.message) == (
        "failed",
        "no location of ours is mapped to the channel: nothing to compare",
    )
