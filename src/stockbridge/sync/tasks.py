"""Huey tasks and schedules. Tasks are thin: they call a use case and nothing else."""

from __future__ import annotations

from typing import Any

from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task

from . import housekeeping


@db_periodic_task(crontab(minute="17"), name="prune_old_data_hourly")
def prune_old_data_hourly() -> dict[str, Any]:
    return housekeeping.prune_old_data()


@db_periodic_task(crontab(), name="sweep_pending_work")
def sweep_pending_work() -> dict[str, Any]:
    return housekeeping.sweep_pending_work()


@db_task(name="prune_old_data_now")
def prune_old_data_now() -> dict[str, Any]:
    return housekeeping.prune_old_data()
