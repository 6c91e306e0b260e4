""" "Run now" from a screen: the run is started by a worker (the queue's job) so the page that
asked can follow its progress (items done / total, counts, state) while it goes. The page knows
the newest run id when it asked; the run it started is the next one of that operation.

A run the operation refuses before it starts (the channel is not connected, a setting it
needs is missing) is still recorded, as a failed run saying why, so the page that waits for it
always sees an end."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from huey.contrib.djhuey import db_task

from stockbridge.platform.errors import FieldError

from . import runs
from .models import Run, RunTrigger
from .nudge import after_commit
from .operations import run_operation


@db_task(name="run_operation_now")
def run_operation_now(
    channel_id: int, operation: str, dry_run: bool, arguments: dict[str, str] | None = None
) -> dict[str, Any]:
    try:
        run = run_operation(
            channel_id=channel_id, operation=operation, dry_run=dry_run, arguments=arguments
        )
    except FieldError as exc:
        run = runs.close_run(
            runs.open_run(channel_id=channel_id, operation=operation, dry_run=dry_run),
            message=f"{exc.field}: {exc.reason}",
            failed=True,
        )
    return {"run": run.pk, "status": run.status}


def newest_run_id(*, channel_id: int, operation: str) -> int:
    """The id a started run's id will be above (0: the operation never ran)."""
    found = (
        Run.objects.filter(channel_id=channel_id, operation=operation)
        .order_by("-id")
        .values_list("pk", flat=True)
        .first()
    )
    return int(found or 0)


def start_run(
    *,
    channel_id: int,
    operation: str,
    dry_run: bool = False,
    arguments: Mapping[str, str] | None = None,
) -> int:
    """Have a worker run the operation (after the current transaction commits, by the user);
    the newest run id before it, to find the run by (`started_since`). `arguments`: the run's
    own (publish_listings: "season" or "products")."""
    before = newest_run_id(channel_id=channel_id, operation=operation)
    after_commit(run_operation_now, channel_id, operation, dry_run, dict(arguments or {}))
    return before


def started_since(*, channel_id: int, operation: str, after: int, dry_run: bool) -> Run | None:
    """The first run of the operation (preview or not, as asked) after run id `after`; None
    while the worker has not started it."""
    return (
        Run.objects.select_related("channel")
        .filter(
            channel_id=channel_id,
            operation=operation,
            dry_run=dry_run,
            trigger=RunTrigger.USER,
            pk__gt=after,
        )
        .order_by("id")
        .first()
    )
