"""Delivery of the domain outboxes to named consumers, each with its own delivery state.

A domain writes its outbox row in the same transaction as the change (stock:
`inventory.outbox.StockChange`, order events: `orders.models.OrderEvent`) and never learns who
reads it. A consumer registers here with the outbox it reads and a `take` callback. A drain
locks the consumer's row, reads the rows that still matter (stock: the newest row of each
variant x location) and that consumer has no `OutboxTake` for (never an id cursor: on
PostgreSQL a lower id can commit after a higher one was read), hands them to `take` and
records the takes, all in one transaction: a drain killed half-way leaves the rows
pending, a drain run twice finds nothing left. `take` runs inside that transaction and only
writes the database (the channel fan-out upserts its per-channel pushes there); network work
happens in jobs nudged after commit.

Pruning deletes an outbox row (and its takes) once it is older than the retention and every
registered consumer of its outbox has taken it, or it is superseded. With no consumer
registered, nobody waits for the rows and old ones go. Order events the order's own channel
has not published yet (`OrderEvent.published_at`, the domain's own flag) are kept.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.db import models, transaction
from django.db.models import Exists, F, OuterRef, Q, QuerySet

from stockbridge.inventory import outbox as stock_outbox
from stockbridge.orders.models import OrderEvent
from stockbridge.platform import clock

from .models import OutboxConsumer, OutboxTake

RETENTION = timedelta(days=1)
BATCH = 500

Take = Callable[[Sequence[Any]], None]


@dataclass(frozen=True)
class Outbox:
    """One domain outbox. `current` narrows rows to those that still matter (stock: the newest
    row of each pair; None: every row); `keep` holds rows pruning must leave alone."""

    name: str
    model: type[models.Model]
    current: Callable[[QuerySet[Any]], QuerySet[Any]] | None = None
    keep: Q | None = None

    def rows(self) -> QuerySet[Any]:
        return self.model._default_manager.all()

    def matter(self, rows: QuerySet[Any]) -> QuerySet[Any]:
        return rows if self.current is None else self.current(rows)


def _newest_of_each_pair(rows: QuerySet[Any]) -> QuerySet[Any]:
    return rows.filter(pk__in=stock_outbox.newest_of_each_pair())


OUTBOXES: dict[str, Outbox] = {
    "stock": Outbox("stock", stock_outbox.StockChange, current=_newest_of_each_pair),
    "order_events": Outbox(
        "order_events", OrderEvent, keep=Q(published_at__isnull=True) & ~Q(channel="")
    ),
}


@dataclass(frozen=True)
class Consumer:
    name: str
    outbox: str
    take: Take


_consumers: dict[str, Consumer] = {}


def register_consumer(name: str, *, outbox: str, take: Take) -> Consumer:
    """Make `name` a consumer of `outbox` (at start-up, by the app owning the consumer)."""
    if outbox not in OUTBOXES:
        raise ValueError(f"outbox: unknown outbox {outbox!r} (known: {sorted(OUTBOXES)})")
    known = _consumers.get(name)
    if known is not None and known.outbox != outbox:
        raise ValueError(f"name: consumer {name!r} already reads outbox {known.outbox!r}")
    consumer = Consumer(name, outbox, take)
    _consumers[name] = consumer
    return consumer


def unregister_consumer(name: str) -> None:
    _consumers.pop(name, None)


def consumers() -> list[Consumer]:
    """The registered consumers, by name."""
    return [_consumers[name] for name in sorted(_consumers)]


def _consumer(name: str) -> Consumer:
    try:
        return _consumers[name]
    except KeyError:
        raise ValueError(f"consumer: no consumer named {name!r} is registered") from None


def pending_rows(consumer: str) -> QuerySet[Any]:
    """The rows of the consumer's outbox that still matter and it has not taken, whatever
    their ids."""
    box = OUTBOXES[_consumer(consumer).outbox]
    taken = OutboxTake.objects.filter(consumer__name=consumer, row_id=OuterRef("pk"))
    return box.matter(box.rows().filter(~Exists(taken)))


def pending_counts() -> dict[str, int]:
    """How many rows each registered consumer has not taken yet."""
    return {c.name: pending_rows(c.name).count() for c in consumers()}


def drain_batch(consumer: str, *, limit: int = BATCH) -> int:
    """Hand the consumer up to `limit` of its pending rows, oldest first, and record them
    taken, in one transaction under the consumer's lock; how many it was handed."""
    registered = _consumer(consumer)
    with transaction.atomic():
        state, _ = OutboxConsumer.objects.get_or_create(
            name=consumer, defaults={"outbox": registered.outbox}
        )
        OutboxConsumer.objects.select_for_update().filter(pk=state.pk).get()
        rows = list(pending_rows(consumer).order_by("pk")[:limit])
        if not rows:
            return 0
        registered.take(rows)
        now = clock.now()
        OutboxTake.objects.bulk_create(
            [OutboxTake(consumer=state, row_id=row.pk, taken_at=now) for row in rows]
        )
        OutboxConsumer.objects.filter(pk=state.pk).update(
            taken=F("taken") + len(rows), last_drained_at=now
        )
        return len(rows)


def drain(consumer: str, *, limit: int = BATCH) -> int:
    """Drain the consumer until nothing is pending, one transaction per batch; how many rows
    it was handed."""
    handed = 0
    while True:
        batch = drain_batch(consumer, limit=limit)
        handed += batch
        if batch < limit:
            return handed


def prune(*, retention: timedelta = RETENTION, limit: int = 10_000) -> dict[str, int]:
    """Delete outbox rows older than `retention` that every registered consumer of their outbox
    has taken or that no longer matter (superseded), with their takes (and takes whose row is
    gone); how many rows went per outbox. Oldest first, so a pair's newest row never goes
    before the rows it supersedes."""
    cutoff = clock.now() - retention
    pruned: dict[str, int] = {}
    for box in OUTBOXES.values():
        rows = box.rows().filter(created_at__lt=cutoff)
        readers = [c.name for c in consumers() if c.outbox == box.name]
        if readers:  # with none, nobody waits for the rows
            done = Q()
            for name in readers:
                done &= Q(
                    Exists(OutboxTake.objects.filter(consumer__name=name, row_id=OuterRef("pk")))
                )
            if box.current is not None:
                done |= ~Q(pk__in=box.matter(box.rows()).values("pk"))
            rows = rows.filter(done)
        if box.keep is not None:
            rows = rows.exclude(box.keep)
        gone = box.rows().filter(pk=OuterRef("row_id"))
        with transaction.atomic():
            ids = list(rows.order_by("pk").values_list("pk", flat=True)[:limit])
            OutboxTake.objects.filter(consumer__outbox=box.name, row_id__in=ids).delete()
            pruned[box.name], _ = box.rows().filter(pk__in=ids).delete()
            # takes of rows deleted otherwise (a variant's rows go with the variant)
            OutboxTake.objects.filter(consumer__outbox=box.name).filter(~Exists(gone)).delete()
    return pruned
