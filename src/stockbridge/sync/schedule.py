"""When a scheduled operation runs next (pure: plain values in, a time out).

Schedules are in UTC: off, every N minutes, hourly (at the top of each hour), daily at HH:MM.
The next run is always strictly after `after`, on a whole minute, so a scheduler that ticks
every minute runs each due operation once per due time.
"""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta

OFF = "off"
EVERY = "every"
HOURLY = "hourly"
DAILY = "daily"


def next_run(
    schedule: str,
    *,
    after: datetime,
    every_minutes: int | None = None,
    daily_at: time | None = None,
) -> datetime | None:
    """The first run time strictly after `after` (aware), or None when the schedule is off."""
    if after.tzinfo is None:
        raise ValueError("next_run needs an aware datetime")
    at = after.astimezone(UTC)
    minute = at.replace(second=0, microsecond=0)
    if schedule == OFF:
        return None
    if schedule == EVERY:
        if not every_minutes or every_minutes < 1:
            raise ValueError("an every-N-minutes schedule needs N >= 1")
        return minute + timedelta(minutes=every_minutes)
    if schedule == HOURLY:
        return minute.replace(minute=0) + timedelta(hours=1)
    if schedule == DAILY:
        if daily_at is None:
            raise ValueError("a daily schedule needs its time")
        today = minute.replace(hour=daily_at.hour, minute=daily_at.minute)
        return today if today > at else today + timedelta(days=1)
    raise ValueError(f"unknown schedule {schedule!r}")
