"""Sync listings "Run now" and its preview, against a sandbox store. Stock is in place before
the listings are linked (as after an import), so only the run pushes it."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from stockbridge.channels.models import ListingLevel, OperationSettings
from stockbridge.inventory import services as inventory
from stockbridge.sync.models import PendingPush, Run, RunItem
from stockbridge.sync.operations import run_operation
from tests.inventory.conftest import make_location, make_variant
from tests.support.shopify_stores import Stores, routed_stores

from .channels_shop import (
    add_location,
    add_product,
    available,
    connect,
    link,
    map_location,
    pushes_sent,
    real_time,
)

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def stores(channel_fanout: None) -> Iterator[Stores]:
    yield from routed_stores()


@pytest.fixture
def shop(stores: Stores) -> dict[str, Any]:
    store = real_time(stores.add("shop-a"))
    north, south = add_location(store, 1, "North"), add_location(store, 2, "South")
    remote = add_product(store, "Tee", ["TEE-S", "TEE-M", "TEE-L"], [north, south])
    wh, outlet = make_location("WH"), make_location("OUTLET")
    variants = {sku: make_variant(sku) for sku in remote}
    for sku, quantity in (("TEE-S", 4), ("TEE-M", 0), ("TEE-L", 12)):
        if quantity:
            inventory.adjust(variant_id=variants[sku].pk, location_id=wh.pk, delta=quantity)
    inventory.adjust(variant_id=variants["TEE-L"].pk, location_id=outlet.pk, delta=3)
    channel = connect(store, "Shop A", buffer=1)
    map_location(channel, wh, north, "North")
    map_location(channel, outlet, south, "South")
    for sku, variant in variants.items():
        link(channel, variant, remote[sku], confirmed={north: 0, south: 0})
    return {"store": store, "channel": channel, "remote": remote, "north": north, "south": south}


def shown(shop: dict[str, Any]) -> dict[str, tuple[int | None, int | None]]:
    return {
        sku: (
            available(shop["store"], remote, shop["north"]),
            available(shop["store"], remote, shop["south"]),
        )
        for sku, remote in shop["remote"].items()
    }


def test_a_dry_run_reports_each_change_and_writes_nothing(shop: dict[str, Any]) -> None:
    run = run_operation(channel_id=shop["channel"].pk, operation="sync_listings", dry_run=True)

    assert (run.dry_run, run.status, run.total, run.counts) == (
        True,
        "ok",
        6,
        {"updated": 3, "unchanged": 3},
    )
    assert [(i.ref, i.outcome, i.changes) for i in RunItem.objects.order_by("id")] == [
        ("TEE-S @ North", "updated", {"quantity": [0, 3]}),
        ("TEE-S @ South", "unchanged", {}),
        ("TEE-M @ North", "unchanged", {}),
        ("TEE-M @ South", "unchanged", {}),
        ("TEE-L @ North", "updated", {"quantity": [0, 11]}),
        ("TEE-L @ South", "updated", {"quantity": [0, 2]}),
    ]
    assert shown(shop) == {"TEE-S": (0, 0), "TEE-M": (0, 0), "TEE-L": (0, 0)}
    assert pushes_sent(shop["store"]) == []
    assert not PendingPush.objects.exists()
    assert set(ListingLevel.objects.values_list("pushed", "confirmed")) == {(None, 0)}


def test_run_now_pushes_what_differs_within_one_run(shop: dict[str, Any]) -> None:
    seen: list[tuple[int, int | None]] = []
    run = run_operation(
        channel_id=shop["channel"].pk,
        operation="sync_listings",
        progress=lambda done, total: seen.append((done, total)),
    )

    assert (run.trigger, run.status, run.counts) == ("user", "ok", {"updated": 3, "unchanged": 3})
    assert shown(shop) == {"TEE-S": (3, 0), "TEE-M": (0, 0), "TEE-L": (11, 2)}
    assert len(pushes_sent(shop["store"])) == 1  # one call for the three levels
    assert seen == [(6, 6)]
    assert Run.objects.count() == 1
    assert set(
        ListingLevel.objects.exclude(pushed=None).values_list("pushed_by_run", flat=True)
    ) == {run.pk}
    assert not PendingPush.objects.exists()

    again = run_operation(channel_id=shop["channel"].pk, operation="sync_listings")
    assert again.counts == {"unchanged": 6}
    assert len(pushes_sent(shop["store"])) == 1


def test_the_total_of_every_mapped_location_can_go_to_one_remote_location(
    shop: dict[str, Any],
) -> None:
    OperationSettings.objects.create(
        channel=shop["channel"],
        operation="sync_listings",
        settings={"location_mode": "total", "total_location": shop["north"]},
    )

    run = run_operation(channel_id=shop["channel"].pk, operation="sync_listings")

    assert run.counts == {"updated": 2, "unchanged": 1}
    assert shown(shop) == {"TEE-S": (3, 0), "TEE-M": (0, 0), "TEE-L": (14, 0)}  # 12 + 3 - 1


def test_with_quantity_sync_off_nothing_is_pushed(shop: dict[str, Any]) -> None:
    OperationSettings.objects.create(
        channel=shop["channel"], operation="sync_listings", settings={"quantity": False}
    )

    run = run_operation(channel_id=shop["channel"].pk, operation="sync_listings")

    assert (run.status, run.message) == ("ok", "quantity sync is off in this channel's settings")
    assert pushes_sent(shop["store"]) == []
