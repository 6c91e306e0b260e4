"""Across the kinds: a seeded store imported (create-only, then overwrite), a hub stock change
reaching the store's level, drift repaired by reconciliation, prices pushed, and the same
flow under 20% injected faults ending identical: nothing lost, nothing twice."""

from __future__ import annotations

from decimal import Decimal

import pytest

from stockbridge.catalog.models import Product, Variant
from stockbridge.catalog.services import update_variant
from stockbridge.channels.models import Listing
from stockbridge.channels.services import set_operation
from stockbridge.inventory.models import Location, StockLevel
from stockbridge.inventory.services.adjusting import adjust
from stockbridge.sync.models import PendingPush, Run, RunItem
from stockbridge.sync.operations import run_operation

from .drivers.protocol import Driver

pytestmark = pytest.mark.django_db(transaction=True)


def run(driver: Driver, operation: str) -> Run:
    return run_operation(channel_id=driver.channel.pk, operation=operation)


def hub_catalog() -> dict[str, tuple[str, Decimal | None]]:
    return {v.sku: (v.product.title, v.price) for v in Variant.objects.select_related("product")}


def hub_stock(hub: Location) -> dict[str, int]:
    return dict(StockLevel.objects.filter(location=hub).values_list("variant__sku", "on_hand"))


def store_levels(driver: Driver) -> dict[str, int]:
    return {sku: driver.level(sku) for sku in driver.catalog}


def imported(driver: Driver) -> Run:
    first = run(driver, "import_listings")
    assert (first.status, first.counts) == ("ok", {"created": 5})
    return first


def assert_imported(driver: Driver, hub: Location) -> None:
    assert hub_catalog() == {sku: (s.title, s.price) for sku, s in driver.catalog.items()}
    assert hub_stock(hub) == {sku: s.quantity for sku, s in driver.catalog.items()}
    assert sorted(
        Listing.objects.filter(channel=driver.channel).values_list("variant__sku", "status")
    ) == [(sku, "linked") for sku in sorted(driver.catalog)]
    assert Product.objects.count() == 2


def test_a_seeded_store_is_imported_create_only_then_overwritten(
    driver: Driver, hub: Location
) -> None:
    imported(driver)
    assert_imported(driver, hub)
    driver.set_price("TEE-S", Decimal("24.00"))

    create_only = run(driver, "import_listings")

    assert (create_only.status, create_only.counts) == ("ok", {"unchanged": 5})
    assert Variant.objects.get(sku="TEE-S").price == Decimal("20.00")

    set_operation(
        channel=driver.channel,
        operation="import_listings",
        settings={"mode": "create_and_overwrite"},
    )
    overwrite = run(driver, "import_listings")

    assert overwrite.status == "ok"
    assert Variant.objects.get(sku="TEE-S").price == Decimal("24.00")
    assert Product.objects.count() == 2 and Variant.objects.count() == 3


def test_a_hub_stock_change_reaches_the_store(driver: Driver, hub: Location) -> None:
    imported(driver)

    adjust(variant_id=Variant.objects.get(sku="TEE-M").pk, location_id=hub.pk, delta=4)
    adjust(variant_id=Variant.objects.get(sku="MUG").pk, location_id=hub.pk, delta=-2)

    assert store_levels(driver) == {"TEE-S": 5, "TEE-M": 7, "MUG": 5}
    assert not PendingPush.objects.exists()


def test_reconcile_repairs_drift(driver: Driver, hub: Location) -> None:
    imported(driver)
    driver.set_level("TEE-S", 1)  # the merchant edits it in the store's admin

    repair = run(driver, "reconcile")

    assert repair.status == "ok"
    assert store_levels(driver) == {"TEE-S": 5, "TEE-M": 3, "MUG": 7}
    updated = list(RunItem.objects.filter(run=repair, outcome="updated"))
    assert [(i.ref.split(" @ ")[0], i.changes) for i in updated] == [
        ("TEE-S", {"quantity": [1, 5]})
    ]
    again = run(driver, "reconcile")
    assert RunItem.objects.filter(run=again, outcome="updated").count() == 0


def test_a_hub_price_change_reaches_the_store(driver: Driver, hub: Location) -> None:
    imported(driver)
    set_operation(channel=driver.channel, operation="sync_listings", settings={"price": True})

    update_variant(variant_id=Variant.objects.get(sku="TEE-S").pk, changes={"price": Decimal("18")})

    assert driver.price("TEE-S") == Decimal("18.00")
    assert driver.price("TEE-M") == Decimal("20.00")


def test_under_20_percent_faults_the_flow_ends_identical(driver: Driver, hub: Location) -> None:
    driver.faults(True)

    imported(driver)
    adjust(variant_id=Variant.objects.get(sku="TEE-S").pk, location_id=hub.pk, delta=2)
    adjust(variant_id=Variant.objects.get(sku="TEE-M").pk, location_id=hub.pk, delta=-1)
    adjust(variant_id=Variant.objects.get(sku="MUG").pk, location_id=hub.pk, delta=3)

    assert driver.faults_met()
    driver.faults(False)
    # nothing lost, nothing twice: the catalog once, each change once, the store following
    assert Product.objects.count() == 2 and Variant.objects.count() == 3
    assert Listing.objects.filter(channel=driver.channel, status="linked").count() == 3
    assert hub_stock(hub) == {"TEE-S": 7, "TEE-M": 2, "MUG": 10}
    assert store_levels(driver) == {"TEE-S": 7, "TEE-M": 2, "MUG": 10}
    assert not PendingPush.objects.exists()
    # identical: reconciliation and a new import find nothing to change
    repair = run(driver, "reconcile")
    assert (repair.status, RunItem.objects.filter(run=repair, outcome="updated").count()) == (
        "ok",
        0,
    )
    assert run(driver, "import_listings").counts == {"unchanged": 5}
