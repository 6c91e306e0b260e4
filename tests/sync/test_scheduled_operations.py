"""The every-minute tick runs each due scheduled operation once, on connected channels only."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from datetime import UTC, datetime, time, timedelta
from types import ModuleType

import pytest

from stockbridge.channels.errors import AuthFailed
from stockbridge.channels.models import Channel, OperationSettings
from stockbridge.platform import clock
from stockbridge.sync import operations, runs, scheduler
from stockbridge.sync.models import JobHeartbeat, Run
from stockbridge.sync.operations import OperationRequest

pytestmark = pytest.mark.django_db

START = datetime(2026, 12, 6, 2, 59, 30, tzinfo=UTC)
REQUESTS: list[OperationRequest] = []


def _probe_run(request: OperationRequest) -> Run:
    """A job standing in for an operation: logs its request, or refuses like a revoked store."""
    REQUESTS.append(request)
    channel = Channel.objects.get(pk=request.channel_id)
    if channel.name == "Revoked":
        raise AuthFailed("Shopify refused the access token (revoked, expired or app uninstalled)")
    run = runs.open_run(
        channel_id=request.channel_id, operation=request.operation, trigger=request.trigger
    )
    return runs.close_run(run)


@pytest.fixture
def frozen() -> Iterator[clock.FrozenClock]:
    frozen = clock.FrozenClock(START)
    previous = clock.install(frozen)
    yield frozen
    clock.install(previous)


@pytest.fixture(autouse=True)
def probe(monkeypatch: pytest.MonkeyPatch) -> None:
    module = ModuleType("stockbridge.sync.jobs.probe_for_tests")
    module.run = _probe_run  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, module.__name__, module)
    monkeypatch.setitem(operations.JOBS, "reconcile", "probe_for_tests")
    REQUESTS.clear()


def channel(name: str, status: str = "connected") -> Channel:
    made = Channel.objects.create(
        kind="shopify",
        name=name,
        domain=f"{name.lower()}.myshopify.com",
        base_url=f"https://{name.lower()}.myshopify.com",
        status=status,
        created_at=clock.now(),
    )
    OperationSettings.objects.create(
        channel=made, operation="reconcile", schedule="daily", daily_at=time(3, 0)
    )
    return made


def test_a_due_operation_runs_once_and_is_planned_again(frozen: clock.FrozenClock) -> None:
    moor = channel("Moor")
    first = scheduler.run_due_operations()
    assert (first["planned"], first["ran"]) == (1, [])
    row = OperationSettings.objects.get(channel=moor)
    assert row.next_run_at == datetime(2026, 12, 6, 3, 0, tzinfo=UTC)
    frozen.advance(seconds=45)
    result = scheduler.run_due_operations()
    again = scheduler.run_due_operations()
    run = Run.objects.get()
    assert result["ran"] == [f"Moor:reconcile:{run.pk}"]
    assert again["ran"] == []
    assert [(r.channel_id, r.operation, r.trigger) for r in REQUESTS] == [
        (moor.pk, "reconcile", "schedule")
    ]
    assert (run.trigger, run.status) == ("schedule", "ok")
    row.refresh_from_db()
    assert row.next_run_at == datetime(2026, 12, 7, 3, 0, tzinfo=UTC)
    assert row.last_run_at == START + timedelta(seconds=45)
    assert JobHeartbeat.objects.get(name="run_scheduled_operations").runs == 3


def test_disconnected_and_disabled_operations_wait(frozen: clock.FrozenClock) -> None:
    idle = channel("Idle", status="disconnected")
    off = channel("Off")
    OperationSettings.objects.filter(channel=off).update(enabled=False)
    OperationSettings.objects.update(next_run_at=START)
    result = scheduler.run_due_operations()
    assert (result["ran"], result["skipped"], REQUESTS) == ([], 1, [])
    Channel.objects.filter(pk=idle.pk).update(status="connected")
    assert scheduler.run_due_operations()["ran"] == [f"Idle:reconcile:{Run.objects.get().pk}"]


def test_a_refused_token_disconnects_the_channel_and_others_still_run(
    frozen: clock.FrozenClock,
) -> None:
    revoked = channel("Revoked")
    channel("Moor")
    OperationSettings.objects.update(next_run_at=START)
    result = scheduler.run_due_operations()
    assert result["failed"] == ["Revoked:reconcile"]
    assert result["ran"] == [f"Moor:reconcile:{Run.objects.get().pk}"]
    revoked.refresh_from_db()
    assert (revoked.status, revoked.status_reason) == (
        "disconnected",
        "Shopify refused the access token (revoked, expired or app uninstalled)",
    )
