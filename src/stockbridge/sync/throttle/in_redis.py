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

from .budget import KEEP_SECONDS, LONGEST_SLEEP, Budget

# KEYS[1] bucket; ARGV cost, now, longest sleep. Answers the seconds to sleep ("0": go).
RESERVE = """
local v = redis.call('HMGET', KEYS[1], 'available', 'maximum', 'restore_rate', 'observed_at',
                     'blocked_until')
local now = tonumber(ARGV[2])
local longest = tonumber(ARGV[3])
local blocked = tonumber(v[5])
if blocked and blocked > now then return tostring(math.min(blocked - now, longest)) end
local maximum = tonumber(v[2])
if not maximum or maximum <= 0 then return '0' end
local rate = tonumber(v[3])
local available = math.min(maximum,
    tonumber(v[1]) + math.max(now - tonumber(v[4]), 0) * rate)
local wanted = math.min(tonumber(ARGV[1]), maximum)
if available + 0.001 >= wanted then  -- float drift of the refill must not hold a call
  redis.call('HSET', KEYS[1], 'available', tostring(math.max(available - wanted, 0)),
             'observed_at', ARGV[2])
  return '0'
end
if rate <= 0 then return tostring(longest) end
return tostring(math.max(math.min((wanted - available) / rate, longest), 0.001))
"""

# KEYS[1] bucket; ARGV available, maximum, restore rate, now, seconds to keep
OBSERVE = """
local v = redis.call('HMGET', KEYS[1], 'available', 'maximum', 'restore_rate', 'observed_at')
local available = tonumber(ARGV[1])
local known = tonumber(v[2])
if known and known > 0 then
  local estimate = math.min(known,
      tonumber(v[1]) + math.max(tonumber(ARGV[4]) - tonumber(v[4]), 0) * tonumber(v[3]))
  if estimate < available then available = estimate end
end
redis.call('HSET', KEYS[1], 'available', tostring(available), 'maximum', ARGV[2],
           'restore_rate', ARGV[3], 'observed_at', ARGV[4])
redis.call('EXPIRE', KEYS[1], ARGV[5])
return 1
"""

# KEYS[1] bucket; ARGV blocked until, now, seconds to keep
BLOCK = """
local till = tonumber(ARGV[1])
local blocked = tonumber(redis.call('HGET', KEYS[1], 'blocked_until'))
if not blocked or blocked < till then
  redis.call('HSET', KEYS[1], 'blocked_until', ARGV[1])
end
if redis.call('HEXISTS', KEYS[1], 'maximum') == 0 then
  redis.call('HSET', KEYS[1], 'available', '0', 'maximum', '0', 'restore_rate', '0',
             'observed_at', ARGV[2])
end
redis.call('EXPIRE', KEYS[1], ARGV[3])
return 1
"""


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

    def _run(self, script: str, *args: str) -> Any:
        return self.client.register_script(script)(keys=[self.key], args=list(args))

    def reserve(self, cost: float, now: datetime) -> float:
        return float(self._run(RESERVE, repr(float(cost)), _epoch(now), repr(LONGEST_SLEEP)))

    def observe(
        self, *, available: float, maximum: float, restore_rate: float, now: datetime
    ) -> None:
        self._run(
            OBSERVE,
            repr(float(available)),
            repr(float(maximum)),
            repr(float(restore_rate)),
            _epoch(now),
            str(KEEP_SECONDS),
        )

    def block(self, seconds: float, now: datetime) -> None:
        keep = max(KEEP_SECONDS, math.ceil(seconds) + 60)
        till = now.timestamp() + seconds
        self._run(BLOCK, repr(till), _epoch(now), str(keep))

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
        )

    @staticmethod
    def forget_all(url: str) -> int:
        client = _client(url)
        keys = list(client.scan_iter(match=f"{_prefix()}*", count=500))
        return int(client.delete(*keys)) if keys else 0
