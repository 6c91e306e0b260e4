"""The shared REST retry loop (`channels.rest_calls`): a 429 blocks the store's budget for its
Retry-After and is tried again, a 5xx backs off and is tried again, a refusal is raised at
once, and a call that never succeeds raises its last error."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest

from stockbridge.channels.errors import ChannelError, RateLimited, Rejected, Unavailable
from stockbridge.channels.rest_calls import CallStats, RetryPolicy, call_with_retries, retry_after


class Budget:
    def __init__(self) -> None:
        self.blocked: list[float] = []
        self.waits = 0

    def wait(self, cost: float) -> None:
        self.waits += 1

    def observe(self, *, available: float, maximum: float, restore_rate: float) -> None:
        return None

    def block(self, seconds: float) -> None:
        self.blocked.append(seconds)


def error_for(response: httpx.Response) -> ChannelError | None:
    if response.status_code == 429:
        return RateLimited("slow down", retry_after=retry_after(response))
    if response.status_code >= 500:
        return Unavailable("down")
    if response.status_code >= 400:
        return Rejected("", "no")
    return None


def answers(*statuses: int, retry: str = "2") -> Iterator[httpx.Response]:
    for status in statuses:
        yield httpx.Response(status, headers={"Retry-After": retry} if status == 429 else {})


def call(statuses: Iterator[httpx.Response], budget: Budget, slept: list[float]) -> CallStats:
    stats = CallStats()
    call_with_retries(
        lambda: next(statuses),
        error_for=error_for,
        label="the store",
        throttle=budget,
        stats=stats,
        sleep=slept.append,
        policy=RetryPolicy(max_attempts=3),
    )
    return stats


def test_a_429_blocks_the_budget_and_a_5xx_backs_off_before_the_next_try() -> None:
    budget, slept = Budget(), []
    stats = call(answers(429, 503, 200), budget, slept)
    assert (stats.calls, stats.retries, stats.throttled) == (3, 2, 1)
    assert (budget.blocked, budget.waits, slept) == ([2.0], 3, [2.0, 0.5])


def test_a_refusal_is_raised_at_once_and_the_last_failure_after_the_attempts() -> None:
    slept: list[float] = []
    with pytest.raises(Rejected):
        call(answers(400, 200), Budget(), slept)
    with pytest.raises(Unavailable):
        call(answers(500, 502, 503, 200), Budget(), slept)
    assert slept == [0.25, 0.5, 1.0]


def test_retry_after_reads_the_header_and_falls_back() -> None:
    assert retry_after(httpx.Response(429, headers={"Retry-After": "3.5"})) == 3.5
    assert retry_after(httpx.Response(429, headers={"Retry-After": "soon"})) == 1.0
    assert retry_after(httpx.Response(429, headers={"Retry-After": "-4"})) == 0.0
