"""The drain of one channel's pending pushes: a job nudged after each commit that marks rows
pending (and by the sweep), serialised per channel across processes. It pushes the due
quantity rows (`quantities`), then the due price rows (`prices`), until none is left or the
channel stops it (a refused token disconnects the channel; any other error of a whole call
leaves the rows waiting). Each drain that sends something records one Run (operation
`sync_listings`, trigger `change`) with one RunItem per level or listing written or failed.
A disconnected channel's rows stay in place until it is connected again."""

from __future__ import annotations

import threading
from collections import defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.db import connection
from huey.contrib.djhuey import db_task

from stockbridge.channels.access import connector_for
from stockbridge.channels.models import Channel, ChannelStatus

from .. import listed_quantities as lq
from .. import runs
from ..models import Run, RunTrigger
from ..nudge import after_commit
from . import prices, quantities
from .state import DrainResult, DrainState

LOCK_NAMESPACE = 0x53424331  # pg_advisory_lock(namespace, channel id): "SBC1"


@db_task(name="drain_channel_pushes")
def drain_channel_pushes(channel_id: int) -> dict[str, Any]:
    result = drain(channel_id=channel_id)
    return {"channel": channel_id, **result.as_dict()}


def nudge(channel_id: int) -> None:
    """Have the channel's drain run once the current transaction commits."""
    after_commit(drain_channel_pushes, channel_id)


_local_locks: dict[int, threading.Lock] = defaultdict(threading.Lock)


@contextmanager
def channel_lock(channel_id: int) -> Iterator[None]:
    """One drain per channel at a time, across processes: a PostgreSQL session advisory lock
    (released with the connection if the worker dies). SQLite serialises its writers and
    serves one machine; there a lock per process suffices."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_lock(%s, %s)", [LOCK_NAMESPACE, channel_id])
        try:
            yield
        finally:
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_unlock(%s, %s)", [LOCK_NAMESPACE, channel_id])
        return
    with _local_locks[channel_id]:
        yield


def drain(
    *,
    channel_id: int,
    run: Run | None = None,
    trigger: str = RunTrigger.CHANGE,
    record_unchanged: bool = False,
) -> DrainResult:
    """Push the channel's due quantity rows, then its due price rows, until none is left (or
    the channel stops us)."""
    with channel_lock(channel_id):
        channel = Channel.objects.filter(pk=channel_id).first()
        if channel is None or channel.status != ChannelStatus.CONNECTED:
            return DrainResult(stopped="channel not connected")
        connector = connector_for(channel)  # with the store's shared throttle
        state = DrainState(
            channel=channel,
            connector=connector,
            batch_size=connector.capabilities.stock_batch_size,
            run=run,
            trigger=trigger,
            record_unchanged=record_unchanged,
        )
        enabled, settings = lq.sync_settings(channel.pk)
        if quantities.drain(state, enabled=enabled, settings=settings):
            prices.drain(state, enabled=enabled, settings=settings)
        if state.run is not None and run is None:
            runs.close_run(state.run, message=state.result.stopped)
        state.result.run_id = state.run.pk if state.run is not None else None
        return state.result
