"""A store's bucket in Redis: one hash per channel (`available`, `maximum`, `restore_rate`,
`observed_at`, `blocked_until`; times in seconds since the epoch), each change one Lua script,
which Redis runs atomically. The key names the database too, so hubs (and test runs) sharing
one Redis keep apart; a bucket untouched for an hour expires."""

from __future__ import annotations

import math
from datetime import UTC, datetime
from functools import cache
from typing import Any

import redis
from django.db import connection

from .budget import IN_FLIGHT_SECONDS, KEEP_SECONDS, LONGEST_SLEEP, Budget

# Every script: KEYS[1] the bucket; ARGV[1..3] now, seconds to keep it, seconds after which
# points in flight stop counting; then its own arguments. `flying` = the points in flight now,
# less those of the caller's call just answered.
FLYING = """
local now = tonumber(ARGV[1])
local held = redis.call('HMGET', KEYS[1], 'in_flight', 'in_flight_at')
local flying = 0
local at = tonumber(held[2])
if at and now - at <= tonumber(ARGV[3]) then flying = math.max(tonumber(held[1]) or 0, 0) end
local answered = tonumber(ARGV[5])
flying = math.max(flying - answered, 0)
if answered > 0 then
  redis.call('HSET', KEYS[1], 'in_flight', tostring(flying), 'in_flight_at', ARGV[1])
end
"""

# ARGV[4] cost, ARGV[5] answered, ARGV[6] longest sleep. Answers {seconds to sleep, taken}.
RESERVE = (
    """
if redis.call('HEXISTS', KEYS[1], 'maximum') == 0 then
  redis.call('HSET', KEYS[1], 'available', '0', 'maximum', '0', 'restore_rate', '0',
             'observed_at', ARGV[1], 'in_flight', ARGV[4], 'in_flight_at', ARGV[1])
  redis.call('EXPIRE', KEYS[1], ARGV[2])
  return {'0', ARGV[4]}
end
"""
    + FLYING
    + """
local cost = tonumber(ARGV[4])
local longest = tonumber(ARGV[6])
local v = redis.call('HMGET', KEYS[1], 'available', 'maximum', 'restore_rate', 'observed_at',
                     'blocked_until')
local blocked = tonumber(v[5])
if blocked and blocked > now then return {tostring(math.min(blocked - now, longest)), '0'} end
local maximum = tonumber(v[2])
if maximum <= 0 then
  redis.call('HSET', KEYS[1], 'in_flight', tostring(flying + cost), 'in_flight_at', ARGV[1])
  return {'0', ARGV[4]}
end
local rate = tonumber(v[3])
local available = math.min(maximum,
    tonumber(v[1]) + math.max(now - tonumber(v[4]), 0) * rate)
local wanted = math.min(cost, maximum)
if available + 0.001 >= wanted then  -- float drift of the refill must not hold a call
  redis.call('HSET', KEYS[1], 'available', tostring(math.max(available - wanted, 0)),
             'observed_at', ARGV[1], 'in_flight', tostring(flying + wanted),
             'in_flight_at', ARGV[1])
  redis.call('EXPIRE', KEYS[1], ARGV[2])
  return {'0', tostring(wanted)}
end
if rate <= 0 then return {tostring(longest), '0'} end
return {tostring(math.max(math.min((wanted - available) / rate, longest), 0.001)), '0'}
"""
)

# ARGV[4] available reported, ARGV[5] answered, ARGV[6] maximum, ARGV[7] restore rate
OBSERVE = (
    FLYING
    + """
local available = tonumber(ARGV[4]) - flying  -- the calls still out may not be in the report
local v = redis.call('HMGET', KEYS[1], 'available', 'maximum', 'restore_rate', 'observed_at')
local known = tonumber(v[2])
if known and known > 0 then
  local estimate = math.min(known,
      tonumber(v[1]) + math.max(now - tonumber(v[4]), 0) * tonumber(v[3]))
  if estimate < available then available = estimate end
end
redis.call('HSET', KEYS[1], 'available', tostring(math.max(available, 0)), 'maximum', ARGV[6],
           'restore_rate', ARGV[7], 'observed_at', ARGV[1], 'in_flight', tostring(flying),
           'in_flight_at', ARGV[1])
redis.call('EXPIRE', KEYS[1], ARGV[2])
return 1
"""
)

# ARGV[4] blocked until, ARGV[5] answered
BLOCK = (
    FLYING
    + """
local till = tonumber(ARGV[4])
local blocked = tonumber(redis.call('HGET', KEYS[1], 'blocked_until'))
if not blocked or blocked < till then
  redis.call('HSET', KEYS[1], 'blocked_until', ARGV[4])
end
if redis.call('HEXISTS', KEYS[1], 'maximum') == 0 then
  redis.call('HSET', KEYS[1], 'available', '0', 'maximum', '0', 'restore_rate', '0',
             'observed_at', ARGV[1])
end
redis.call('EXPIRE', KEYS[1], ARGV[2])
return 1
"""
)


@cache
def _client(url: str) -> redis.Redis:
    return redis.Redis.from_url(url, decode_responses=True)


def _prefix() -> str:
    return f"stockbridge:throttle:{connection.settings_dict['NAME']}:"


def _epoch(moment: datetime) -> str:
    return repr(moment.timestamp())


def _moment(value: Any) -> datetime:
    return datetime.fromtimestamp(float(value), UTC)


class RedisBucket:
    def __init__(self, url: str, channel_id: int) -> None:
        self.client = _client(url)
        self.key = f"{_prefix()}{channel_id}"

    def _run(self, script: str, now: datetime, keep: int, *args: str) -> Any:
        common = [_epoch(now), str(keep), repr(IN_FLIGHT_SECONDS)]
        return self.client.register_script(script)(keys=[self.key], args=common + list(args))

    def reserve(self, cost: float, now: datetime, *, answered: float) -> tuple[float, float]:
        pause, taken = self._run(
            RESERVE,
            now,
            KEEP_SECONDS,
            repr(float(cost)),
            repr(float(answered)),
            repr(LONGEST_SLEEP),
        )
        return float(pause), float(taken)

    def observe(
        self,
        *,
        available: float,
        maximum: float,
        restore_rate: float,
        now: datetime,
        answered: float,
    ) -> None:
        self._run(
            OBSERVE,
            now,
            KEEP_SECONDS,
            repr(float(available)),
            repr(float(answered)),
            repr(float(maximum)),
            repr(float(restore_rate)),
        )

    def block(self, seconds: float, now: datetime, *, answered: float) -> None:
        keep = max(KEEP_SECONDS, math.ceil(seconds) + 60)
        self._run(BLOCK, now, keep, repr(now.timestamp() + seconds), repr(float(answered)))

    def read(self) -> Budget | None:
        held = self.client.hgetall(self.key)
        if not held:
            return None
        blocked = held.get("blocked_until")
        return Budget(
            available=float(held["available"]),
            maximum=float(held["maximum"]),
            restore_rate=float(held["restore_rate"]),
            observed_at=_moment(held["observed_at"]),
            blocked_until=_moment(blocked) if blocked else None,
            in_flight=float(held.get("in_flight") or 0.0),
            in_flight_at=_moment(held["in_flight_at"]) if held.get("in_flight_at") else None,
        )

    @staticmethod
    def forget_all(url: str) -> int:
        client = _client(url)
        keys = list(client.scan_iter(match=f"{_prefix()}*", count=500))
        return int(client.delete(*keys)) if keys else 0
