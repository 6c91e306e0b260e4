"""Two worker processes change stock and drain the same channel at once (PostgreSQL: real
concurrent writers). The sandbox store is served on a loopback port so both reach it. No level
is pushed twice and none out of order: per level, each write starts from the value the one
before it left (`changes` chain) and the values only go up, as the stock does."""

from __future__ import annotations

import itertools
from collections import defaultdict
from collections.abc import Iterator

import pytest

from stockbridge.channels.models import Listing
from stockbridge.sync.models import PendingPush, Run, RunItem
from stockbridge_sandboxes.shopify.server import BackgroundServer
from tests.inventory.conftest import make_location, make_variant
from tests.support.races import race
from tests.support.shopify_stores import Stores, routed_stores

from .channels_shop import (
    add_location,
    add_product,
    available,
    connect,
    levels_applied,
    link,
    map_location,
    pushes_sent,
    real_time,
)

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.postgres_only]

SKUS = [f"SKU-{n}" for n in range(8)]
ROUNDS = 5


@pytest.fixture
def stores(channel_fanout: None) -> Iterator[Stores]:
    yield from routed_stores()


def change_and_drain(channel_id: int, variant_ids: list[int], location_id: int) -> int:
    """A worker: add one unit of each variant, ROUNDS times; each commit nudges the fan-out
    and the channel's drain (the queue is `immediate`), then one last drain."""
    from stockbridge.inventory import services as inventory
    from stockbridge.sync import pushes

    for _ in range(ROUNDS):
        for variant_id in variant_ids:
            inventory.adjust(variant_id=variant_id, location_id=location_id, delta=1)
    return pushes.drain(channel_id=channel_id).pushed


def test_two_workers_drain_one_channel_without_pushing_a_level_twice_or_out_of_order(
    stores: Stores,
) -> None:
    store = real_time(stores.add("shop-a"))
    here = add_location(store, 1, "Warehouse")
    remote = add_product(store, "Tee", SKUS, [here])
    wh = make_location("WH")
    variants = {sku: make_variant(sku) for sku in SKUS}
    with BackgroundServer(store.app) as server:
        channel = connect(store, "Shop A")
        channel.base_url = server.base_url  # over the network, from every process
        channel.save()
        map_location(channel, wh, here, "Warehouse")
        for sku in SKUS:
            link(channel, variants[sku], remote[sku], confirmed={here: 0})
        ids = [variants[sku].pk for sku in SKUS]

        race(change_and_drain, [(channel.pk, ids, wh.pk), (channel.pk, ids[::-1], wh.pk)])

    wanted = 2 * ROUNDS
    assert {sku: available(store, remote[sku], here) for sku in SKUS} == dict.fromkeys(SKUS, wanted)
    assert not PendingPush.objects.exists()
    assert not RunItem.objects.exclude(outcome="updated").exists()
    chains: dict[str, list[list[int]]] = defaultdict(list)
    for item in RunItem.objects.order_by("id"):
        chains[item.ref].append(item.changes["quantity"])
    for ref, steps in chains.items():
        assert steps[0][0] == 0, ref
        assert steps[-1][1] == wanted, ref
        for before, after in itertools.pairwise(steps):
            assert after[0] == before[1], (ref, steps)  # starts where the last one left it
            assert after[1] > after[0], (ref, steps)  # and only ever goes up
    # every level written once: the store's history holds exactly the levels the runs wrote
    assert levels_applied(store) == RunItem.objects.count() >= len(SKUS)
    assert len(pushes_sent(store)) >= Run.objects.count()
    assert Listing.objects.filter(status="linked").count() == len(SKUS)
