"""The after-commit nudge and the every-minute sweep. The tests' queue is `immediate`: a job
runs as soon as it is enqueued, so what a consumer received shows when the nudge fired."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime

import pytest
from django.db import transaction

from stockbridge.platform import clock
from stockbridge.sync.drains import nudge_drain
from stockbridge.sync.housekeeping import sweep_pending_work
from stockbridge.sync.models import JobHeartbeat, OutboxConsumer
from tests.inventory.conftest import make_location, make_variant

from .conftest import Recorder, adjust

pytestmark = pytest.mark.django_db(transaction=True)

NOW = datetime(2026, 12, 6, 12, 0, tzinfo=UTC)


@pytest.fixture
def frozen() -> Iterator[clock.FrozenClock]:
    frozen = clock.FrozenClock(NOW)
    previous = clock.install(frozen)
    yield frozen
    clock.install(previous)


def test_the_nudge_runs_the_drain_after_commit_and_never_after_a_rollback(
    stock_consumer: Recorder,
) -> None:
    tee, warehouse = make_variant("TEE"), make_location("WH")
    adjust(tee, warehouse, 2)

    with pytest.raises(RuntimeError), transaction.atomic():
        nudge_drain("test:stock")
        raise RuntimeError("rolled back")
    assert stock_consumer.stock == []
    assert not OutboxConsumer.objects.exists()

    with transaction.atomic():
        adjust(tee, warehouse, 1)
        nudge_drain("test:stock")
        assert stock_consumer.stock == []  # still inside the transaction
    assert stock_consumer.stock == [("TEE", "WH", 3)]
    assert OutboxConsumer.objects.get().taken == 1


def test_the_sweep_nudges_the_drain_of_each_consumer_with_pending_rows(
    frozen: clock.FrozenClock, consumers: list[Recorder]
) -> None:
    shop = Recorder("test:shop", "stock")
    audit = Recorder("test:audit", "order_events")
    consumers.extend([shop, audit])
    tee, warehouse, store = make_variant("TEE"), make_location("WH"), make_location("STORE")
    adjust(tee, warehouse, 2)
    adjust(tee, store, 1)
    adjust(tee, warehouse, 3)

    assert sweep_pending_work() == {"requeued": 1, "pending": {"test:shop": 2}}
    assert shop.stock == [("TEE", "STORE", 1), ("TEE", "WH", 5)]
    assert audit.batches == []

    frozen.advance(minutes=1)
    assert sweep_pending_work() == {"requeued": 0, "pending": {}}
    assert shop.stock == [("TEE", "STORE", 1), ("TEE", "WH", 5)]
    beat = JobHeartbeat.objects.get(name="sweep_pending_work")
    assert (beat.runs, beat.last_started_at) == (2, NOW.replace(minute=1))
    assert beat.last_result == {"requeued": 0, "pending": {}}


def test_with_nothing_pending_the_sweep_only_records_its_heartbeat(
    frozen: clock.FrozenClock, stock_consumer: Recorder
) -> None:
    assert sweep_pending_work() == {"requeued": 0, "pending": {}}
    assert stock_consumer.batches == []
    assert not OutboxConsumer.objects.exists()  # no drain ran
    assert JobHeartbeat.objects.get(name="sweep_pending_work").runs == 1
