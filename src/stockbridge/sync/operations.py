"""Running an operation of a channel: "Run now", schedules, retries and previews all come
here. Each operation's job lives in `sync/jobs/<operation>.py` as a `run(request) -> Run`; the
engine looks it up by the operation's name and never by channel kind."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from importlib import import_module

from stockbridge.platform.errors import FieldError

from .models import Run, RunTrigger

# operation name -> module under sync/jobs holding `run(request: OperationRequest) -> Run`
JOBS: dict[str, str] = {
    "sync_listings": "sync_listings",
    "reconcile": "reconcile",
    "import_listings": "import_listings",
    "publish_listings": "publish_listings",
    "sync_orders": "sync_orders",
    "get_orders": "get_orders",
    "push_products": "push_products",
    "push_accounts": "push_accounts",
    "push_stock_by_date": "push_stock_by_date",
    "reconcile_stock_by_date": "reconcile_stock_by_date",
    "take_orders": "take_orders",
}

Progress = Callable[[int, int | None], None]


@dataclass(frozen=True, slots=True)
class OperationRequest:
    channel_id: int
    operation: str
    trigger: str = RunTrigger.USER
    dry_run: bool = False
    retry_of: int | None = None
    progress: Progress | None = None  # called with (done, total) as items finish
    # the run's own arguments, for operations taking any (publish_listings: "season")
    arguments: Mapping[str, str] | None = None


def run_operation(
    *,
    channel_id: int,
    operation: str,
    trigger: str = RunTrigger.USER,
    dry_run: bool = False,
    retry_of: int | None = None,
    progress: Progress | None = None,
    arguments: Mapping[str, str] | None = None,
) -> Run:
    module = JOBS.get(operation)
    if module is None:
        raise FieldError(
            "operation", f"unknown operation {operation!r} (known: {', '.join(sorted(JOBS))})"
        )
    job = import_module(f"stockbridge.sync.jobs.{module}")
    request = OperationRequest(
        channel_id=channel_id,
        operation=operation,
        trigger=trigger,
        dry_run=dry_run,
        retry_of=retry_of,
        progress=progress,
        arguments=arguments,
    )
    run: Run = job.run(request)
    return run
