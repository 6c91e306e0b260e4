"""Runs: one execution of one operation, its counts and its per-item results. A run is opened
in its own transaction (so its progress is visible while it works), items are recorded as they
finish, and it is closed with a status from its counts: ok (nothing failed), partial (some
failed), failed (all failed, or the run itself stopped on an error)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime
from typing import Any, NamedTuple

from django.db import transaction
from django.db.models import F

from stockbridge.catalog.bulk import insert_values
from stockbridge.channels.port import ItemResult, Outcome
from stockbridge.platform import clock

from .models import Run, RunItem, RunStatus, RunTrigger

EXCERPT = 2000
ITEM_FIELDS = (
    "run",
    "ref",
    "outcome",
    "error_kind",
    "message",
    "changes",
    "payload",
    "request_excerpt",
    "response_excerpt",
    "created_at",
)


def open_run(
    *,
    channel_id: int,
    operation: str,
    trigger: str = RunTrigger.USER,
    dry_run: bool = False,
    total: int | None = None,
    retry_of: int | None = None,
    arguments: Mapping[str, Any] | None = None,
) -> Run:
    with transaction.atomic():
        return Run.objects.create(
            channel_id=channel_id,
            operation=operation,
            trigger=trigger,
            dry_run=dry_run,
            total=total,
            retry_of_id=retry_of,
            arguments=dict(arguments or {}),
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
    changes_of: Mapping[str, Mapping[str, Any]] = changes or {}
    payloads_of: Mapping[str, Mapping[str, Any]] = payloads or {}
    return record_items(
        run,
        [
            Item(
                r.ref,
                r.outcome,
                r.message,
                r.error_kind or "",
                dict(changes_of.get(r.ref, {})),
                dict(payloads_of.get(r.ref, {})),
                r.request_excerpt,
                r.response_excerpt,
            )
            for r in results
        ],
    )


class Item(NamedTuple):
    """One run item as `record_items` stores it (a job with thousands per batch builds these
    directly, not an ItemResult and a change and payload map keyed by ref)."""

    ref: str
    outcome: Outcome
    message: str = ""
    error_kind: str = ""
    changes: dict[str, Any] = {}  # (only read: stored as JSON)
    payload: dict[str, Any] = {}
    request_excerpt: str = ""
    response_excerpt: str = ""


def record_items(run: Run, items: Sequence[Item]) -> Counter[str]:
    """`record` for items given whole."""
    now = clock.now()
    run_id = run.pk
    rows = [
        (
            run_id,
            ref[:255],
            outcome.value,
            error_kind,
            message[:1000],
            changes,
            payload,
            request[:EXCERPT],
            response[:EXCERPT],
            now,
        )
        for ref, outcome, message, error_kind, changes, payload, request, response in items
    ]
    counted = Counter(row[2] for row in rows)
    if not rows:
        return counted
    with transaction.atomic():
        insert_values(RunItem, ITEM_FIELDS, rows)  # one prepared statement for all rows
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


def pause_run(run: Run, *, until: datetime, message: str) -> Run:
    """Stop the run at a limit of the channel that frees with time: `paused`, saying until
    when and why; the scheduler runs the operation again (with the run's arguments) at
    `until` (`sync/scheduler.py`). What it did so far stays recorded."""
    run.status = RunStatus.PAUSED
    run.message = message[:1000]
    run.resume_at = until
    run.finished_at = clock.now()
    run.save(update_fields=["status", "message", "resume_at", "finished_at"])
    return run


def failed_items(run_id: int) -> list[RunItem]:
    """The items a retry sends again (their stored payloads)."""
    return list(RunItem.objects.filter(run_id=run_id, outcome=Outcome.FAILED.value).order_by("id"))
