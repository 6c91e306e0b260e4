"""The leaky bucket of calculated query cost, one per (app, shop), with Shopify's plan presets."""

from __future__ import annotations

from dataclasses import dataclass

from stockbridge_sandboxes.shopify.clock import Clock

# Restore rate in points per second (API-NOTES §2.3); the bucket holds 20 seconds of it.
PLANS = {"standard": 100.0, "advanced": 200.0, "plus": 1000.0, "enterprise": 2000.0}
BUCKET_SECONDS = 20
MAX_SINGLE_QUERY_COST = 1000


@dataclass
class Bucket:
    restore_rate: float
    available: float
    updated: float

    @property
    def maximum(self) -> float:
        return self.restore_rate * BUCKET_SECONDS


class Throttle:
    """Buckets by key; `take` reserves the requested cost, `refund` returns the unused part."""

    def __init__(self, clock: Clock, plan: str = "standard") -> None:
        self.clock = clock
        self.plan = plan
        self.buckets: dict[tuple[str, str], Bucket] = {}

    def set_plan(self, plan: str) -> None:
        if plan not in PLANS:
            raise ValueError(f"unknown plan {plan!r}; one of {', '.join(PLANS)}")
        self.plan = plan
        self.buckets.clear()

    def bucket(self, key: tuple[str, str]) -> Bucket:
        now = self.clock.now()
        rate = PLANS[self.plan]
        bucket = self.buckets.get(key)
        if bucket is None:
            bucket = Bucket(rate, rate * BUCKET_SECONDS, now)
            self.buckets[key] = bucket
        elapsed = max(0.0, now - bucket.updated)
        bucket.available = min(bucket.maximum, bucket.available + elapsed * bucket.restore_rate)
        bucket.updated = now
        return bucket

    def take(self, key: tuple[str, str], cost: int) -> bool:
        bucket = self.bucket(key)
        if cost > bucket.available + 1e-3:  # float drift of the refill must not throttle
            return False
        bucket.available -= cost
        return True

    def refund(self, key: tuple[str, str], points: int) -> None:
        bucket = self.bucket(key)
        bucket.available = min(bucket.maximum, bucket.available + max(0, points))

    def drain(self, key: tuple[str, str]) -> None:
        self.bucket(key).available = 0.0

    def status(self, key: tuple[str, str]) -> dict[str, float | int]:
        bucket = self.bucket(key)
        return {
            "maximumAvailable": bucket.maximum,
            "currentlyAvailable": int(bucket.available + 1e-3),
            "restoreRate": bucket.restore_rate,
        }
