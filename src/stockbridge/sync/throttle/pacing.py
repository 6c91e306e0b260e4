"""The throttle a connector is given (implements `channels.port.Throttle`): sleeps until its
store's bucket lets a call go."""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import datetime
from typing import Protocol

from .budget import Budget, wall


class Bucket(Protocol):
    """One store's shared bucket, changed atomically by whichever backend keeps it."""

    def reserve(self, cost: float, now: datetime) -> float:
        """Take `cost` points (answer 0) or answer how many seconds to sleep first."""

    def observe(
        self, *, available: float, maximum: float, restore_rate: float, now: datetime
    ) -> None: ...

    def block(self, seconds: float, now: datetime) -> None: ...

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

    def wait(self, cost: float) -> None:
        while True:
            pause = self.bucket.reserve(cost, self.now())
            if pause <= 0:
                return
            self.waited += pause
            self.sleep(pause)

    def observe(self, *, available: float, maximum: float, restore_rate: float) -> None:
        self.bucket.observe(
            available=available, maximum=maximum, restore_rate=restore_rate, now=self.now()
        )

    def block(self, seconds: float) -> None:
        if seconds > 0:
            self.bucket.block(seconds, self.now())
