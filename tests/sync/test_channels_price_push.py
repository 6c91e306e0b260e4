"""Price, compare-at and cost pushes: a variant's prices changed in the hub (through the
catalog's services) reach the sandbox store's variant when the channel's "sync listings"
settings push them, and nothing is sent when they do not (the default). The queue is
`immediate`: the catalog's change marks the pending push in its own transaction and the
channel's drain runs after the commit."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from decimal import Decimal
from typing import Any

import pytest

from stockbridge.catalog import services as catalog
from stockbridge.catalog.models import Product
from stockbridge.catalog.queries import spec_of
from stockbridge.channels.access import connector_for
from stockbridge.channels.models import Listing, ListingStatus
from stockbridge.channels.port import Operation, Outcome, PriceWrite
from stockbridge.channels.services import set_operation
from stockbridge.connectors.shopify.prices import amount
from stockbridge.sync.models import PendingPush, Run, RunItem
from stockbridge.sync.operations import run_operation
from tests.inventory.conftest import make_location, make_variant
from tests.support.shopify_stores import Store, Stores, routed_stores

from .channels_shop import (
    add_location,
    add_product,
    connect,
    delete_variant,
    link,
    map_location,
    real_time,
)

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.live_nudges]

VARIANT = """query($id: ID!) {
  productVariant(id: $id) { price compareAtPrice inventoryItem { unitCost { amount } } }
}"""


@pytest.fixture
def stores(channel_fanout: None) -> Iterator[Stores]:
    yield from routed_stores()


@pytest.fixture
def shop(stores: Stores) -> dict[str, Any]:
    store = real_time(stores.add("shop-a"))
    north = add_location(store, 1, "North")
    remote = add_product(store, "Tee", ["TEE-S", "TEE-M"], [north])
    channel = connect(store, "Shop A")
    map_location(channel, make_location("WH"), north, "North")
    variants = {sku: make_variant(sku) for sku in remote}
    listings = {sku: link(channel, variants[sku], remote[sku]) for sku in remote}
    return {
        "store": store,
        "channel": channel,
        "remote": remote,
        "variants": variants,
        "listings": listings,
    }


def push_prices(shop: dict[str, Any], **flags: bool) -> None:
    set_operation(channel=shop["channel"], operation=Operation.SYNC_LISTINGS.value, settings=flags)


def shown(shop: dict[str, Any], sku: str) -> tuple[str, str | None, str | None]:
    """(price, compare-at price, unit cost) the sandbox holds for the SKU's variant."""
    node = shop["store"].gql(VARIANT, {"id": shop["remote"][sku].variant_id})["productVariant"]
    cost = (node["inventoryItem"]["unitCost"] or {}).get("amount")
    return node["price"], node["compareAtPrice"], cost


def price_calls(store: Store) -> int:
    return sum(
        1
        for entry in store.app.request_log
        if entry["operation"] == "UpdateVariantPrices" and not entry["throttled"]
    )


def reprice(shop: dict[str, Any], sku: str, **changes: Any) -> None:
    catalog.update_variant(variant_id=shop["variants"][sku].pk, changes=changes)


def test_prices_are_not_pushed_by_default(shop: dict[str, Any]) -> None:
    before = shown(shop, "TEE-S")

    reprice(shop, "TEE-S", price=Decimal("12.50"), compare_at_price=Decimal("15.00"))

    assert price_calls(shop["store"]) == 0
    assert shown(shop, "TEE-S") == before
    assert PendingPush.objects.count() == 0
    assert Listing.objects.get(pk=shop["listings"]["TEE-S"].pk).price_fingerprint == ""


def test_a_price_change_reaches_the_store_and_only_the_price_is_touched(
    shop: dict[str, Any],
) -> None:
    push_prices(shop, price=True)
    before_compare_at = shown(shop, "TEE-S")[1]

    reprice(shop, "TEE-S", price=Decimal("12.5"), compare_at_price=Decimal("15"))

    assert shown(shop, "TEE-S") == ("12.50", before_compare_at, None)
    assert shown(shop, "TEE-M")[0] == "0.00"  # its price did not change: not sent
    assert price_calls(shop["store"]) == 1
    assert Listing.objects.get(pk=shop["listings"]["TEE-S"].pk).price_fingerprint == ("USD|12.50||")
    assert PendingPush.objects.count() == 0
    item = RunItem.objects.get(ref="TEE-S prices")
    assert (item.outcome, item.changes) == ("updated", {"price": [None, "12.50"]})
    assert item.run.trigger == "change"


def test_compare_at_and_cost_follow_when_enabled(shop: dict[str, Any]) -> None:
    push_prices(shop, price=True, compare_at=True, cost=True)

    reprice(
        shop,
        "TEE-S",
        price=Decimal("12.50"),
        compare_at_price=Decimal("15.00"),
        cost=Decimal("4.2"),
    )
    assert shown(shop, "TEE-S") == ("12.50", "15.00", "4.2")
    reprice(shop, "TEE-S", compare_at_price=None, cost=Decimal("4.75"))

    assert shown(shop, "TEE-S") == ("12.50", None, "4.75")
    assert price_calls(shop["store"]) == 2
    assert Listing.objects.get(pk=shop["listings"]["TEE-S"].pk).price_fingerprint == (
        "USD|12.50|-|4.75"
    )
    last = RunItem.objects.filter(ref="TEE-S prices").order_by("-id").first()
    assert last is not None
    assert last.changes == {"compare_at_price": ["15.00", None], "cost": ["4.20", "4.75"]}


def test_a_change_that_leaves_the_prices_alone_sends_nothing(shop: dict[str, Any]) -> None:
    push_prices(shop, price=True)
    reprice(shop, "TEE-S", price=Decimal("12.50"))

    reprice(shop, "TEE-S", barcode="4006381333931")
    reprice(shop, "TEE-S", price=Decimal("12.500"))

    assert price_calls(shop["store"]) == 1
    assert PendingPush.objects.count() == 0


def test_an_import_that_changes_a_price_pushes_only_that_price(shop: dict[str, Any]) -> None:
    push_prices(shop, price=True)
    specs = []
    for sku, price in (("TEE-S", "10.00"), ("TEE-M", "11.00")):
        spec = spec_of(Product.objects.get(pk=shop["variants"][sku].product_id))
        variant = dataclasses.replace(spec.variants[0], price=Decimal(price))
        specs.append(dataclasses.replace(spec, variants=(variant,), title=f"{sku} tee"))

    result = catalog.upsert_products(specs=specs)

    assert (result.failed, result.products_updated, result.variants_updated) == ({}, 2, 1)
    assert (shown(shop, "TEE-S")[0], shown(shop, "TEE-M")[0]) == ("0.00", "11.00")
    assert price_calls(shop["store"]) == 1


def test_a_variant_deleted_in_the_store_ends_removed_and_its_sibling_is_still_written(
    shop: dict[str, Any],
) -> None:
    push_prices(shop, price=True, quantity=False)
    delete_variant(shop["store"], shop["remote"]["TEE-S"])

    reprice(shop, "TEE-S", price=Decimal("12.50"))
    removed = RunItem.objects.get(ref="TEE-S prices")
    run_operation(
        channel_id=shop["channel"].pk, operation=Operation.SYNC_LISTINGS.value, trigger="user"
    )

    assert (removed.outcome, removed.error_kind) == ("failed", "NotFound")
    gone = Listing.objects.get(pk=shop["listings"]["TEE-S"].pk)
    assert gone.status == ListingStatus.REMOVED
    assert gone.status_reason == (
        "removed from the channel: Product variant does not exist in Shopify any more"
    )
    assert shown(shop, "TEE-M")[0] == "10.00"
    assert Listing.objects.get(pk=shop["listings"]["TEE-M"].pk).price_fingerprint == ("USD|10.00||")
    assert PendingPush.objects.count() == 0


def test_run_now_pushes_prices_and_a_second_run_finds_them_unchanged(
    shop: dict[str, Any],
) -> None:
    reprice(shop, "TEE-S", price=Decimal("12.50"))  # while price sync is off
    push_prices(shop, price=True, quantity=False)

    first = run_operation(
        channel_id=shop["channel"].pk, operation=Operation.SYNC_LISTINGS.value, trigger="user"
    )
    second = run_operation(
        channel_id=shop["channel"].pk, operation=Operation.SYNC_LISTINGS.value, trigger="user"
    )

    assert (shown(shop, "TEE-S")[0], shown(shop, "TEE-M")[0]) == ("12.50", "10.00")
    assert (first.status, first.counts, first.total) == ("ok", {"updated": 2}, 2)
    assert (second.status, second.counts) == ("ok", {"unchanged": 2})
    assert price_calls(shop["store"]) == 1  # one call per product


def test_the_preview_shows_the_price_change_and_writes_nothing(shop: dict[str, Any]) -> None:
    reprice(shop, "TEE-S", price=Decimal("12.50"))
    push_prices(shop, price=True, compare_at=True)

    preview = run_operation(
        channel_id=shop["channel"].pk,
        operation=Operation.SYNC_LISTINGS.value,
        trigger="user",
        dry_run=True,
    )

    items = {
        item.ref: (item.outcome, item.changes)
        for item in RunItem.objects.filter(run=preview, ref__endswith="prices")
    }
    assert items == {
        "TEE-S prices": ("updated", {"price": [None, "12.50"], "compare_at_price": [None, None]}),
        "TEE-M prices": ("updated", {"price": [None, "10.00"], "compare_at_price": [None, None]}),
    }
    assert price_calls(shop["store"]) == 0
    assert shown(shop, "TEE-S")[0] == "0.00"
    assert set(Listing.objects.values_list("price_fingerprint", flat=True)) == {""}
    assert PendingPush.objects.count() == 0
    assert Run.objects.filter(dry_run=False).count() == 0


def test_the_connector_writes_the_valid_rows_and_names_the_refused_one(
    shop: dict[str, Any],
) -> None:
    remote = shop["remote"]
    connector = connector_for(shop["channel"])

    def write(ref: str, sku: str, price: str) -> PriceWrite:
        return PriceWrite(
            ref=ref,
            product_id=remote[sku].product_id,
            variant_id=remote[sku].variant_id,
            inventory_item_id=remote[sku].item_id,
            currency="USD",
            price=Decimal(price),
        )

    results = {
        r.ref: (r.outcome, r.error_kind, r.message)
        for r in connector.set_prices([write("a", "TEE-S", "9.99"), write("b", "TEE-M", "-1")])
    }

    assert results == {
        "a": (Outcome.UPDATED, None, ""),
        "b": (
            Outcome.FAILED,
            "Rejected",
            "Shopify refused the prices: Price must be greater than or equal to 0",
        ),
    }
    assert (shown(shop, "TEE-S")[0], shown(shop, "TEE-M")[0]) == ("9.99", "0.00")


def test_amounts_carry_the_currencys_minor_units() -> None:
    assert amount(Decimal("12.5"), "EUR") == "12.50"
    assert amount(Decimal("1200"), "JPY") == "1200"
    assert amount(Decimal("1.2345"), "KWD") == "1.235"
    assert amount(Decimal("4.125"), "USD") == "4.13"


def test_a_revoked_token_disconnects_the_channel_and_keeps_the_price_pending(
    shop: dict[str, Any],
) -> None:
    push_prices(shop, price=True)
    shop["store"].control("tokens/revoke", {"token": shop["store"].token})

    reprice(shop, "TEE-S", price=Decimal("12.50"))

    channel = shop["channel"]
    channel.refresh_from_db()
    reason = "Shopify refused the access token (revoked, expired or app uninstalled)"
    assert (channel.status, channel.status_reason) == ("disconnected", reason)
    row = PendingPush.objects.get()
    assert (row.aspect, row.version, row.attempts, row.last_error) == ("price", 1, 1, reason)
    assert Listing.objects.get(pk=shop["listings"]["TEE-S"].pk).price_fingerprint == ""
    run = Run.objects.get()
    assert (run.status, run.message) == ("failed", reason)


def test_with_faults_injected_prices_end_as_set_each_change_written_once(
    shop: dict[str, Any],
) -> None:
    push_prices(shop, price=True, compare_at=True)
    shop["store"].control(
        "faults", {"error_rate": 0.2, "throttle_burst": 2, "http_429_burst": 1, "latency_ms": 5}
    )

    for step in range(3):
        for n, sku in enumerate(["TEE-S", "TEE-M"]):
            reprice(
                shop,
                sku,
                price=Decimal(10 + step + n),
                compare_at_price=Decimal(20 + step + n),
            )
    assert shop["store"].app.faults.http_429_burst == 0  # the faults were met
    shop["store"].control("faults", {"error_rate": 0, "latency_ms": 0})  # for the reads below

    assert shown(shop, "TEE-S") == ("12.00", "22.00", None)
    assert shown(shop, "TEE-M") == ("13.00", "23.00", None)
    assert [
        Listing.objects.get(pk=shop["listings"][sku].pk).price_fingerprint
        for sku in ("TEE-S", "TEE-M")
    ] == ["USD|12.00|22.00|", "USD|13.00|23.00|"]
    assert PendingPush.objects.count() == 0
    assert price_calls(shop["store"]) == 6  # one per change, none sent twice
    assert RunItem.objects.filter(outcome="updated").count() == 6
