"""A job standing in for a channel operation in CLI/API tests of "run now", runs and retry
(the real jobs live in sync/jobs and are tested by their owners): it records three items,
one failed with its retry payload, reporting progress; a retry re-sends the failed ones."""

from __future__ import annotations

import sys
from types import ModuleType

import pytest

from stockbridge.channels.port import ItemResult, Outcome
from stockbridge.sync import operations, runs
from stockbridge.sync.models import Run
from stockbridge.sync.operations import OperationRequest

NAME = "probe_for_tests"


def run(request: OperationRequest) -> Run:
    opened = runs.open_run(
        channel_id=request.channel_id,
        operation=request.operation,
        trigger=request.trigger,
        dry_run=request.dry_run,
        retry_of=request.retry_of,
    )
    if request.retry_of is not None:
        again = runs.failed_items(request.retry_of)
        runs.set_total(opened, len(again))
        results = [ItemResult(ref=item.ref, outcome=Outcome.UPDATED) for item in again]
        runs.record(opened, results)
        if request.progress:
            request.progress(len(results), len(again))
        return runs.close_run(opened)
    runs.set_total(opened, 3)
    first = [
        ItemResult(ref="LS-M", outcome=Outcome.UPDATED),
        ItemResult(ref="LS-L", outcome=Outcome.UNCHANGED),
    ]
    runs.record(opened, first, changes={"LS-M": {"quantity": [3, 5]}})
    if request.progress:
        request.progress(2, 3)
    failed = ItemResult(
        ref="LS-S",
        outcome=Outcome.FAILED,
        error_kind="Rejected",
        message="quantity: must be at most 1000000000",
    )
    runs.record(opened, [failed], payloads={"LS-S": {"quantity": 7}})
    if request.progress:
        request.progress(3, 3)
    return runs.close_run(opened)


def install(monkeypatch: pytest.MonkeyPatch, operation: str = "sync_listings") -> None:
    module = ModuleType(f"stockbridge.sync.jobs.{NAME}")
    module.run = run  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, module.__name__, module)
    monkeypatch.setitem(operations.JOBS, operation, NAME)
