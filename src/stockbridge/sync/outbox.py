"""Delivery of the domain outboxes to named consumers, each with its own delivery state.

A domain writes its outbox row in the same transaction as the change (stock:
`inventory.outbox.StockChange`, order events: `orders.models.OrderEvent`) and never learns who
reads it. A consumer registers here with the outbox it reads and a `take` callback. A drain
locks the consumer's row, reads the rows that consumer has no `OutboxTake` for (never an id
cursor: on PostgreSQL a lower id can commit after a higher one was read), hands them to `take`
and records the takes, all in one transaction: a drain killed half-way leaves the rows
pending, a drain run twice finds nothing left. `take` runs inside that transaction and only
writes the database (the channel fan-out upserts its per-channel pushes there); network work
happens in jobs nudged after commit.

Pruning deletes an outbox row (and its takes) once it is older than the retention and every
registered consumer of its outbox has taken it. With no consumer registered, nobody waits for
the rows and old ones go. Order events the order's own channel has not published yet
(`OrderEvent.published_at`, the domain's own flag) are kept.
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
    """How a drain reads one domain outbox: `select` picks what to hand over from the pending
    rows, `covers` says which pending rows that settles; `keep` holds rows pruning must leave."""

    name: str
    model: type[models.Model]
    select: Callable[[QuerySet[Any], int], list[Any]]
    covers: Callable[[list[Any], QuerySet[Any]], list[int]]
    keep: Q | None = None


def _in_id_order(rows: QuerySet[Any], limit: int) -> list[Any]:
    return list(rows.order_by("pk")[:limit])


def _themselves(selected: list[Any], rows: QuerySet[Any]) -> list[int]:
    return [row.pk for row in selected]


OUTBOXES: dict[str, Outbox] = {
    "stock": Outbox(
        "stock",
        stock_outbox.StockChange,
        lambda rows, limit: stock_outbox.coalesce(rows, limit=limit),
        stock_outbox.covered,
    ),
    "order_events": Outbox(
        "order_events",
        OrderEvent,
        _in_id_order,
        _themselves,
        keep=Q(published_at__isnull=True) & ~Q(channel=""),
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
    """The rows of the consumer's outbox it has not taken, whatever their ids."""
    registered = _consumer(consumer)
    taken = OutboxTake.objects.filter(consumer__name=consumer, row_id=OuterRef("pk"))
    return OUTBOXES[registered.outbox].model._default_manager.filter(~Exists(taken))


def pending_counts() -> dict[str, int]:
    """How many rows each registered consumer has not taken yet."""
    return {c.name: pending_rows(c.name).count() for c in consumers()}


@dataclass(frozen=True)
class Drained:
    delivered: int  # rows handed to the consumer's `take`
    taken: int  # rows settled by them (coalesced older rows included)


def drain_batch(consumer: str, *, limit: int = BATCH) -> Drained:
    """Hand the consumer up to `limit` of its pending rows and record them taken, in one
    transaction under the consumer's lock."""
    registered = _consumer(consumer)
    box = OUTBOXES[registered.outbox]
    with transaction.atomic():
        state, _ = OutboxConsumer.objects.get_or_create(
            name=consumer, defaults={"outbox": box.name}
        )
        OutboxConsumer.objects.select_for_update().filter(pk=state.pk).get()
        rows = pending_rows(consumer)
        selected = box.select(rows, limit)
        if not selected:
            return Drained(0, 0)
        settled = box.covers(selected, rows)
        registered.take(selected)
        now = clock.now()
        OutboxTake.objects.bulk_create(
            [OutboxTake(consumer=state, row_id=row_id, taken_at=now) for row_id in settled]
        )
        OutboxConsumer.objects.filter(pk=state.pk).update(
            taken=F("taken") + len(settled), last_drained_at=now
        )
        return Drained(len(selected), len(settled))


def drain(consumer: str, *, limit: int = BATCH) -> Drained:
    """Drain the consumer until nothing is pending, one transaction per batch."""
    delivered = taken = 0
    while True:
        batch = drain_batch(consumer, limit=limit)
        delivered, taken = delivered + batch.delivered, taken + batch.taken
        if batch.delivered < limit:
            return Drained(delivered, taken)


def prune(*, retention: timedelta = RETENTION, limit: int = 10_000) -> dict[str, int]:
    """Delete outbox rows older than `retention` that every registered consumer of their outbox
    has taken, with their takes (and takes whose row is gone); how many rows went per outbox."""
    cutoff = clock.now() - retention
    pruned: dict[str, int] = {}
    for box in OUTBOXES.values():
        rows = box.model._default_manager.filter(created_at__lt=cutoff)
        if box.keep is not None:
            rows = rows.exclude(box.keep)
        for c in consumers():
            if c.outbox == box.name:
                taken = OutboxTake.objects.filter(consumer__name=c.name, row_id=OuterRef("pk"))
                rows = rows.filter(Exists(taken))
        gone = box.model._default_manager.filter(pk=OuterRef("row_id"))
        with transaction.atomic():
            ids = list(rows.order_by("pk").values_list("pk", flat=True)[:limit])
            OutboxTake.objects.filter(consumer__outbox=box.name, row_id__in=ids).delete()
            pruned[box.name], _ = box.model._default_manager.filter(pk__in=ids).delete()
            # takes of rows deleted otherwise (a variant's rows go with the variant)
            OutboxTake.objects.filter(consumer__outbox=box.name).filter(~Exists(gone)).delete()
    return pruned
