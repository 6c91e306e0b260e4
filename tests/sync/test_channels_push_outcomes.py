"""What the channel drain does with each answer: a variant deleted in the store, a level
changed in the store meanwhile, a revoked token, two stores at once, and a store that answers
with throttling, 429s, 5xx and latency. The queue is `immediate` and the domains' wake-ups
are listened to."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from decimal import Decimal

import pytest
from django.db import transaction

from stockbridge.channels.models import Listing, ListingLevel
from stockbridge.inventory import services as inventory
from stockbridge.platform import clock
from stockbridge.sync import throttle as throttles
from stockbridge.sync.housekeeping import sweep_pending_work
from stockbridge.sync.models import PendingPush, Run, RunItem
from tests.inventory.conftest import make_location, make_variant
from tests.support.shopify_stores import Stores, routed_stores

from .channels_shop import (
    add_location,
    add_product,
    available,
    connect,
    delete_variant,
    levels_applied,
    link,
    map_location,
    pushes_sent,
    real_time,
    set_in_shop,
)

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.live_nudges]


@pytest.fixture
def stores(channel_fanout: None) -> Iterator[Stores]:
    yield from routed_stores()


def test_a_variant_deleted_in_the_store_ends_as_a_removed_listing_and_the_rest_is_pushed(
    stores: Stores,
) -> None:
    store = real_time(stores.add("shop-a"))
    here = add_location(store, 1, "Warehouse")
    remote = add_product(store, "Tee", ["TEE", "CAP"], [here])
    tee, cap, wh = make_variant("TEE"), make_variant("CAP"), make_location("WH")
    channel = connect(store, "Shop A")
    map_location(channel, wh, here, "Warehouse")
    link(channel, tee, remote["TEE"], confirmed={here: 0})
    link(channel, cap, remote["CAP"], confirmed={here: 0})
    delete_variant(store, remote["CAP"])

    with transaction.atomic():  # one batch holding both
        inventory.adjust(variant_id=tee.pk, location_id=wh.pk, delta=4)
        inventory.adjust(variant_id=cap.pk, location_id=wh.pk, delta=6)

    assert available(store, remote["TEE"], here) == 4
    removed = Listing.objects.get(variant=cap)
    assert (removed.status, removed.status_reason) == (
        "removed",
        "removed from the channel: Product variant does not exist in Shopify any more "
        "(its inventory item is gone)",
    )
    assert Listing.objects.get(variant=tee).status == "linked"
    run = Run.objects.get()
    assert (run.status, run.counts) == ("partial", {"updated": 1, "failed": 1})
    assert list(RunItem.objects.order_by("ref").values_list("ref", "outcome", "error_kind")) == [
        ("CAP @ Warehouse", "failed", "NotFound"),
        ("TEE @ Warehouse", "updated", ""),
    ]
    assert not PendingPush.objects.exists()
    # the failed item was left out and the rest sent again: two calls, one applied
    assert len(pushes_sent(store)) == 2

    inventory.adjust(variant_id=cap.pk, location_id=wh.pk, delta=1)  # removed: never again
    assert len(pushes_sent(store)) == 2


def test_a_level_changed_in_the_store_meanwhile_is_read_again_and_written_from_there(
    stores: Stores,
) -> None:
    store = real_time(stores.add("shop-a"))
    here = add_location(store, 1, "Warehouse")
    remote = add_product(store, "Tee", ["TEE"], [here])["TEE"]
    tee, wh = make_variant("TEE"), make_location("WH")
    channel = connect(store, "Shop A")
    map_location(channel, wh, here, "Warehouse")
    link(channel, tee, remote, confirmed={here: 0})
    set_in_shop(store, remote, here, 7, key="admin-edit-1")  # someone edits it in Shopify

    inventory.adjust(variant_id=tee.pk, location_id=wh.pk, delta=10)

    assert available(store, remote, here) == 10
    level = ListingLevel.objects.get()
    assert (level.pushed, level.confirmed) == (10, 10)
    item = RunItem.objects.get()
    assert (item.outcome, item.changes) == ("updated", {"quantity": [7, 10]})
    # the stale write (refused, nothing applied) and the one from the figure read
    assert len(pushes_sent(store)) == 2


def test_a_revoked_token_disconnects_the_channel_and_keeps_the_push_pending(
    stores: Stores,
) -> None:
    store = real_time(stores.add("shop-a"))
    here = add_location(store, 1, "Warehouse")
    remote = add_product(store, "Tee", ["TEE"], [here])["TEE"]
    tee, wh = make_variant("TEE"), make_location("WH")
    channel = connect(store, "Shop A")
    map_location(channel, wh, here, "Warehouse")
    link(channel, tee, remote, confirmed={here: 0})
    store.control("tokens/revoke", {"token": store.token})

    inventory.adjust(variant_id=tee.pk, location_id=wh.pk, delta=3)

    channel.refresh_from_db()
    assert (channel.status, channel.status_reason) == (
        "disconnected",
        "Shopify refused the access token (revoked, expired or app uninstalled)",
    )
    assert PendingPush.objects.get().version == 1
    run = Run.objects.get()
    assert (run.status, run.message) == (
        "failed",
        "Shopify refused the access token (revoked, expired or app uninstalled)",
    )
    # a disconnected channel is not swept again and again
    assert sweep_pending_work()["pending"] == {}


def test_two_stores_keep_their_own_listings_mappings_rules_and_throttles(stores: Stores) -> None:
    first, second = real_time(stores.add("shop-a")), real_time(stores.add("shop-b"))
    a_here = add_location(first, 1, "A Warehouse")
    b_north, b_south = add_location(second, 5, "North"), add_location(second, 6, "South")
    a_tee = add_product(first, "Tee", ["TEE"], [a_here])["TEE"]
    b_tee = add_product(second, "Tee", ["TEE"], [b_north, b_south])["TEE"]
    tee, wh, outlet = make_variant("TEE"), make_location("WH"), make_location("OUTLET")
    a = connect(first, "Shop A", buffer=1)
    b = connect(second, "Shop B", percentage=Decimal(50))
    map_location(a, wh, a_here, "A Warehouse")
    map_location(a, outlet, a_here, "A Warehouse")
    map_location(b, wh, b_north, "North")
    map_location(b, outlet, b_south, "South")
    link(a, tee, a_tee, confirmed={a_here: 0})
    link(b, tee, b_tee, confirmed={b_north: 0, b_south: 0})

    inventory.adjust(variant_id=tee.pk, location_id=wh.pk, delta=9)
    inventory.adjust(variant_id=tee.pk, location_id=outlet.pk, delta=4)

    assert available(first, a_tee, a_here) == 12  # 9 + 4 - 1
    assert (available(second, b_tee, b_north), available(second, b_tee, b_south)) == (4, 2)
    assert available(second, b_tee, a_here) is None
    assert sorted(
        ListingLevel.objects.values_list(
            "listing__channel__name", "remote_location_id", "confirmed"
        )
    ) == [("Shop A", a_here, 12), ("Shop B", b_north, 4), ("Shop B", b_south, 2)]
    # each store's budget is its own: what one spent is not taken from the other's
    budget_a, budget_b = throttles.budget_of(a.pk), throttles.budget_of(b.pk)
    assert budget_a is not None and budget_b is not None
    assert (budget_a.maximum, budget_b.maximum) == (2000.0, 2000.0)
    # a few pushes each (tens of points, and what a first call reserves): neither store's
    # budget carries the other's spend, nor is it full
    assert 1800 < budget_a.available < 2000 and 1800 < budget_b.available < 2000
    assert Run.objects.filter(channel=a).count() == 2
    assert Run.objects.filter(channel=b).count() == 2


def test_with_faults_injected_the_same_flow_ends_in_the_same_state_pushed_once(
    stores: Stores,
) -> None:
    store = real_time(stores.add("shop-a"))
    here = add_location(store, 1, "Warehouse")
    skus = [f"SKU-{n}" for n in range(6)]
    remote = add_product(store, "Tee", skus, [here])
    wh = make_location("WH")
    channel = connect(store, "Shop A", buffer=1)
    map_location(channel, wh, here, "Warehouse")
    variants = {sku: make_variant(sku) for sku in skus}
    for sku, variant in variants.items():
        link(channel, variant, remote[sku], confirmed={here: 0})
    store.control(
        "faults",
        {"error_rate": 0.2, "throttle_burst": 2, "http_429_burst": 1, "latency_ms": 5},
    )

    for step in range(3):
        for n, sku in enumerate(skus):
            inventory.adjust(variant_id=variants[sku].pk, location_id=wh.pk, delta=n + step + 1)

    wanted = {sku: sum(n + step + 1 for step in range(3)) - 1 for n, sku in enumerate(skus)}
    assert {sku: available(store, remote[sku], here) for sku in skus} == wanted
    assert {
        level.listing.variant.sku: level.confirmed
        for level in ListingLevel.objects.select_related("listing__variant")
    } == wanted
    assert not PendingPush.objects.exists()
    assert sweep_pending_work()["pending"] == {}
    # one write per change that moved a listed figure (SKU-0's first unit stays under the
    # buffer), each executed once: as many as the runs that pushed
    assert len(pushes_sent(store)) == Run.objects.count() == 17
    assert RunItem.objects.filter(outcome="updated").count() == levels_applied(store) == 17


def test_a_store_that_keeps_refusing_makes_the_push_wait_and_the_sweep_sends_it_later(
    stores: Stores,
) -> None:
    frozen = clock.FrozenClock(datetime(2026, 12, 6, 12, 0, tzinfo=UTC))
    previous = clock.install(frozen)
    try:
        store = real_time(stores.add("shop-a"))
        here = add_location(store, 1, "Warehouse")
        remote = add_product(store, "Tee", ["TEE"], [here])["TEE"]
        tee, wh = make_variant("TEE"), make_location("WH")
        channel = connect(store, "Shop A")
        map_location(channel, wh, here, "Warehouse")
        link(channel, tee, remote, confirmed={here: 0})
        store.control("faults", {"http_429_burst": 6})  # every attempt of the client

        inventory.adjust(variant_id=tee.pk, location_id=wh.pk, delta=3)

        row = PendingPush.objects.get()
        assert (row.attempts, row.not_before, row.last_error) == (
            1,
            datetime(2026, 12, 6, 12, 0, 5, tzinfo=UTC),
            "Shopify asked us to slow down",
        )
        item = RunItem.objects.get()
        assert (item.outcome, item.error_kind) == ("failed", "RateLimited")
        assert sweep_pending_work()["pending"] == {}  # not yet due
        assert available(store, remote, here) == 0

        frozen.advance(seconds=5)
        assert sweep_pending_work()["pending"] == {f"pushes:{channel.pk}": 1}
        assert available(store, remote, here) == 3
        assert not PendingPush.objects.exists()
    finally:
        clock.install(previous)
