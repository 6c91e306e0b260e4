"""On PostgreSQL ids are handed out when a row is inserted and become visible when its
transaction commits, so a higher id can be seen before a lower one. Two real connections play
it out: a drain between the two commits must not lose the row that commits last."""

from __future__ import annotations

import threading
from collections.abc import Callable

import pytest
from django.db import connection, transaction

from stockbridge.inventory.models import StockChange
from stockbridge.inventory.outbox import coalesced
from stockbridge.sync import outbox
from tests.inventory.conftest import make_location, make_variant

from .conftest import Recorder, adjust

pytestmark = [pytest.mark.postgres_only, pytest.mark.django_db(transaction=True)]


def in_own_connection(work: Callable[[], None]) -> threading.Thread:
    """Run `work` in a thread, on that thread's own database connection."""

    def run() -> None:
        try:
            work()
        finally:
            connection.close()

    thread = threading.Thread(target=run)
    thread.start()
    return thread


def test_a_drain_between_out_of_order_commits_delivers_both_rows_once(
    stock_consumer: Recorder,
) -> None:
    tee, cap = make_variant("TEE"), make_variant("CAP")
    warehouse, store = make_location("WH"), make_location("STORE")
    adjust(tee, warehouse, 1)
    adjust(cap, store, 1)
    assert outbox.drain("test:stock") == 2
    stock_consumer.batches.clear()

    t1_inserted, t1_may_commit = threading.Event(), threading.Event()

    def t1() -> None:  # gets id N, commits last
        with transaction.atomic():
            adjust(tee, warehouse, 2)
            t1_inserted.set()
            assert t1_may_commit.wait(timeout=30)

    def t2() -> None:  # gets id N + 1, commits first
        adjust(cap, store, 5)

    first = in_own_connection(t1)
    assert t1_inserted.wait(timeout=30)
    second = in_own_connection(t2)
    second.join(timeout=30)
    n_plus_1 = StockChange.objects.latest("pk").pk

    assert outbox.drain("test:stock") == 1
    assert coalesced(after_id=n_plus_1) == []  # where an id cursor would stand: past N

    t1_may_commit.set()
    first.join(timeout=30)
    assert outbox.drain("test:stock") == 1
    assert outbox.drain("test:stock") == 0

    assert stock_consumer.stock == [("CAP", "STORE", 6), ("TEE", "WH", 3)]
    assert stock_consumer.ids == [n_plus_1, n_plus_1 - 1]
    assert outbox.pending_counts() == {"test:stock": 0}
