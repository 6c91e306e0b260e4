"""A store's bucket as either backend holds it, and the rules both follow (pure)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

LONGEST_SLEEP = 5.0  # seconds one sleep lasts at most before the budget is looked at again
SHORTEST_SLEEP = 0.001  # a sleep shorter than the clock's step would never end the wait
DRIFT = 0.001  # points the float arithmetic of the refill may miss: never a reason to wait
KEEP_SECONDS = 3600  # a bucket not touched for this long is forgotten (Redis)
# Points reserved for calls whose answer never came (a worker killed mid-call) stop counting
# once nothing was reserved or answered for this long: no call lasts longer.
IN_FLIGHT_SECONDS = 120.0


def wall() -> datetime:
    return datetime.now(UTC)


@dataclass(frozen=True, slots=True)
class Budget:
    """`maximum` 0 = not known yet (the store was blocked before it reported a budget).
    `in_flight`: points reserved for calls not answered yet (the channel's next report may
    not count them)."""

    available: float
    maximum: float
    restore_rate: float
    observed_at: datetime
    blocked_until: datetime | None = None
    in_flight: float = 0.0
    in_flight_at: datetime | None = None

    def estimate(self, now: datetime) -> float:
        """Points available at `now`: what was left, plus what leaked back, capped."""
        elapsed = max((now - self.observed_at).total_seconds(), 0.0)
        return min(self.maximum, self.available + elapsed * self.restore_rate)

    def in_flight_now(self, now: datetime) -> float:
        if self.in_flight_at is None or (now - self.in_flight_at).total_seconds() > (
            IN_FLIGHT_SECONDS
        ):
            return 0.0
        return max(self.in_flight, 0.0)
