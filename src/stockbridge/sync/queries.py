"""Reads of runs and their items (API, CLI, back office)."""

from __future__ import annotations

from django.db.models import QuerySet

from stockbridge.channels.port import Outcome
from stockbridge.platform.bounds import check_choice
from stockbridge.platform.errors import NotFound

from .models import Run, RunItem, RunStatus

OUTCOMES = tuple(o.value for o in Outcome)


def runs(
    *, channel_id: int | None = None, operation: str | None = None, failed: bool = False
) -> QuerySet[Run]:
    """Newest first; `failed`: only runs where something failed (failed or partial)."""
    qs = Run.objects.select_related("channel").order_by("-id")
    if channel_id is not None:
        qs = qs.filter(channel_id=channel_id)
    if operation:
        qs = qs.filter(operation=operation)
    if failed:
        qs = qs.filter(status__in=[RunStatus.FAILED, RunStatus.PARTIAL])
    return qs


def run(run_id: int) -> Run:
    found = Run.objects.select_related("channel").filter(pk=run_id).first()
    if found is None:
        raise NotFound("run", f"no run {run_id}")
    return found


def run_items(run_id: int, *, outcome: str | None = None) -> QuerySet[RunItem]:
    qs = RunItem.objects.filter(run_id=run_id).order_by("id")
    if outcome:
        qs = qs.filter(outcome=check_choice("outcome", outcome, OUTCOMES))
    return qs
