"""The throttle a connector is given (implements `channels.port.Throttle`): sleeps until its
store's bucket lets a call go. One throttle serves one client, which has at most one call out
at a time: the points reserved for it count as in flight until its answer is observed, the
store blocked, or the next call reserved (an answer that said nothing of the budget)."""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import datetime
from typing import Protocol

from .budget import Budget, wall


class Bucket(Protocol):
    """One store's shared bucket, changed atomically by whichever backend keeps it.
    `answered`: the points of this worker's previous reservation, now answered."""

    def reserve(self, cost: float, now: datetime, *, answered: float) -> tuple[float, float]:
        """(0, points taken: 0 when no budget is known) or (seconds to sleep first, 0)."""

    def observe(
        self,
        *,
        available: float,
        maximum: float,
        restore_rate: float,
        now: datetime,
        answered: float,
    ) -> None: ...

    def block(self, seconds: float, now: datetime, *, answered: float) -> None: ...

    def read(self) -> Budget | None: ...


class StoreThrottle:
    def __init__(
        self,
        bucket: Bucket,
        *,
        now: Callable[[], datetime] = wall,
        sleep: Callable[[float], None] | None = None,
    ) -> None:
        self.bucket = bucket
        self.now = now
        self.sleep = sleep or time.sleep
        self.waited = 0.0  # seconds this throttle slept (benchmarks and tests read it)
        self.reserved = 0.0  # points of this worker's call not answered yet

    def wait(self, cost: float) -> None:
        while True:
            pause, taken = self.bucket.reserve(cost, self.now(), answered=self._answered())
            if pause <= 0:
                self.reserved = taken
                return
            self.waited += pause
            self.sleep(pause)

    def observe(self, *, available: float, maximum: float, restore_rate: float) -> None:
        self.bucket.observe(
            available=available,
            maximum=maximum,
            restore_rate=restore_rate,
            now=self.now(),
            answered=self._answered(),
        )

    def block(self, seconds: float) -> None:
        if seconds > 0:
            self.bucket.block(seconds, self.now(), answered=self._answered())

    def _answered(self) -> float:
        answered, self.reserved = self.reserved, 0.0
        return answered
