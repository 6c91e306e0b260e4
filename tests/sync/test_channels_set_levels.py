"""The Shopify connector's quantity writes against a sandbox store: one result per level, a
failed item never sinks its batch, a send repeated after a lost answer is answered from the
first (idempotency key) and applied once, 250 levels a call."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from stockbridge.channels.access import connector_for
from stockbridge.channels.port import LevelWrite, RemoteLevel
from stockbridge.connectors.shopify.stock import idempotency_key
from tests.support.shopify_stores import Stores, routed_stores

from .channels_shop import (
    add_location,
    add_product,
    available,
    connect,
    delete_variant,
    pushes_sent,
    real_time,
    set_in_shop,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def stores() -> Iterator[Stores]:
    yield from routed_stores()


def test_each_level_has_its_result_and_the_failed_ones_do_not_sink_the_batch(
    stores: Stores,
) -> None:
    store = real_time(stores.add("shop-a"))
    here = add_location(store, 1, "Warehouse")
    remote = add_product(store, "Tee", ["A", "B", "C", "D"], [here])
    set_in_shop(store, remote["B"], here, 9, key="edit-b")
    delete_variant(store, remote["C"])
    connector = connector_for(connect(store, "Shop A"))

    results = list(
        connector.set_levels(
            [
                LevelWrite("a", remote["A"].item_id, here, 5, last_seen=0),
                LevelWrite("b", remote["B"].item_id, here, 6, last_seen=0),  # holds 9 now
                LevelWrite("c", remote["C"].item_id, here, 7, last_seen=0),  # deleted
                LevelWrite("d", remote["D"].item_id, here, 8, last_seen=None),  # no check
            ]
        )
    )

    assert [(r.ref, r.outcome.value, r.error_kind, r.confirmed) for r in results] == [
        ("b", "failed", "Conflict", None),
        ("c", "failed", "NotFound", None),
        ("a", "updated", None, 5),
        ("d", "updated", None, 8),
    ]
    assert results[0].message == (
        "Shopify no longer holds 0 here (it changed since we last saw it)"
    )
    assert results[1].message == (
        "Product variant does not exist in Shopify any more (its inventory item is gone)"
    )
    assert [available(store, remote[s], here) for s in "ABD"] == [5, 9, 8]
    assert len(pushes_sent(store)) == 2

    assert connector.read_levels_of([(remote["B"].item_id, here), (remote["C"].item_id, here)]) == [
        RemoteLevel(inventory_item_id=remote["B"].item_id, location_remote_id=here, available=9)
    ]


def test_a_batch_sent_again_after_a_lost_answer_is_applied_once(stores: Stores) -> None:
    store = real_time(stores.add("shop-a"))
    here = add_location(store, 1, "Warehouse")
    remote = add_product(store, "Tee", ["A"], [here])["A"]
    connector = connector_for(connect(store, "Shop A"))
    batch = [LevelWrite("listing-1|v1", remote.item_id, here, 5, last_seen=0)]

    first = list(connector.set_levels(batch))
    set_in_shop(store, remote, here, 2, key="edit-a")  # Shopify moves on meanwhile
    again = list(connector.set_levels(batch))  # the same rows, the same key

    assert [r.outcome.value for r in first] == [r.outcome.value for r in again] == ["updated"]
    assert available(store, remote, here) == 2  # not written twice
    # a new figure (a new ref version) is a new key
    assert idempotency_key(batch) != idempotency_key(
        [LevelWrite("listing-1|v2", remote.item_id, here, 5, last_seen=0)]
    )


def test_more_than_250_levels_go_in_calls_of_250(stores: Stores) -> None:
    store = real_time(stores.add("shop-a"))
    here = add_location(store, 1, "Warehouse")
    skus = [f"S{n}" for n in range(260)]
    remote = {}
    for start in range(0, 260, 100):
        remote.update(add_product(store, f"P{start}", skus[start : start + 100], [here]))
    connector = connector_for(connect(store, "Shop A"))

    results = list(
        connector.set_levels(
            [LevelWrite(s, remote[s].item_id, here, n + 1, last_seen=0) for n, s in enumerate(skus)]
        )
    )

    assert [r.confirmed for r in results] == list(range(1, 261))
    assert len(pushes_sent(store)) == 2
    assert available(store, remote["S259"], here) == 260
