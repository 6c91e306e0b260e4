"""Hub stock changes reach a sandbox Shopify store as the rule-adjusted `available`, through the
stock outbox, the channel fan-out and the channel's drain. The queue is `immediate` and the
domains' wake-ups are listened to: each change is pushed once its transaction commits."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

import pytest

from stockbridge.catalog.models import Supplier, Variant
from stockbridge.channels.models import Listing, ListingLevel
from stockbridge.inventory import services as inventory
from stockbridge.purchasing.services import (
    LineSpec,
    create_purchase_order,
    receive_purchase_order,
)
from stockbridge.sync.models import PendingPush, Run, RunItem
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

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.live_nudges]


@pytest.fixture
def stores(channel_fanout: None) -> Iterator[Stores]:
    yield from routed_stores()


@pytest.fixture
def shop(stores: Stores):  # type: ignore[no-untyped-def]
    """Our WH and SHOP feed Shopify's warehouse; OUTLET feeds its high-street location. The
    channel holds 2 back and lists at most 50."""
    store = real_time(stores.add("shop-a"))
    warehouse = add_location(store, 1, "Stockbridge Warehouse")
    street = add_location(store, 2, "High Street")
    remote = add_product(store, "Tee", ["TEE"], [warehouse, street])["TEE"]
    tee = make_variant("TEE")
    wh, shop_, outlet = make_location("WH"), make_location("SHOP"), make_location("OUTLET")
    channel = connect(store, "Shop A", buffer=2, max_listed=50)
    map_location(channel, wh, warehouse, "Stockbridge Warehouse")
    map_location(channel, shop_, warehouse, "Stockbridge Warehouse")
    map_location(channel, outlet, street, "High Street")
    link(channel, tee, remote, confirmed={warehouse: 0, street: 0})
    return {
        "store": store,
        "remote": remote,
        "tee": tee,
        "wh": wh,
        "shop": shop_,
        "outlet": outlet,
        "channel": channel,
        "warehouse": warehouse,
        "street": street,
    }


def receive(variant: Variant, location_id: int, quantity: int) -> None:
    """A purchase order of `quantity` placed and received at the location."""
    supplier, _ = Supplier.objects.get_or_create(code="MILL", defaults={"name": "Mill & Co"})
    po = create_purchase_order(
        supplier_id=supplier.pk,
        location_id=location_id,
        lines=[LineSpec(variant_id=variant.pk, quantity=quantity)],
        place=True,
    )
    receive_purchase_order(purchase_order_id=po.pk)


def levels(shop) -> tuple[int | None, int | None]:  # type: ignore[no-untyped-def]
    return (
        available(shop["store"], shop["remote"], shop["warehouse"]),
        available(shop["store"], shop["remote"], shop["street"]),
    )


def test_a_stock_adjustment_moves_the_sandbox_to_the_rule_adjusted_available(shop) -> None:  # type: ignore[no-untyped-def]
    inventory.adjust(variant_id=shop["tee"].pk, location_id=shop["wh"].pk, delta=10)
    assert levels(shop) == (8, 0)  # 10 - buffer 2; the outlet has nothing

    inventory.adjust(variant_id=shop["tee"].pk, location_id=shop["shop"].pk, delta=5)
    assert levels(shop) == (13, 0)  # WH 10 + SHOP 5, less 2

    inventory.adjust(variant_id=shop["tee"].pk, location_id=shop["outlet"].pk, delta=80)
    assert levels(shop) == (13, 50)  # capped at max_listed

    assert len(pushes_sent(shop["store"])) == 3
    assert not PendingPush.objects.exists()
    runs = list(Run.objects.order_by("id"))
    assert [(r.operation, r.trigger, r.status, r.counts) for r in runs] == [
        ("sync_listings", "change", "ok", {"updated": 1}),
    ] * 3
    items = RunItem.objects.order_by("id")
    assert [(i.ref, i.outcome, i.changes) for i in items] == [
        ("TEE @ Stockbridge Warehouse", "updated", {"quantity": [0, 8]}),
        ("TEE @ Stockbridge Warehouse", "updated", {"quantity": [8, 13]}),
        ("TEE @ High Street", "updated", {"quantity": [0, 50]}),
    ]
    level = ListingLevel.objects.get(remote_location_id=shop["warehouse"])
    assert (level.pushed, level.confirmed, level.pushed_by_run) == (13, 13, runs[1].pk)


def test_an_order_a_receipt_and_a_transfer_each_move_the_sandbox(shop) -> None:  # type: ignore[no-untyped-def]
    tee, wh = shop["tee"], shop["wh"]
    inventory.adjust(variant_id=tee.pk, location_id=wh.pk, delta=10)
    assert levels(shop) == (8, 0)

    # an order reserves 3 at WH: committed goes up, available down
    inventory.reserve(variant_id=tee.pk, quantity=3, reference="order-1", location_id=wh.pk)
    assert levels(shop) == (5, 0)

    # a purchase order of 6 received at the outlet
    receive(tee, shop["outlet"].pk, 6)
    assert levels(shop) == (5, 4)  # 6 - 2

    # 4 sent from WH to the outlet: WH drops at once, the outlet gains when received
    transfer = inventory.create_transfer(
        source_id=wh.pk, destination_id=shop["outlet"].pk, lines=[(tee.pk, 4)]
    )
    assert levels(shop) == (1, 4)  # WH 10 - 4 on hand - 3 committed = 3, less 2
    inventory.receive_transfer(transfer_id=transfer.pk)
    assert levels(shop) == (1, 8)  # outlet 10, less 2
    assert len(pushes_sent(shop["store"])) == 5


def test_levels_already_right_are_not_written_again(shop) -> None:  # type: ignore[no-untyped-def]
    """A change that leaves the listed figure as it was (still under the buffer) sends
    nothing."""
    inventory.adjust(variant_id=shop["tee"].pk, location_id=shop["wh"].pk, delta=1)
    inventory.adjust(variant_id=shop["tee"].pk, location_id=shop["wh"].pk, delta=1)
    assert levels(shop) == (0, 0)
    assert pushes_sent(shop["store"]) == []
    assert not Run.objects.exists()
    assert not PendingPush.objects.exists()


def test_a_paused_listing_is_not_pushed(shop) -> None:  # type: ignore[no-untyped-def]
    Listing.objects.update(status="paused")
    inventory.adjust(variant_id=shop["tee"].pk, location_id=shop["wh"].pk, delta=10)
    assert levels(shop) == (0, 0)
    assert not PendingPush.objects.exists()


def test_the_percentage_and_out_of_stock_threshold_apply(shop) -> None:  # type: ignore[no-untyped-def]
    channel = shop["channel"]
    channel.buffer, channel.percentage, channel.out_of_stock_below = 0, Decimal(50), 3
    channel.save()
    inventory.adjust(variant_id=shop["tee"].pk, location_id=shop["wh"].pk, delta=5)
    assert levels(shop) == (0, 0)  # 50% of 5 = 2, below 3: listed as 0, nothing to write
    inventory.adjust(variant_id=shop["tee"].pk, location_id=shop["wh"].pk, delta=2)
    assert levels(shop) == (3, 0)


def test_a_component_receipt_moves_the_bundles_level_to_the_bundles_available(
    stores: Stores,
) -> None:
    """Only the bundle is listed; its components' stock changes reach the store as the
    bundle's available (the fewest whole bundles the components make)."""
    store = real_time(stores.add("shop-b"))
    warehouse = add_location(store, 1, "Warehouse")
    remote = add_product(store, "Gift kit", ["KIT"], [warehouse])["KIT"]
    tee, cap, kit = make_variant("TEE"), make_variant("CAP"), make_variant("KIT")
    wh = make_location("WH")
    inventory.set_bundle(bundle_id=kit.pk, components={tee.pk: 2, cap.pk: 1})
    channel = connect(store, "Shop B")
    map_location(channel, wh, warehouse, "Warehouse")
    link(channel, kit, remote, confirmed={warehouse: 0})
    inventory.adjust(variant_id=cap.pk, location_id=wh.pk, delta=5)
    assert available(store, remote, warehouse) == 0  # no tees: no whole kit
    assert not PendingPush.objects.exists()

    receive(tee, wh.pk, 7)
    assert available(store, remote, warehouse) == 3  # 7 tees // 2 = 3 kits, 5 caps

    inventory.adjust(variant_id=cap.pk, location_id=wh.pk, delta=-4)
    assert available(store, remote, warehouse) == 1  # 1 cap left
    assert [(i.ref, i.outcome, i.changes) for i in RunItem.objects.order_by("id")] == [
        ("KIT @ Warehouse", "updated", {"quantity": [0, 3]}),
        ("KIT @ Warehouse", "updated", {"quantity": [3, 1]}),
    ]
    assert not PendingPush.objects.exists()


def test_with_faults_an_order_a_receipt_and_a_transfer_end_as_without_pushed_once(shop) -> None:  # type: ignore[no-untyped-def]
    """The flows of the test above against a store answering 20% 5xx, throttling, a 429 and
    latency: the same final levels, each change written once."""
    store, tee, wh = shop["store"], shop["tee"], shop["wh"]
    store.control(
        "faults", {"error_rate": 0.2, "throttle_burst": 2, "http_429_burst": 1, "latency_ms": 5}
    )
    inventory.adjust(variant_id=tee.pk, location_id=wh.pk, delta=10)
    inventory.reserve(variant_id=tee.pk, quantity=3, reference="order-1", location_id=wh.pk)
    receive(tee, shop["outlet"].pk, 6)
    transfer = inventory.create_transfer(
        source_id=wh.pk, destination_id=shop["outlet"].pk, lines=[(tee.pk, 4)]
    )
    inventory.receive_transfer(transfer_id=transfer.pk)
    assert store.app.faults.http_429_burst == 0  # the faults were met
    store.control("faults", {"error_rate": 0, "latency_ms": 0})  # for the reads below

    assert levels(shop) == (1, 8)
    assert len(pushes_sent(store)) == 5  # as without faults: none sent twice
    assert not PendingPush.objects.exists()
    assert sorted(
        ListingLevel.objects.values_list("remote_location_id", "pushed", "confirmed")
    ) == sorted([(shop["warehouse"], 1, 1), (shop["street"], 8, 8)])


def test_a_level_that_goes_back_and_forth_is_written_each_time(shop) -> None:  # type: ignore[no-untyped-def]
    """Each change is its own write: one that repeats an earlier write's figures (from 8 to 9
    again) is not taken by the store as a replay of the earlier one's idempotency key."""
    inventory.adjust(variant_id=shop["tee"].pk, location_id=shop["wh"].pk, delta=10)
    assert levels(shop) == (8, 0)
    seen = []
    for delta in (1, -1, 1, -1, 1):
        inventory.adjust(variant_id=shop["tee"].pk, location_id=shop["wh"].pk, delta=delta)
        seen.append(levels(shop)[0])
    assert seen == [9, 8, 9, 8, 9]
