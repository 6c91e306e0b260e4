"""Order facts: the timeline entries (history) and the order events outbox.

Both are written in the caller's transaction. Events (fulfilled, tracking updated, cancelled,
refunded) wait in the outbox for their readers. `published_at` (`pending` /
`mark_published`) is the delivery state of one reader only, the order's own channel, kept on
the row; every other consumer (an audit feed, a second channel...) takes events through its
own delivery state in `stockbridge.sync.outbox`, never by id cursor. Marking twice changes
nothing, so a job that runs twice is harmless.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from enum import StrEnum
from typing import Any

from django.db.models import F, QuerySet

from stockbridge.platform import clock, wakeups

from . import rows
from .models import Order, OrderEvent, OrderHistory


class EventKind(StrEnum):
    FULFILLED = "order.fulfilled"
    CANCELLED = "order.cancelled"
    REFUNDED = "order.refunded"
    TRACKING_UPDATED = "order.tracking_updated"


def record(
    order: Order,
    kind: str,
    message: str,
    *,
    data: dict[str, Any] | None = None,
    actor: str = "",
    at: datetime | None = None,
) -> OrderHistory:
    """Add an entry to the order's timeline."""
    history = entry(order, kind, message, data=data, actor=actor, at=at)
    rows.insert([history])
    return history


def entry(
    order: Order,
    kind: str,
    message: str,
    *,
    data: dict[str, Any] | None = None,
    actor: str = "",
    at: datetime | None = None,
) -> OrderHistory:
    """A timeline entry stamped now, not saved yet: a use case writing several entries saves
    them together with `record_all`."""
    return OrderHistory(
        order=order,
        kind=kind,
        message=message[:512],
        data=data or {},
        actor=actor,
        created_at=at or clock.now(),
    )


def record_all(entries: Iterable[OrderHistory]) -> None:
    """Save timeline entries made by `entry`, in one statement, in their order."""
    rows.insert(list(entries))


def emit(order: Order, kind: EventKind, payload: dict[str, Any]) -> OrderEvent:
    """Put an event in the outbox for the order's channel (empty for hub orders)."""
    body = {
        "order_id": order.pk,
        "number": order.number,
        "channel": order.channel,
        "external_id": order.external_id,
        **payload,
    }
    event = OrderEvent(
        order=order, kind=kind.value, channel=order.channel, payload=body, created_at=clock.now()
    )
    rows.insert([event])
    wakeups.wrote("order_events")
    return event


def pending(*, channel: str | None = None, limit: int = 100) -> QuerySet[OrderEvent]:
    """Events their order's channel has not published yet, oldest first (optionally for one
    channel)."""
    qs = OrderEvent.objects.filter(published_at__isnull=True)
    if channel is not None:
        qs = qs.filter(channel=channel)
    return qs.order_by("id")[:limit]


def mark_published(event_ids: Iterable[int]) -> int:
    """Mark events as pushed to their order's channel; returns how many were still pending."""
    return OrderEvent.objects.filter(pk__in=list(event_ids), published_at__isnull=True).update(
        published_at=clock.now(), attempts=F("attempts") + 1
    )
