"""The sandbox's clock: real time plus an offset that tests and the control API can advance."""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import UTC, datetime


class Clock:
    """Monotonic seconds (`now`) and wall time (`iso`), both shifted by `advance`."""

    def __init__(self, source: Callable[[], float] | None = None) -> None:
        self._source = source or time.time
        self.offset = 0.0

    def now(self) -> float:
        return self._source() + self.offset

    def advance(self, seconds: float) -> None:
        self.offset += seconds

    def iso(self) -> str:
        return datetime.fromtimestamp(self.now(), UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


class FrozenClock(Clock):
    """A clock that moves only when advanced (for tests)."""

    def __init__(self, start: float = 1_780_000_000.0) -> None:
        super().__init__(lambda: start)
