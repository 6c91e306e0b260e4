"""An operation's enabled flag, typed settings and schedule."""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import time
from typing import Any

from django.db import transaction

from stockbridge.platform.bounds import check_text
from stockbridge.platform.errors import FieldError

from .. import registry
from .. import settings as operation_settings
from ..models import Channel, OperationSettings, ScheduleKind

MAX_EVERY_MINUTES = 7 * 24 * 60


def set_operation(
    *,
    channel: Channel,
    operation: str,
    enabled: bool | None = None,
    settings: Mapping[str, Any] | None = None,
    schedule: str | None = None,
    every_minutes: int | None = None,
    daily_at: time | str | None = None,
) -> OperationSettings:
    """Change one operation of a channel: enabled, settings (merged over the stored ones and
    validated whole by the operation's typed settings), schedule (off, every N minutes,
    hourly, daily at HH:MM UTC). The next run is computed by the scheduler."""
    capabilities = registry.kind(channel.kind).capabilities
    known = sorted(o.value for o in capabilities.scopes_by_operation)
    if operation not in known:
        raise FieldError("operation", f"{operation!r} is not one of: {', '.join(known)}")
    if enabled is not None and not isinstance(enabled, bool):
        raise FieldError("enabled", "must be true or false")
    row = OperationSettings.objects.filter(channel=channel, operation=operation).first()
    current_settings: dict[str, Any] = dict(row.settings) if row is not None else {}
    merged = {**current_settings, **dict(settings or {})}
    if settings is not None:
        if not isinstance(settings, Mapping):
            raise FieldError("settings", "must be an object of setting: value")
        operation_settings.validate(operation, merged)
    kind_now = row.schedule if row is not None else ScheduleKind.OFF
    new_schedule = kind_now if schedule is None else schedule
    choices = [c.value for c in ScheduleKind]
    if new_schedule not in choices:
        raise FieldError("schedule", f"{new_schedule!r} is not one of: {', '.join(choices)}")
    minutes = every_minutes if every_minutes is not None else (row.every_minutes if row else None)
    at = _time(daily_at) if daily_at is not None else (row.daily_at if row else None)
    if new_schedule == ScheduleKind.EVERY:
        if isinstance(minutes, bool) or not isinstance(minutes, int):
            raise FieldError("every_minutes", "is required for an every-N-minutes schedule")
        if not 1 <= minutes <= MAX_EVERY_MINUTES:
            raise FieldError("every_minutes", f"must be from 1 to {MAX_EVERY_MINUTES}")
    if new_schedule == ScheduleKind.DAILY and at is None:
        raise FieldError("daily_at", "is required for a daily schedule (HH:MM, UTC)")
    schedule_changed = row is None or (
        new_schedule != row.schedule or minutes != row.every_minutes or at != row.daily_at
    )
    with transaction.atomic():
        row, _ = OperationSettings.objects.select_for_update().get_or_create(
            channel=channel, operation=operation
        )
        if enabled is not None:
            row.enabled = enabled
        row.settings = merged
        row.schedule = new_schedule
        row.every_minutes = minutes if new_schedule == ScheduleKind.EVERY else None
        row.daily_at = at if new_schedule == ScheduleKind.DAILY else None
        if schedule_changed:
            row.next_run_at = None  # the scheduler computes it on its next tick
        row.save()
    return row


def _time(value: time | str) -> time:
    if isinstance(value, time):
        return value.replace(second=0, microsecond=0, tzinfo=None)
    text = check_text("daily_at", str(value), limit=8).strip()
    match = re.fullmatch(r"([01]?\d|2[0-3]):([0-5]\d)", text)
    if match is None:
        raise FieldError("daily_at", f"must be a time HH:MM (UTC), got {text!r}")
    return time(int(match.group(1)), int(match.group(2)))
