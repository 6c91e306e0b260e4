"""Huey tasks and schedules. Tasks are thin: they call a use case and nothing else.
(The outbox drain job lives in `drains.py`, the inbox's in `inbox.py`, "Run now" in
`run_requests.py`, imported here so a worker registers them.)"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task

from stockbridge.platform import clock

from . import housekeeping, scheduler
from .drains import drain_outbox
from .inbox import process_inbox
from .order_pushes import retention
from .order_pushes.sending import drain_order_pushes
from .pushes import drain_channel_pushes
from .run_requests import run_operation_now

__all__ = [
    "drain_channel_pushes",
    "drain_order_pushes",
    "drain_outbox",
    "process_inbox",
    "prune_old_data_hourly",
    "prune_old_data_now",
    "prune_outboxes_hourly",
    "purge_order_pii_daily",
    "refresh_channel_tokens",
    "run_operation_now",
    "run_scheduled_operations",
    "sweep_pending_work",
]


@db_periodic_task(crontab(minute="17"), name="prune_old_data_hourly")
def prune_old_data_hourly() -> dict[str, Any]:
    return housekeeping.prune_old_data()


@db_periodic_task(crontab(minute="47"), name="prune_outboxes_hourly")
def prune_outboxes_hourly() -> dict[str, Any]:
    return housekeeping.prune_outboxes()


@db_periodic_task(crontab(), name="sweep_pending_work")
def sweep_pending_work() -> dict[str, Any]:
    return housekeeping.sweep_pending_work()


@db_task(name="prune_old_data_now")
def prune_old_data_now() -> dict[str, Any]:
    return housekeeping.prune_old_data()


@db_periodic_task(crontab(), name="run_scheduled_operations")
def run_scheduled_operations() -> dict[str, Any]:
    return scheduler.run_due_operations()


@db_periodic_task(crontab(), name="refresh_channel_tokens")
def refresh_channel_tokens() -> dict[str, Any]:
    return scheduler.refresh_tokens()


@db_periodic_task(crontab(minute="23", hour="3"), name="purge_order_pii_daily")
def purge_order_pii_daily() -> dict[str, Any]:
    """The PII retention of every channel (`sync orders` setting `pii_retention`)."""
    started = clock.now()
    result = {"channels": retention.purge()}
    with transaction.atomic():
        housekeeping.record_heartbeat("purge_order_pii", started=started, result=result)
    return result
