"""A WooCommerce store end to end, through the same port and engine as Shopify: connect and
test, its one location mapped, a seeded store imported (a variable product with its
variations, a simple product), a hub stock change reaching the store, and reconciliation
repairing drift. The store is the WooCommerce sandbox; the connector speaks REST with OAuth
1.0a to it."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

import pytest

from stockbridge.catalog.models import Product, Variant
from stockbridge.catalog.services import update_variant
from stockbridge.channels import services
from stockbridge.channels.models import Channel, Listing, LocationMapping
from stockbridge.channels.services import set_operation
from stockbridge.inventory.models import Location, StockLevel
from stockbridge.inventory.services.adjusting import adjust
from stockbridge.sync.models import RunItem
from stockbridge.sync.operations import run_operation
from stockbridge_sandboxes.woocommerce.control import set_stock
from tests.channels.importing import location
from tests.support.woo_stores import WooStore, WooStores, routed_woo_stores, seed_tee_and_sale_mug

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def woo(channel_fanout: None) -> Iterator[WooStores]:
    yield from routed_woo_stores()


def connected(woo: WooStores, name: str = "shop-a", **options: str) -> tuple[WooStore, Channel]:
    store = woo.add(name, **options)
    channel = services.add_channel(
        kind="woocommerce", name=name, domain=store.domain, base_url=store.base_url
    )
    return store, services.connect_with_token(channel=channel, token=store.token)


def stock(code: str) -> dict[str, int]:
    return dict(
        StockLevel.objects.filter(location__code=code)
        .order_by("variant__sku")
        .values_list("variant__sku", "on_hand")
    )


def test_connect_tests_the_key_and_reports_the_store(woo: WooStores) -> None:
    _, channel = connected(woo, currency="EUR")
    assert (channel.status, channel.shop_name, channel.currency, channel.plan) == (
        "connected",
        "shop-a store",
        "EUR",
        "WooCommerce 9.8.5",
    )
    report = services.test_connection(channel=channel)
    assert (report.domain, report.scopes, report.missing_scopes) == (
        "shop-a.sandbox.test",
        ("read", "write"),
        (),
    )


def test_a_read_only_key_lacks_write_for_sync_and_reconcile(woo: WooStores) -> None:
    _, channel = connected(woo, "shop-r", permissions="read")
    report = services.test_connection(channel=channel)
    assert report.scopes == ("read",)
    assert report.missing_by_operation == {"reconcile": ("write",), "sync_listings": ("write",)}


def test_the_one_location_is_mapped_without_naming_it(woo: WooStores) -> None:
    _, channel = connected(woo)
    wh, outlet = location("WH"), location("OUT")
    [remote] = services.remote_locations(channel=channel)
    services.map_location(channel=channel, location=wh.pk)
    services.map_location(channel=channel, location=outlet.pk, remote_location_id="stock")
    assert remote.remote_id == "stock"
    assert sorted(
        LocationMapping.objects.filter(channel=channel).values_list(
            "location__code", "remote_location_id"
        )
    ) == [("OUT", "stock"), ("WH", "stock")]


def test_a_key_that_is_not_key_colon_secret_is_refused(woo: WooStores) -> None:
    store = woo.add("shop-x")
    channel = services.add_channel(
        kind="woocommerce", name="x", domain=store.domain, base_url=store.base_url
    )
    with pytest.raises(Exception) as raised:
        services.connect_with_token(channel=channel, token="ck_only")
    assert "consumer_key:consumer_secret" in str(raised.value)


def imported(woo: WooStores) -> tuple[WooStore, Channel, Location, dict[str, int]]:
    store, channel = connected(woo)
    ids = seed_tee_and_sale_mug(store)
    wh = location("WH")
    run = run_operation(channel_id=channel.pk, operation="import_listings")
    assert (run.status, run.counts) == ("ok", {"created": 5})
    services.map_location(channel=channel, location=wh.pk)
    store.sent.clear()
    return store, channel, wh, ids


def test_a_seeded_store_is_imported_with_variations_and_simple_products(woo: WooStores) -> None:
    _, channel, _, ids = imported(woo)
    assert sorted(Product.objects.values_list("title", flat=True)) == ["Mug", "Tee"]
    variants = {
        v.sku: (v.product.title, v.attribute_values, v.price, v.compare_at_price)
        for v in Variant.objects.select_related("product")
    }
    assert variants == {
        "TEE-S": ("Tee", ["S"], Decimal("20.00"), None),
        "TEE-M": ("Tee", ["M"], Decimal("20.00"), None),
        "MUG": ("Mug", [], Decimal("7.50"), Decimal("9.00")),
    }
    assert stock("WH") == {"MUG": 7, "TEE-M": 3, "TEE-S": 5}
    assert sorted(
        Listing.objects.filter(channel=channel).values_list(
            "variant__sku", "remote_product_id", "remote_variant_id", "remote_inventory_item_id"
        )
    ) == [
        ("MUG", str(ids["MUG"]), str(ids["MUG"]), str(ids["MUG"])),
        ("TEE-M", str(ids["TEE"]), str(ids["TEE-M"]), f"{ids['TEE']}/{ids['TEE-M']}"),
        ("TEE-S", str(ids["TEE"]), str(ids["TEE-S"]), f"{ids['TEE']}/{ids['TEE-S']}"),
    ]
    again = run_operation(channel_id=channel.pk, operation="import_listings")
    assert (again.status, again.counts) == ("ok", {"unchanged": 5})


def test_a_hub_stock_change_reaches_the_store(woo: WooStores) -> None:
    store, _, wh, ids = imported(woo)
    tee_m = Variant.objects.get(sku="TEE-M")
    mug = Variant.objects.get(sku="MUG")

    adjust(variant_id=tee_m.pk, location_id=wh.pk, delta=4)
    adjust(variant_id=mug.pk, location_id=wh.pk, delta=-2)

    assert (
        store.api("GET", f"/products/{ids['TEE']}/variations/{ids['TEE-M']}")["stock_quantity"] == 7
    )
    assert store.api("GET", f"/products/{ids['MUG']}")["stock_quantity"] == 5
    assert [(m, p) for m, p, _ in store.writes()] == [
        ("POST", f"/wp-json/wc/v3/products/{ids['TEE']}/variations/batch"),
        ("POST", "/wp-json/wc/v3/products/batch"),
    ]


def test_reconcile_repairs_drift(woo: WooStores) -> None:
    store, channel, _, ids = imported(woo)
    set_stock(store.app, ids["TEE-S"], 1)  # the merchant edits it in wp-admin
    set_stock(store.app, ids["MUG"], 7)  # unchanged

    run = run_operation(channel_id=channel.pk, operation="reconcile")

    assert (
        store.api("GET", f"/products/{ids['TEE']}/variations/{ids['TEE-S']}")["stock_quantity"] == 5
    )
    assert run.status == "ok"
    repaired = RunItem.objects.filter(run=run, outcome="updated")
    assert [(i.ref, i.changes) for i in repaired] == [("TEE-S @ Store stock", {"quantity": [1, 5]})]
    again = run_operation(channel_id=channel.pk, operation="reconcile")
    assert RunItem.objects.filter(run=again, outcome="updated").count() == 0


def test_a_hub_price_change_reaches_the_store_as_its_regular_and_sale_price(
    woo: WooStores,
) -> None:
    store, channel, _, ids = imported(woo)
    set_operation(
        channel=channel,
        operation="sync_listings",
        settings={"price": True, "compare_at": True},
    )
    tee_s = Variant.objects.get(sku="TEE-S")

    update_variant(
        variant_id=tee_s.pk, changes={"price": Decimal("18"), "compare_at_price": Decimal("22")}
    )

    shown = store.api("GET", f"/products/{ids['TEE']}/variations/{ids['TEE-S']}")
    assert (shown["regular_price"], shown["sale_price"], shown["price"], shown["on_sale"]) == (
        "22.00",
        "18.00",
        "18.00",
        True,
    )
    assert [(m, p) for m, p, _ in store.writes()] == [
        ("POST", f"/wp-json/wc/v3/products/{ids['TEE']}/variations/batch")
    ]


def test_reconcile_under_injected_faults_ends_repaired(woo: WooStores) -> None:
    store, channel, _, ids = imported(woo)
    set_stock(store.app, ids["MUG"], 2)
    set_stock(store.app, ids["TEE-M"], 0)
    store.app.faults.error_rate = 0.5
    store.app.faults.http_429_burst = 1

    run = run_operation(channel_id=channel.pk, operation="reconcile")

    store.app.faults.error_rate = 0.0
    assert run.status == "ok"
    assert store.api("GET", f"/products/{ids['MUG']}")["stock_quantity"] == 7
    assert (
        store.api("GET", f"/products/{ids['TEE']}/variations/{ids['TEE-M']}")["stock_quantity"] == 3
    )
    refused = [e["status"] for e in store.app.request_log if e["status"] >= 400]
    assert 429 in refused and 500 in refused  # the faults happened and were retried
