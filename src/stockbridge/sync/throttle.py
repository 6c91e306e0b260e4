"""One call budget per store, shared by every worker: a leaky bucket kept in the store's
`ThrottleState` row (the database every worker already shares; no Redis needed).

The channel reports its bucket after each call (Shopify: `extensions.cost.throttleStatus`:
points currently available, maximum, restore rate per second); `observe` stores that. Before
a call, `wait(cost)` locks the row, estimates what is available now (the last report plus what
has leaked back since, capped at the maximum), takes `cost` from it and returns, or sleeps
until enough has leaked back. Reserving under the row lock is what makes the budget shared:
two workers never both spend the same points, so the engine slows down before the channel
refuses it. A store never heard from yet has no row: its first call goes at once.

Time here is the wall clock of the machine (a budget refills in real seconds), not the
business clock of `platform.clock` that tests freeze.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

from django.db import transaction

from .models import ThrottleState

LONGEST_SLEEP = 5.0  # seconds one sleep lasts at most before the budget is looked at again


def _wall() -> datetime:
    return datetime.now(UTC)


class StoreThrottle:
    """The shared budget of one channel (implements `channels.port.Throttle`)."""

    def __init__(
        self,
        channel_id: int,
        *,
        sleep: Callable[[float], None] = time.sleep,
        now: Callable[[], datetime] = _wall,
    ) -> None:
        self.channel_id = channel_id
        self.sleep = sleep
        self.now = now
        self.waited = 0.0  # seconds this throttle slept (benchmarks and tests read it)

    def wait(self, cost: float) -> None:
        while True:
            pause = self._reserve(cost)
            if pause <= 0:
                return
            self.waited += pause
            self.sleep(pause)

    def _reserve(self, cost: float) -> float:
        """Take `cost` points if they are there (0 returned) or say how long to sleep."""
        with transaction.atomic():
            state = ThrottleState.objects.select_for_update().filter(channel_id=self.channel_id)
            row = state.first()
            if row is None:
                return 0.0
            now = self.now()
            if row.blocked_until is not None and row.blocked_until > now:
                return min((row.blocked_until - now).total_seconds(), LONGEST_SLEEP)
            elapsed = max((now - row.observed_at).total_seconds(), 0.0)
            available = min(row.maximum, row.available + elapsed * row.restore_rate)
            wanted = min(cost, row.maximum)  # a call dearer than the bucket waits for a full one
            if available >= wanted:
                ThrottleState.objects.filter(pk=row.pk).update(
                    available=available - wanted, observed_at=now
                )
                return 0.0
            if row.restore_rate <= 0:
                return LONGEST_SLEEP
            return min((wanted - available) / row.restore_rate, LONGEST_SLEEP)

    def observe(self, *, available: float, maximum: float, restore_rate: float) -> None:
        now = self.now()
        with transaction.atomic():
            updated = ThrottleState.objects.filter(channel_id=self.channel_id).update(
                available=available, maximum=maximum, restore_rate=restore_rate, observed_at=now
            )
            if not updated:
                ThrottleState.objects.get_or_create(
                    channel_id=self.channel_id,
                    defaults={
                        "available": available,
                        "maximum": maximum,
                        "restore_rate": restore_rate,
                        "observed_at": now,
                    },
                )

    def block(self, seconds: float) -> None:
        """Hold every worker's calls to this store for `seconds` (the channel said so: a 429
        with Retry-After)."""
        until = self.now() + timedelta(seconds=seconds)
        ThrottleState.objects.filter(channel_id=self.channel_id).update(blocked_until=until)


def throttle_for(channel_id: int) -> StoreThrottle:
    return StoreThrottle(channel_id)
