"""Explain a quantity: the chain from the ledger through the channel's rule to the value last
pushed and the value the channel last confirmed."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime

import pytest

from stockbridge.inventory import services as inventory
from stockbridge.platform import clock
from stockbridge.platform.errors import FieldError
from stockbridge.sync.explain import explain
from stockbridge.sync.operations import run_operation
from tests.inventory.conftest import make_location, make_variant
from tests.support.shopify_stores import Stores, routed_stores

from .channels_shop import add_location, add_product, connect, link, map_location, real_time

pytestmark = pytest.mark.django_db(transaction=True)

NOW = datetime(2026, 12, 6, 12, 0, tzinfo=UTC)


@pytest.fixture
def stores(channel_fanout: None) -> Iterator[Stores]:
    yield from routed_stores()


@pytest.fixture
def frozen() -> Iterator[clock.FrozenClock]:
    frozen = clock.FrozenClock(NOW)
    previous = clock.install(frozen)
    yield frozen
    clock.install(previous)


def test_explain_shows_the_chain_from_the_ledger_to_the_channel(
    stores: Stores, frozen: clock.FrozenClock
) -> None:
    store = real_time(stores.add("shop-a"))
    north = add_location(store, 1, "North")
    remote = add_product(store, "Tee", ["TEE"], [north])["TEE"]
    tee, wh, shop = make_variant("TEE"), make_location("WH"), make_location("SHOP")
    inventory.adjust(variant_id=tee.pk, location_id=wh.pk, delta=10)
    inventory.adjust(variant_id=tee.pk, location_id=shop.pk, delta=2)
    inventory.reserve(variant_id=tee.pk, quantity=4, reference="order-1", location_id=wh.pk)
    channel = connect(store, "Shop A", buffer=1, max_listed=6)
    map_location(channel, wh, north, "North")
    map_location(channel, shop, north, "North")
    link(channel, tee, remote, confirmed={north: 0})
    run = run_operation(channel_id=channel.pk, operation="sync_listings")

    found = explain(channel=channel, sku="TEE")

    assert found.as_dict() == {
        "channel": "Shop A",
        "sku": "TEE",
        "listing": {
            "status": "linked",
            "status_reason": "",
            "remote_variant_id": remote.variant_id,
        },
        "rule": {"buffer": 1, "percentage": "100.00", "max_listed": 6, "out_of_stock_below": 0},
        "remote_locations": [
            {
                "remote_location_id": north,
                "remote_name": "North",
                "locations": [
                    {"location": "SHOP", "on_hand": 2, "committed": 0, "available": 2},
                    {"location": "WH", "on_hand": 10, "committed": 4, "available": 6},
                ],
                "available": 8,
                "listed": 6,
                "pushed": 6,
                "pushed_at": "2026-12-06T12:00:00+00:00",
                "pushed_by_run": run.pk,
                "confirmed": 6,
                "confirmed_at": "2026-12-06T12:00:00+00:00",
            }
        ],
    }
    assert found.lines() == [
        "TEE on Shop A (listing linked)",
        "  rule: buffer 1, 100.00% listed, max 6, out of stock below 0",
        "  North:",
        "    SHOP: on hand 2 - committed 0 = available 2",
        "    WH: on hand 10 - committed 4 = available 6",
        "    available 8 -> rule -> 6",
        f"    pushed: 6 at 2026-12-06T12:00:00+00:00 by run {run.pk}",
        "    confirmed by the channel: 6 at 2026-12-06T12:00:00+00:00",
    ]


def test_explain_says_never_before_anything_was_pushed(stores: Stores) -> None:
    store = stores.add("shop-a")
    channel = connect(store, "Shop A")
    tee, wh = make_variant("TEE"), make_location("WH")
    map_location(channel, wh, "gid://shopify/Location/1", "North")
    link(channel, tee, add_product(store, "Tee", ["TEE"], [])["TEE"])

    assert explain(channel=channel, sku="TEE").lines()[-4:] == [
        "    WH: on hand 0 - committed 0 = available 0",
        "    available 0 -> rule -> 0",
        "    pushed: never",
        "    confirmed by the channel: never",
    ]


def test_an_unknown_sku_or_one_not_listed_is_a_field_error(stores: Stores) -> None:
    channel = connect(stores.add("shop-a"), "Shop A")
    make_variant("CAP")

    with pytest.raises(FieldError) as unknown:
        explain(channel=channel, sku="NOPE")
    assert (unknown.value.field, unknown.value.reason) == ("sku", "no variant has SKU 'NOPE'")
    with pytest.raises(FieldError) as unlisted:
        explain(channel=channel, sku="CAP")
    assert (unlisted.value.field, unlisted.value.reason) == ("sku", "'CAP' is not listed on Shop A")
