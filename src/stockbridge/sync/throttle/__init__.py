"""One call budget per store, shared by every worker and process: a leaky bucket per channel,
kept in Redis when `REDIS_URL` is set (`in_redis`: one hash per channel, changed by atomic
Lua scripts), otherwise in the channel's `ThrottleState` row (`in_database`: changed under a
row lock). Both keep the same figures and follow the same rules:

- `observe`: after each call the connector reports the bucket the channel answered (points
  currently available, maximum, restore rate per second). The bucket keeps the lower of that
  report and its own estimate: points other workers reserved for calls still in flight are
  not in the channel's figure yet.
- `wait(cost)`: before a call, the estimate now (the last figure plus what leaked back since,
  capped at the maximum) pays `cost` and the call goes, or the worker sleeps until enough has
  leaked back. Reserving atomically is what makes the budget shared: two workers never both
  spend the same points, so together they stay within the store's restore rate and slow
  down before the channel refuses them. A store never heard from has no bucket: its first
  call goes at once.
- `block(seconds)`: the channel refused a call for its rate (HTTP 429 with Retry-After, or
  the channel's own "throttled" answer); no worker's call to that store goes until the block ends.

Time is the wall clock of the machine (a budget refills in real seconds), not the business
clock of `platform.clock` that tests freeze; workers on several machines need their clocks
in step (NTP), as they do for everything else.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from django.conf import settings

from .budget import LONGEST_SLEEP, Budget, wall
from .in_database import DatabaseBucket
from .in_redis import RedisBucket
from .pacing import StoreThrottle

__all__ = [
    "LONGEST_SLEEP",
    "Budget",
    "StoreThrottle",
    "backend",
    "budget_of",
    "forget_all",
    "throttle_for",
]


def backend() -> str:
    """Where the budgets are kept: "redis" (REDIS_URL set) or "database"."""
    return "redis" if settings.STOCKBRIDGE_THROTTLE_REDIS_URL else "database"


def throttle_for(
    channel_id: int,
    *,
    sleep: Callable[[float], None] | None = None,
    now: Callable[[], datetime] = wall,
) -> StoreThrottle:
    """The shared budget of the channel's store (`CHANNEL_THROTTLE` names this factory)."""
    bucket: DatabaseBucket | RedisBucket
    if backend() == "redis":
        bucket = RedisBucket(settings.STOCKBRIDGE_THROTTLE_REDIS_URL, channel_id)
    else:
        bucket = DatabaseBucket(channel_id)
    return StoreThrottle(bucket, now=now, sleep=sleep)


def budget_of(channel_id: int) -> Budget | None:
    """What the store's bucket holds now (None: never heard from), wherever it is kept."""
    return throttle_for(channel_id).bucket.read()


def forget_all() -> int:
    """Drop every store's bucket of this database (tests; a restored database): the next call
    of each store goes at once and learns the budget again. Answers how many were dropped."""
    if backend() == "redis":
        return RedisBucket.forget_all(settings.STOCKBRIDGE_THROTTLE_REDIS_URL)
    return DatabaseBucket.forget_all()
