"""Housekeeping: prune data nobody needs any more, and re-nudge pending work whose queue
message was lost. Idempotent; safe to run at any time.

Apps above sync own their data: they add a pruning step with `register_pruner` at start-up
(the web app prunes revoked API tokens), so sync never imports them.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from django.contrib.sessions.models import Session
from django.db import transaction
from django.db.models import F

from stockbridge.platform import clock

from . import inbox, outbox, pushes
from .drains import nudge_drain
from .models import JobHeartbeat
from .order_pushes import sending as order_sending
from .publish import deleting

Pruner = Callable[[datetime], int]
"""A pruning step: given the job's start time, delete what is old and say how many rows went."""

_pruners: dict[str, Pruner] = {}


def register_pruner(key: str, prune: Pruner) -> None:
    """Run `prune` in every `prune_old_data`; its count is reported under `key`."""
    _pruners[key] = prune


def prune_old_data() -> dict[str, Any]:
    """Delete expired sessions and whatever the registered pruners find old; record a
    heartbeat. One transaction: a failing step leaves everything as it was."""
    started = clock.now()
    with transaction.atomic():
        sessions, _ = Session.objects.filter(expire_date__lt=started).delete()
        result: dict[str, Any] = {"expired_sessions": sessions}
        for key, prune in _pruners.items():
            result[key] = prune(started)
        record_heartbeat("prune_old_data", started=started, result=result)
    return result


def prune_outboxes() -> dict[str, Any]:
    """Delete outbox rows every consumer has taken, once past the retention; heartbeat."""
    started = clock.now()
    result: dict[str, Any] = {"pruned": outbox.prune()}
    with transaction.atomic():
        record_heartbeat("prune_outboxes", started=started, result=result)
    return result


def sweep_pending_work() -> dict[str, Any]:
    """The scheduler's every-minute sweep: count what each outbox consumer has pending and nudge
    the drain of each consumer with something pending (after this job's commit).

    The database holds all pending work; a queue message is only a nudge, and a lost one is
    made good here within a minute. The heartbeat shows operators (and the tests) that the
    scheduler is alive and what it found.
    """
    started = clock.now()
    pending = {name: count for name, count in outbox.pending_counts().items() if count}
    consumers = list(pending)
    # channels with quantity pushes due (their drain's nudge may have been lost)
    due = pushes.due()
    pending.update({f"pushes:{channel_id}": count for channel_id, count in sorted(due.items())})
    # channels with inbound events not yet processed (their nudge may have been lost)
    inbound = inbox.pending()
    pending.update({f"inbox:{channel_id}": count for channel_id, count in inbound.items()})
    # channels with order pushes (fulfilments, refunds...) due to be sent
    orders_due = order_sending.due()
    pending.update({f"orders:{channel_id}": count for channel_id, count in orders_due.items()})
    # channels with products deleted here still to delete there
    deletes_due = deleting.due()
    pending.update({f"deletes:{channel_id}": count for channel_id, count in deletes_due.items()})
    result: dict[str, Any] = {"requeued": len(pending), "pending": pending}
    with transaction.atomic():
        for consumer in consumers:
            nudge_drain(consumer)
        for channel_id in sorted(due):
            pushes.nudge(channel_id)
        for channel_id in sorted(inbound):
            inbox.nudge(channel_id)
        for channel_id in sorted(orders_due):
            order_sending.nudge(channel_id)
        for channel_id in sorted(deletes_due):
            deleting.nudge(channel_id)
        record_heartbeat("sweep_pending_work", started=started, result=result)
    return result


def record_heartbeat(name: str, *, started: Any, result: dict[str, Any]) -> None:
    """Record that job `name` ran (start, finish, count, result), inside its transaction."""
    beat, _created = JobHeartbeat.objects.get_or_create(
        name=name, defaults={"last_started_at": started, "runs": 0}
    )
    JobHeartbeat.objects.filter(pk=beat.pk).update(
        last_started_at=started,
        last_finished_at=clock.now(),
        runs=F("runs") + 1,
        last_result=result,
    )
