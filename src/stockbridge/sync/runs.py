"""Runs: one execution of one operation, its counts and its per-item results. A run is opened
in its own transaction (so its progress is visible while it works), items are recorded as they
finish, and it is closed with a status from its counts: ok (nothing failed), partial (some
failed), failed (all failed, or the run itself stopped on an error)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from typing import Any

from django.db import transaction
from django.db.models import F

from stockbridge.channels.port import ItemResult, Outcome
from stockbridge.platform import clock

from .models import Run, RunItem, RunStatus, RunTrigger

EXCERPT = 2000


def open_run(
    *,
    channel_id: int,
    operation: str,
    trigger: str = RunTrigger.USER,
    dry_run: bool = False,
    total: int | None = None,
    retry_of: int | None = None,
) -> Run:
    with transaction.atomic():
        return Run.objects.create(
            channel_id=channel_id,
            operation=operation,
            trigger=trigger,
            dry_run=dry_run,
            total=total,
            retry_of_id=retry_of,
            started_at=clock.now(),
        )


def record(
    run: Run,
    results: Iterable[ItemResult],
    *,
    changes: Mapping[str, Mapping[str, Any]] | None = None,
    payloads: Mapping[str, Mapping[str, Any]] | None = None,
) -> Counter[str]:
    """Store the results of one batch (in one transaction) and add them to the run's counts.
    `changes` and `payloads` are keyed by the item's ref."""
    now = clock.now()
    rows = [
        RunItem(
            run=run,
            ref=r.ref[:255],
            outcome=r.outcome.value,
            error_kind=r.error_kind or "",
            message=r.message[:1000],
            changes=dict((changes or {}).get(r.ref, {})),
            payload=dict((payloads or {}).get(r.ref, {})),
            request_excerpt=r.request_excerpt[:EXCERPT],
            response_excerpt=r.response_excerpt[:EXCERPT],
            created_at=now,
        )
        for r in results
    ]
    counted = Counter(row.outcome for row in rows)
    if not rows:
        return counted
    with transaction.atomic():
        RunItem.objects.bulk_create(rows, batch_size=500)
        locked = Run.objects.select_for_update().get(pk=run.pk)
        merged = Counter(locked.counts) + counted
        Run.objects.filter(pk=run.pk).update(counts=dict(merged), done=F("done") + len(rows))
    run.counts = dict(merged)
    run.done = (run.done or 0) + len(rows)
    return counted


def set_total(run: Run, total: int) -> None:
    Run.objects.filter(pk=run.pk).update(total=total)
    run.total = total


def close_run(run: Run, *, message: str = "", failed: bool = False) -> Run:
    """Finish the run: its status follows from its counts (or `failed` when the run itself
    stopped on an error, with `message` saying why)."""
    run.refresh_from_db(fields=["counts", "done"])
    failures = int(run.counts.get(Outcome.FAILED.value, 0))
    if failed or (failures and failures == run.done):
        status = RunStatus.FAILED
    elif failures:
        status = RunStatus.PARTIAL
    else:
        status = RunStatus.OK
    run.status = status
    run.message = message[:1000]
    run.finished_at = clock.now()
    run.save(update_fields=["status", "message", "finished_at"])
    return run


def failed_items(run_id: int) -> list[RunItem]:
    """The items a retry sends again (their stored payloads)."""
    return list(RunItem.objects.filter(run_id=run_id, outcome=Outcome.FAILED.value).order_by("id"))
