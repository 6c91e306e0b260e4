"""Across the kinds that support them: publishing a hub product (created, linked, active) and
resync adding one as a draft; a shopper order committing hub stock and the other listings
following; a refund with restock returning the units. A kind joins each test by declaring
the operation in its driver."""

from __future__ import annotations

import pytest

from stockbridge.catalog.models import Product, Variant
from stockbridge.channels.models import Listing
from stockbridge.inventory.models import Location, StockLevel
from stockbridge.inventory.services.adjusting import adjust
from stockbridge.sync.operations import run_operation
from stockbridge.sync.resync.adding import add_as_drafts
from tests.channels.publishing import jacket

from .drivers.protocol import ORDERS, PUBLISH, REFUNDS, Driver
from .test_stock import imported

pytestmark = pytest.mark.django_db(transaction=True)


def level(hub: Location, sku: str) -> tuple[int, int]:
    row = StockLevel.objects.get(variant__sku=sku, location=hub)
    return row.on_hand, row.committed


@pytest.mark.kinds_supporting(PUBLISH)
def test_a_hub_product_is_published_and_another_added_as_a_draft(
    driver: Driver, hub: Location
) -> None:
    shirt = jacket("sea-shirt", season_name=None, title="Sea Shirt", attributes=1)
    hat = jacket("rain-hat", season_name=None, title="Rain Hat", attributes=1)

    published = run_operation(
        channel_id=driver.channel.pk,
        operation="publish_listings",
        arguments={"products": str(shirt.pk)},
    )
    added = add_as_drafts(channel_id=driver.channel.pk, skus=["RAIN-HAT-Navy"])
    again = add_as_drafts(channel_id=driver.channel.pk, product_ids=[hat.pk])

    assert (published.status, published.counts) == ("ok", {"created": 1})
    assert (added.run.status, added.run.counts) == ("ok", {"created": 1})
    assert (again.run.counts, again.already_listed) == ({}, (hat.pk,))
    assert [driver.status(sku) for sku in ("SEA-SHIRT-Navy", "RAIN-HAT-Navy")] == [
        "active",
        "draft",
    ]
    assert sorted(
        Listing.objects.filter(channel=driver.channel).values_list("variant__sku", "status")
    ) == [
        ("RAIN-HAT-Moss", "linked"),
        ("RAIN-HAT-Navy", "linked"),
        ("SEA-SHIRT-Moss", "linked"),
        ("SEA-SHIRT-Navy", "linked"),
    ]


@pytest.mark.kinds_supporting(ORDERS)
def test_a_shopper_order_commits_hub_stock_and_the_store_follows(
    driver: Driver, hub: Location
) -> None:
    imported(driver)

    driver.order({"MUG": 2, "TEE-S": 1})

    assert (level(hub, "MUG"), level(hub, "TEE-S")) == ((7, 2), (5, 1))
    assert (driver.level("MUG"), driver.level("TEE-S")) == (5, 4)
    # a hub change after the order is pushed from the committed figure
    adjust(variant_id=Variant.objects.get(sku="MUG").pk, location_id=hub.pk, delta=1)
    assert driver.level("MUG") == 6


@pytest.mark.kinds_supporting(ORDERS, REFUNDS)
def test_a_refund_with_restock_returns_the_units(driver: Driver, hub: Location) -> None:
    imported(driver)
    order = driver.order({"MUG": 2})
    driver.fulfil(order)
    assert level(hub, "MUG") == (5, 0)

    driver.refund(order)

    assert level(hub, "MUG") == (7, 0)
    assert Product.objects.count() == 2
