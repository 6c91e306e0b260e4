"""Run endpoints: run an operation of a channel now (or as a dry run that writes nothing),
the run log with per-item results filterable by outcome, retry of a run's failed items, and
the explanation of the quantity a channel shows for a SKU."""

from __future__ import annotations

from datetime import datetime
from importlib import import_module
from typing import Annotated, Any

from django.http import HttpRequest
from ninja import Field, Router, Schema, Status

from stockbridge.channels import queries as channels
from stockbridge.channels.port import Operation, Outcome
from stockbridge.platform.errors import FieldError
from stockbridge.sync import queries
from stockbridge.sync.jobs.legacy_orders import MAX_DAYS, pull
from stockbridge.sync.models import RunStatus, RunTrigger
from stockbridge.sync.operations import run_operation

from .inputs import WHOLE, Id, StrictIn, Text, choices
from .pagination import Cursor, Limit, Page, paginate

router = Router(tags=["runs"])

OperationName = Annotated[str, choices(Operation)]
OutcomeName = Annotated[str, choices(Outcome)]


class RunNowIn(StrictIn):
    dry_run: bool = False
    # publish_listings only: the season to publish (name or code) instead of the setting's
    season: Text | None = None


class RunOut(Schema):
    id: int
    channel_id: int
    operation: str
    trigger: Annotated[str, choices(RunTrigger)]
    dry_run: bool
    status: Annotated[str, choices(RunStatus)]
    message: str
    total: int | None
    done: int
    counts: dict[str, int]
    retry_of_id: int | None
    started_at: datetime
    finished_at: datetime | None
    resume_at: datetime | None = None  # a paused run: when the scheduler runs it again


class RunPage(Page):
    items: list[RunOut]


class RunItemOut(Schema):
    id: int
    ref: str
    outcome: str
    error_kind: str
    message: str
    changes: dict[str, Any]
    request_excerpt: str
    response_excerpt: str
    created_at: datetime


class RunItemPage(Page):
    items: list[RunItemOut]


@router.post("/channels/{channel_id}/operations/{operation}/run", response={201: RunOut})
def run_now(
    request: HttpRequest, channel_id: Id, operation: OperationName, payload: RunNowIn
) -> Status[Any]:
    """Run the operation now and answer its run when it ends. `dry_run`: a preview that
    writes nothing and records per item what would change."""
    channel = channels.channel(channel_id)
    arguments = None
    if payload.season is not None:
        if operation != Operation.PUBLISH_LISTINGS:
            raise FieldError("season", "applies to publish_listings only")
        arguments = {"season": payload.season}
    run = run_operation(
        channel_id=channel.pk, operation=operation, dry_run=payload.dry_run, arguments=arguments
    )
    return Status(201, run)


class LegacyOrdersIn(StrictIn):
    days: Annotated[int, Field(ge=1, le=MAX_DAYS), WHOLE]
    dry_run: bool = False


@router.post("/channels/{channel_id}/legacy-orders", response={201: RunOut})
def legacy_orders(request: HttpRequest, channel_id: Id, payload: LegacyOrdersIn) -> Status[Any]:
    """The one-time legacy pull: the channel's orders placed in the last `days` days,
    cancelled ones skipped, imported as confirmed with an invoice paid in full (totals the
    channel's), customers with their addresses. Answers the run when it ends. Refused (400,
    field `days`, code `scope`) when the channel serves fewer days to this app (Shopify: 60
    without the read_all_orders scope)."""
    channel = channels.channel(channel_id)
    run = pull(channel_id=channel.pk, days=payload.days, dry_run=payload.dry_run)
    return Status(201, run)


@router.get("/runs", response=RunPage)
def list_runs(
    request: HttpRequest,
    channel_id: Id | None = None,
    operation: OperationName | None = None,
    failed: bool = False,
    cursor: Cursor | None = None,
    limit: Limit = 50,
) -> dict[str, Any]:
    """Runs in id order; `failed`: only those where something failed (failed, partial)."""
    qs = queries.runs(channel_id=channel_id, operation=operation, failed=failed)
    return paginate(qs, cursor=cursor, limit=limit)


@router.get("/runs/{run_id}", response=RunOut)
def get_run(request: HttpRequest, run_id: Id) -> Any:
    return queries.run(run_id)


@router.get("/runs/{run_id}/items", response=RunItemPage)
def list_run_items(
    request: HttpRequest,
    run_id: Id,
    outcome: OutcomeName | None = None,
    cursor: Cursor | None = None,
    limit: Limit = 100,
) -> dict[str, Any]:
    """A run's items: what happened to each, why, and the field changes (old, new)."""
    run = queries.run(run_id)
    return paginate(queries.run_items(run.pk, outcome=outcome), cursor=cursor, limit=limit)


@router.post("/runs/{run_id}/retry", response={201: RunOut})
def retry_run(request: HttpRequest, run_id: Id) -> Status[Any]:
    """Send the run's failed items again (a new run with `retry_of`)."""
    original = queries.run(run_id)
    if not queries.run_items(original.pk, outcome=Outcome.FAILED.value).exists():
        raise FieldError("run_id", f"run {original.pk} has no failed items to retry")
    run = run_operation(
        channel_id=original.channel_id,
        operation=original.operation,
        trigger=RunTrigger.RETRY,
        retry_of=original.pk,
    )
    return Status(201, run)


@router.get("/channels/{channel_id}/explain", response=dict[str, Any])
def explain(request: HttpRequest, channel_id: Id, sku: Text) -> Any:
    """Why the channel shows the quantity it shows for `sku`: on hand and committed per
    mapped location, the channel's rules, the value last pushed and last confirmed."""
    channel = channels.channel(channel_id)
    try:
        module = import_module("stockbridge.sync.explain")
    except ModuleNotFoundError as exc:
        raise FieldError("sku", "explaining quantities is not part of this build") from exc
    return module.explain(channel=channel, sku=sku).as_dict()
