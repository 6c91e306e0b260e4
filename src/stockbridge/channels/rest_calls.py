"""The part of a REST connector's transport every kind repeats: call counts, a throttle that
asks nothing (a client built without the engine's), a JSON HTTP client, and the retry loop
(429 blocks the store's budget and waits Retry-After; 5xx and timeouts back off; anything
else is raised at once). A connector gives it one request (`send`) and how to read an answer
(`error_for`); it sees only `channels.port` and `channels.errors`, so every connector may
use it."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import httpx

from .errors import ChannelError, RateLimited, Unavailable
from .port import Throttle


@dataclass
class CallStats:
    calls: int = 0
    throttled: int = 0
    retries: int = 0


class NoThrottle:
    """A budget that never waits (a client used outside the engine: tests, onboarding)."""

    def wait(self, cost: float) -> None:
        return None

    def observe(self, *, available: float, maximum: float, restore_rate: float) -> None:
        return None

    def block(self, seconds: float) -> None:
        return None


def retry_after(response: httpx.Response, default: float = 1.0) -> float:
    """The seconds a 429 answer asks to wait (its Retry-After), never negative."""
    try:
        return max(float(response.headers.get("Retry-After", default)), 0.0)
    except ValueError:
        return default


def json_http(transport: httpx.BaseTransport | None, timeout: float) -> httpx.Client:
    """An HTTP client for a JSON API (the network, or a test's transport)."""
    return httpx.Client(
        transport=transport,
        timeout=httpx.Timeout(timeout, connect=10.0),
        headers={"Accept": "application/json", "User-Agent": "Stockbridge"},
    )


@dataclass(frozen=True, slots=True)
class RetryPolicy:
    max_attempts: int = 6
    first_backoff: float = 0.25
    max_backoff: float = 8.0

    def backoff(self, attempt: int) -> float:
        return float(min(self.first_backoff * (2**attempt), self.max_backoff))


def call_with_retries(
    send: Callable[[], httpx.Response],
    *,
    error_for: Callable[[httpx.Response], ChannelError | None],
    label: str,
    throttle: Throttle,
    stats: CallStats,
    sleep: Callable[[float], None],
    policy: RetryPolicy = RetryPolicy(),
) -> httpx.Response:
    """The answer of `send()` when it is 2xx, retried while it may succeed later; the
    channel's error otherwise. `label` names the channel in messages ("the portal")."""
    last: ChannelError | None = None
    for attempt in range(policy.max_attempts):
        if attempt:
            stats.retries += 1
        throttle.wait(1.0)
        stats.calls += 1
        try:
            response = send()
        except httpx.TimeoutException:
            last = Unavailable(f"{label} did not answer in time; will retry")
            sleep(policy.backoff(attempt))
            continue
        except httpx.TransportError as exc:
            last = Unavailable(f"could not reach {label} ({type(exc).__name__}); will retry")
            sleep(policy.backoff(attempt))
            continue
        failure = error_for(response)
        if failure is None:
            return response
        if isinstance(failure, RateLimited):
            stats.throttled += 1
            throttle.block(failure.retry_after)  # every worker of this store waits
            sleep(failure.retry_after)
            last = failure
            continue
        if failure.retryable:
            last = failure
            sleep(policy.backoff(attempt))
            continue
        raise failure
    assert last is not None
    raise last
