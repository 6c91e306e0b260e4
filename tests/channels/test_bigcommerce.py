"""A BigCommerce store end to end, through the same port and engine as Shopify and
WooCommerce: connect and test, its locations mapped, a seeded store imported (a product with
options and a simple product), a hub stock change reaching the store's location, and
reconciliation repairing drift. The store is the BigCommerce sandbox."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

import pytest

from stockbridge.catalog.models import Variant
from stockbridge.channels import services
from stockbridge.channels.models import Channel, Listing
from stockbridge.inventory.models import Location, StockLevel
from stockbridge.inventory.services.adjusting import adjust
from stockbridge.sync.models import RunItem
from stockbridge.sync.operations import run_operation
from stockbridge_sandboxes.bigcommerce import BigCommerceApp
from tests.channels.importing import location
from tests.support.bigcommerce_stores import BASE, routed_bigcommerce, seeded

pytestmark = pytest.mark.django_db(transaction=True)
V3 = "/stores/sandbox1/v3"


@pytest.fixture
def store(channel_fanout: None) -> Iterator[BigCommerceApp]:
    yield from routed_bigcommerce(BigCommerceApp())


def available(app: BigCommerceApp, variant_id: int, location_id: int) -> int:
    return app.store.stock.get((variant_id, location_id), 0)


def imported(app: BigCommerceApp) -> tuple[Channel, Location, dict[str, int]]:
    ids = seeded(app)
    channel = services.add_channel(kind="bigcommerce", name="BC", domain="sandbox1", base_url=BASE)
    channel = services.connect_with_token(channel=channel, token=app.token)
    leeds = location("LEEDS")
    services.map_location(channel=channel, location=leeds.pk, remote_location_id="2")
    run = run_operation(channel_id=channel.pk, operation="import_listings")
    assert (run.status, run.counts) == ("ok", {"created": 5})
    return channel, leeds, ids


def test_connect_reports_the_store_and_its_locations(store: BigCommerceApp) -> None:
    channel = services.add_channel(kind="bigcommerce", name="BC", domain="sandbox1", base_url=BASE)
    channel = services.connect_with_token(channel=channel, token=store.token)
    assert (channel.status, channel.shop_name, channel.currency, channel.plan) == (
        "connected", "Sandbox Store", "USD", "Standard")  # fmt: skip
    report = services.test_connection(channel=channel)
    assert (report.scopes, report.missing_scopes) == (("read", "write"), ())
    assert [(r.remote_id, r.name) for r in services.remote_locations(channel=channel)] == [
        ("1", "Default location"),
    ]


def test_a_seeded_store_is_imported_and_a_hub_stock_change_reaches_it(
    store: BigCommerceApp,
) -> None:
    channel, leeds, ids = imported(store)
    variants = {v.sku: (v.product.title, v.attribute_values, v.price)
                for v in Variant.objects.select_related("product")}  # fmt: skip
    assert variants == {
        "TEE-S": ("Tee", ["S"], Decimal("20.00")),
        "TEE-M": ("Tee", ["M"], Decimal("20.00")),
        "MUG": ("Mug", [], Decimal("9.00")),
    }
    on_hand = dict(StockLevel.objects.filter(location=leeds).values_list("variant__sku", "on_hand"))
    assert on_hand == {"TEE-S": 5, "TEE-M": 3, "MUG": 7}
    assert sorted(Listing.objects.filter(channel=channel).values_list(
        "variant__sku", "remote_variant_id", "remote_inventory_item_id")) == [
        ("MUG", str(ids["MUG"]), str(ids["MUG"])),
        ("TEE-M", str(ids["TEE-M"]), str(ids["TEE-M"])),
        ("TEE-S", str(ids["TEE-S"]), str(ids["TEE-S"])),
    ]  # fmt: skip

    adjust(variant_id=Variant.objects.get(sku="TEE-M").pk, location_id=leeds.pk, delta=4)
    assert available(store, ids["TEE-M"], 2) == 7


def test_reconcile_repairs_drift(store: BigCommerceApp) -> None:
    channel, _, ids = imported(store)
    store.store.stock[(ids["TEE-S"], 2)] = 1  # the merchant edits it in the control panel
    run = run_operation(channel_id=channel.pk, operation="reconcile")
    assert run.status == "ok"
    assert available(store, ids["TEE-S"], 2) == 5
    repaired = RunItem.objects.filter(run=run, outcome="updated")
    assert [(i.ref, i.changes) for i in repaired] == [("TEE-S @ Leeds", {"quantity": [1, 5]})]
