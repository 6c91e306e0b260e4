"""Housekeeping: prune data nobody needs any more. Idempotent; safe to run at any time."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.contrib.sessions.models import Session
from django.db import transaction
from django.db.models import F

from stockbridge.platform import clock
from stockbridge.web.models import ApiToken

from .models import JobHeartbeat

REVOKED_TOKEN_RETENTION = timedelta(days=90)


def prune_old_data() -> dict[str, Any]:
    """Delete expired sessions and tokens revoked more than 90 days ago; record a heartbeat."""
    started = clock.now()
    with transaction.atomic():
        sessions, _ = Session.objects.filter(expire_date__lt=started).delete()
        tokens, _ = ApiToken.objects.filter(
            revoked_at__lt=started - REVOKED_TOKEN_RETENTION
        ).delete()
        result = {"expired_sessions": sessions, "revoked_tokens": tokens}
        record_heartbeat("prune_old_data", started=started, result=result)
    return result


def sweep_pending_work() -> dict[str, Any]:
    """The scheduler's every-minute sweep: re-enqueue pending work whose queue message was lost.

    The database holds all pending work; a queue message is only a nudge. Each kind of pending
    work (webhook inbox, stock outbox, runs) registers its re-enqueue step here as it arrives;
    the heartbeat shows operators (and the tests) that the scheduler is alive.
    """
    started = clock.now()
    result: dict[str, Any] = {"requeued": 0}
    with transaction.atomic():
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
