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
        self._iso_second: int | None = None
        self._iso_text = ""

    def now(self) -> float:
        return self._source() + self.offset

    def advance(self, seconds: float) -> None:
        self.offset += seconds

    def iso(self) -> str:
        second = int(self.now())
        if second != self._iso_second:  # one formatting per second of sandbox time
            self._iso_second = second
            self._iso_text = datetime.fromtimestamp(second, UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
        return self._iso_text


class FrozenClock(Clock):
    """A clock that moves only when advanced (for tests)."""

    def __init__(self, start: float = 1_780_000_000.0) -> None:
        super().__init__(lambda: start)
