"""The clock: timezone-aware UTC time, replaceable in tests."""

from __future__ import annotations

from datetime import UTC, datetime


class Clock:
    """The real clock."""

    def now(self) -> datetime:
        return datetime.now(UTC)


class FrozenClock(Clock):
    """A clock that only moves when told to (tests)."""

    def __init__(self, at: datetime) -> None:
        if at.tzinfo is None:
            raise ValueError("FrozenClock needs a timezone-aware datetime")
        self._at = at

    def now(self) -> datetime:
        return self._at

    def advance(self, **delta: float) -> None:
        from datetime import timedelta

        self._at = self._at + timedelta(**delta)


_clock: Clock = Clock()


def now() -> datetime:
    """The current time in UTC from the installed clock."""
    return _clock.now()


def install(clock: Clock) -> Clock:
    """Install `clock` and return the previous one (the composition root and tests call this)."""
    global _clock
    previous, _clock = _clock, clock
    return previous
