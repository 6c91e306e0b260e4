"""The every-minute tick that runs scheduled operations (and refreshes expiring tokens).

A due operation is claimed by a conditional UPDATE of its `next_run_at` (only the tick that
moves it from the value it read runs it), so two ticks at once, or the same tick run twice,
start each due run once. Disconnected channels are skipped: their schedules wait, and run at
the first tick after the channel is connected again. An operation whose next run is unknown
(new or changed schedule) gets one computed and is not run on that tick. Runs paused at a
channel's limit (`RunStatus.PAUSED`) run again, with their arguments, once `resume_at` came.
"""

from __future__ import annotations

import logging
from datetime import datetime
from typing import Any

from django.db import transaction

from stockbridge.channels.errors import AuthFailed
from stockbridge.channels.models import ChannelStatus, OperationSettings, ScheduleKind
from stockbridge.channels.services import mark_disconnected, refresh_expiring_tokens
from stockbridge.platform import clock

from .housekeeping import record_heartbeat
from .models import Run, RunStatus, RunTrigger
from .operations import JOBS, run_operation
from .schedule import next_run

logger = logging.getLogger("stockbridge.sync.scheduler")


def run_due_operations() -> dict[str, Any]:
    """Run every enabled operation whose time has come on a connected channel."""
    started = clock.now()
    result: dict[str, Any] = {"ran": [], "failed": [], "planned": 0, "skipped": 0}
    rows = (
        OperationSettings.objects.filter(enabled=True)
        .exclude(schedule=ScheduleKind.OFF)
        .select_related("channel")
        .order_by("next_run_at", "pk")
    )
    for row in rows:
        if row.channel.status != ChannelStatus.CONNECTED or row.operation not in JOBS:
            result["skipped"] += 1
            continue
        upcoming = next_run(
            row.schedule, after=started, every_minutes=row.every_minutes, daily_at=row.daily_at
        )
        if row.next_run_at is None:
            with transaction.atomic():
                OperationSettings.objects.filter(pk=row.pk, next_run_at__isnull=True).update(
                    next_run_at=upcoming
                )
            result["planned"] += 1
            continue
        if row.next_run_at > started:
            continue
        with transaction.atomic():
            claimed = OperationSettings.objects.filter(
                pk=row.pk, next_run_at=row.next_run_at
            ).update(next_run_at=upcoming, last_run_at=started)
        if not claimed:
            continue
        label = f"{row.channel.name}:{row.operation}"
        try:
            run = run_operation(
                channel_id=row.channel_id, operation=row.operation, trigger=RunTrigger.SCHEDULE
            )
        except AuthFailed as exc:
            mark_disconnected(channel_id=row.channel_id, reason=exc.message)
            result["failed"].append(label)
        except Exception:  # one operation's fault never stops the others' schedules
            logger.exception("scheduled run of %s failed", label)
            result["failed"].append(label)
        else:
            result["ran"].append(f"{label}:{run.pk}")
    _resume_paused(started, result)
    with transaction.atomic():
        record_heartbeat("run_scheduled_operations", started=started, result=result)
    return result


def _resume_paused(now: datetime, result: dict[str, Any]) -> None:
    """Run again, with their arguments, the runs paused at a channel's limit whose time has
    come (whatever the operation's schedule, even off). Claimed by clearing `resume_at` from
    the value read, so a run resumes once; a channel not connected, or an operation disabled,
    keeps its paused runs for a later tick."""
    paused = Run.objects.filter(status=RunStatus.PAUSED, resume_at__lte=now).select_related(
        "channel"
    )
    for run in paused.order_by("resume_at", "pk"):
        disabled = OperationSettings.objects.filter(
            channel_id=run.channel_id, operation=run.operation, enabled=False
        ).exists()
        if run.channel.status != ChannelStatus.CONNECTED or disabled or run.operation not in JOBS:
            continue
        with transaction.atomic():
            claimed = Run.objects.filter(pk=run.pk, resume_at=run.resume_at).update(resume_at=None)
        if not claimed:
            continue
        label = f"{run.channel.name}:{run.operation}"
        try:
            again = run_operation(
                channel_id=run.channel_id,
                operation=run.operation,
                trigger=RunTrigger.SCHEDULE,
                arguments=run.arguments or None,
            )
        except AuthFailed as exc:
            mark_disconnected(channel_id=run.channel_id, reason=exc.message)
            result["failed"].append(label)
        except Exception:
            logger.exception("resuming run %s of %s failed", run.pk, label)
            result["failed"].append(label)
        else:
            result.setdefault("resumed", []).append(f"{label}:{run.pk}->{again.pk}")


def refresh_tokens() -> dict[str, Any]:
    """Refresh expiring channel tokens 10 minutes before they lapse; heartbeat."""
    started = clock.now()
    result: dict[str, Any] = dict(refresh_expiring_tokens())
    with transaction.atomic():
        record_heartbeat("refresh_channel_tokens", started=started, result=result)
    return result
