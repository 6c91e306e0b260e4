"""The next run of a schedule (pure, UTC)."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta, timezone

import pytest

from stockbridge.sync.schedule import next_run

AT = datetime(2026, 12, 6, 10, 17, 42, tzinfo=UTC)


def test_off_never_runs() -> None:
    assert next_run("off", after=AT) is None


def test_every_n_minutes_counts_from_the_whole_minute() -> None:
    assert next_run("every", after=AT, every_minutes=15) == datetime(
        2026, 12, 6, 10, 32, tzinfo=UTC
    )
    assert next_run("every", after=AT, every_minutes=1) == datetime(2026, 12, 6, 10, 18, tzinfo=UTC)


def test_hourly_runs_at_the_next_top_of_the_hour() -> None:
    assert next_run("hourly", after=AT) == datetime(2026, 12, 6, 11, 0, tzinfo=UTC)
    on_the_hour = datetime(2026, 12, 6, 11, 0, tzinfo=UTC)
    assert next_run("hourly", after=on_the_hour) == datetime(2026, 12, 6, 12, 0, tzinfo=UTC)


def test_daily_runs_today_if_still_ahead_else_tomorrow() -> None:
    assert next_run("daily", after=AT, daily_at=time(18, 30)) == datetime(
        2026, 12, 6, 18, 30, tzinfo=UTC
    )
    assert next_run("daily", after=AT, daily_at=time(3, 0)) == datetime(
        2026, 12, 7, 3, 0, tzinfo=UTC
    )
    exactly = datetime(2026, 12, 6, 3, 0, tzinfo=UTC)
    assert next_run("daily", after=exactly, daily_at=time(3, 0)) == datetime(
        2026, 12, 7, 3, 0, tzinfo=UTC
    )


def test_times_in_other_zones_are_read_as_utc() -> None:
    paris = AT.astimezone(timezone(timedelta(hours=1)))
    assert next_run("daily", after=paris, daily_at=time(18, 30)) == datetime(
        2026, 12, 6, 18, 30, tzinfo=UTC
    )


def test_a_year_end_rolls_over() -> None:
    late = datetime(2026, 12, 31, 23, 59, 30, tzinfo=UTC)
    assert next_run("hourly", after=late) == datetime(2027, 1, 1, 0, 0, tzinfo=UTC)
    assert next_run("every", after=late, every_minutes=2) == datetime(2027, 1, 1, 0, 1, tzinfo=UTC)


@pytest.mark.parametrize(
    ("schedule", "kwargs"),
    [("every", {}), ("every", {"every_minutes": 0}), ("daily", {}), ("weekly", {})],
)
def test_an_incomplete_schedule_is_a_programming_error(
    schedule: str, kwargs: dict[str, object]
) -> None:
    with pytest.raises(ValueError):
        next_run(schedule, after=AT, **kwargs)  # type: ignore[arg-type]


def test_a_naive_time_is_refused() -> None:
    with pytest.raises(ValueError):
        next_run("hourly", after=datetime(2026, 1, 1))
