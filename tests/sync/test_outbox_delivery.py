"""Outbox delivery: each consumer takes each outbox row once, whatever order ids commit in,
and what one consumer took stays pending for the others. Pruning waits for all of them."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime

import pytest

from stockbridge.inventory.models import Location, StockChange
from stockbridge.inventory.outbox import coalesced
from stockbridge.orders import events, services
from stockbridge.orders.models import OrderEvent
from stockbridge.platform import clock
from stockbridge.sync import outbox
from stockbridge.sync.models import OutboxConsumer, OutboxTake
from tests.inventory.conftest import make_location, make_variant
from tests.orders.conftest import place

from .conftest import Recorder, adjust

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 12, 6, 12, 0, tzinfo=UTC)


@pytest.fixture
def frozen() -> Iterator[clock.FrozenClock]:
    frozen = clock.FrozenClock(NOW)
    previous = clock.install(frozen)
    yield frozen
    clock.install(previous)


@pytest.fixture
def warehouse() -> Location:
    return make_location("WH", priority=1)


@pytest.fixture
def store() -> Location:
    return make_location("STORE", priority=2)


def test_each_consumer_takes_the_newest_row_of_each_pair_once(
    consumers: list[Recorder], warehouse: Location, store: Location
) -> None:
    tee = make_variant("TEE")
    adjust(tee, warehouse, 6)
    adjust(tee, store, 2)
    adjust(tee, warehouse, -1)
    shop = Recorder("test:shop", "stock")
    market = Recorder("test:market", "stock")
    consumers.extend([shop, market])

    assert outbox.pending_counts() == {"test:market": 2, "test:shop": 2}  # pairs
    assert outbox.drain("test:shop") == 2
    assert shop.stock == [("TEE", "STORE", 2), ("TEE", "WH", 5)]
    assert outbox.drain("test:shop") == 0
    assert outbox.pending_counts() == {"test:market": 2, "test:shop": 0}

    adjust(tee, store, 4)
    assert outbox.drain("test:shop") == 1
    assert outbox.drain("test:market") == 2
    assert shop.stock == [("TEE", "STORE", 2), ("TEE", "WH", 5), ("TEE", "STORE", 6)]
    assert market.stock == [("TEE", "WH", 5), ("TEE", "STORE", 6)]
    assert list(OutboxConsumer.objects.values_list("name", "outbox", "taken")) == [
        ("test:market", "stock", 2),
        ("test:shop", "stock", 3),
    ]


def test_a_row_with_a_lower_id_committed_after_a_drain_is_still_delivered(
    stock_consumer: Recorder, warehouse: Location, store: Location
) -> None:
    """The PostgreSQL race (T1 takes id N, T2 takes N+1 and commits first, a drain runs, T1
    commits) played in order on SQLite, which serialises writers: the rows are written with
    the ids the race would give them. An id cursor would skip N; the delivery state does not."""
    tee, cap = make_variant("TEE"), make_variant("CAP")
    adjust(tee, warehouse, 1)
    outbox.drain("test:stock")
    n = StockChange.objects.latest("pk").pk + 1

    StockChange.objects.create(
        pk=n + 1, variant=cap, location=store, available=7, created_at=clock.now()
    )
    assert outbox.drain("test:stock") == 1
    assert coalesced(after_id=n + 1) == []  # where a cursor would now stand, past N
    StockChange.objects.create(
        pk=n, variant=tee, location=warehouse, available=3, created_at=clock.now()
    )
    assert outbox.drain("test:stock") == 1
    assert outbox.drain("test:stock") == 0

    assert stock_consumer.stock == [("TEE", "WH", 1), ("CAP", "STORE", 7), ("TEE", "WH", 3)]
    assert stock_consumer.ids == [n - 1, n + 1, n]


def test_a_drain_that_fails_half_way_takes_nothing(
    stock_consumer: Recorder, warehouse: Location
) -> None:
    tee = make_variant("TEE")
    adjust(tee, warehouse, 2)
    stock_consumer.fail_next = True
    with pytest.raises(RuntimeError, match="fell over"):
        outbox.drain("test:stock")
    assert outbox.pending_counts() == {"test:stock": 1}
    assert OutboxTake.objects.count() == 0

    assert outbox.drain("test:stock") == 1
    assert stock_consumer.stock == [("TEE", "WH", 2)]


def test_batches_follow_each_other_until_nothing_is_pending(
    stock_consumer: Recorder, warehouse: Location, store: Location
) -> None:
    variants = [make_variant(f"V{i}") for i in range(5)]
    for variant in variants:
        adjust(variant, warehouse, 1)
    assert outbox.drain_batch("test:stock", limit=2) == 2
    assert outbox.drain("test:stock", limit=2) == 3
    assert [sku for sku, _, _ in stock_consumer.stock] == ["V0", "V1", "V2", "V3", "V4"]
    assert [len(batch) for batch in stock_consumer.batches] == [2, 2, 1]


def test_order_events_reach_every_consumer_apart_from_the_published_flag(
    consumers: list[Recorder], warehouse: Location
) -> None:
    tee = make_variant("TEE")
    adjust(tee, warehouse, 5)
    hub = place([(tee, 1)])
    shop = place([(tee, 1)], channel="shopify:demo", external_id="77")
    services.fulfil_order(order_id=shop.pk, location_id=warehouse.pk)
    services.cancel_order(order_id=hub.pk)
    audit = Recorder("test:audit", "order_events")
    consumers.append(audit)

    published = [e.pk for e in events.pending(channel="shopify:demo")]
    assert events.mark_published(published) == 1
    assert outbox.drain("test:audit") == 2
    assert [(e.kind, e.channel) for batch in audit.batches for e in batch] == [
        ("order.fulfilled", "shopify:demo"),
        ("order.cancelled", ""),
    ]
    assert [e.kind for e in events.pending()] == ["order.cancelled"]
    assert outbox.drain("test:audit") == 0


def test_unknown_consumers_and_outboxes_are_refused(consumers: list[Recorder]) -> None:
    with pytest.raises(ValueError, match="outbox: unknown outbox 'stocks'"):
        outbox.register_consumer("test:x", outbox="stocks", take=lambda rows: None)
    consumers.append(Recorder("test:x", "stock"))
    with pytest.raises(ValueError, match="name: consumer 'test:x' already reads outbox 'stock'"):
        outbox.register_consumer("test:x", outbox="order_events", take=lambda rows: None)
    with pytest.raises(ValueError, match="consumer: no consumer named 'test:y' is registered"):
        outbox.drain("test:y")


def test_pruning_waits_for_every_consumer_and_the_retention(
    frozen: clock.FrozenClock, consumers: list[Recorder], warehouse: Location
) -> None:
    tee, cap = make_variant("TEE"), make_variant("CAP")
    shop = Recorder("test:shop", "stock")
    market = Recorder("test:market", "stock")
    consumers.extend([shop, market])
    adjust(tee, warehouse, 1)
    adjust(tee, warehouse, 1)
    outbox.drain("test:shop")
    outbox.drain("test:market")
    adjust(cap, warehouse, 1)  # taken by the shop only
    outbox.drain("test:shop")

    frozen.advance(hours=23)
    assert outbox.prune() == {"stock": 0, "order_events": 0}  # within the retention
    frozen.advance(hours=2)
    assert outbox.prune() == {"stock": 2, "order_events": 0}
    assert list(StockChange.objects.values_list("variant__sku", "available")) == [("CAP", 1)]
    assert OutboxTake.objects.count() == 1  # the shop's take of the CAP row
    assert outbox.prune() == {"stock": 0, "order_events": 0}

    outbox.drain("test:market")
    assert outbox.prune() == {"stock": 1, "order_events": 0}
    assert (StockChange.objects.count(), OutboxTake.objects.count()) == (0, 0)
    assert market.stock == [("TEE", "WH", 2), ("CAP", "WH", 1)]

    adjust(tee, warehouse, 1)
    outbox.drain("test:shop")
    StockChange.objects.all().delete()  # as when their variant is deleted
    assert outbox.prune() == {"stock": 0, "order_events": 0}
    assert OutboxTake.objects.count() == 0


def test_pruning_keeps_order_events_their_own_channel_has_not_published(
    frozen: clock.FrozenClock, warehouse: Location
) -> None:
    tee = make_variant("TEE")
    adjust(tee, warehouse, 5)
    hub = place([(tee, 1)])
    first = place([(tee, 1)], channel="shopify:demo", external_id="77")
    second = place([(tee, 1)], channel="shopify:demo", external_id="78")
    services.cancel_order(order_id=hub.pk)
    services.cancel_order(order_id=first.pk)
    services.cancel_order(order_id=second.pk)
    events.mark_published([OrderEvent.objects.get(order=first).pk])

    frozen.advance(days=2)
    # stock: the adjustment, then three reservations and their three releases
    assert outbox.prune() == {"stock": 7, "order_events": 2}
    assert list(OrderEvent.objects.values_list("order__external_id", flat=True)) == ["78"]
