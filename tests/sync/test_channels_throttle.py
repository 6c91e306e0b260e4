"""One call budget per store, shared by every worker through its ThrottleState row."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from stockbridge.channels.models import Channel
from stockbridge.sync.models import ThrottleState
from stockbridge.sync.throttle import StoreThrottle

pytestmark = pytest.mark.django_db

START = datetime(2026, 12, 6, 12, 0, tzinfo=UTC)


class Time:
    """A wall clock that moves only when the throttle sleeps."""

    def __init__(self) -> None:
        self.now = START
        self.slept: list[float] = []

    def sleep(self, seconds: float) -> None:
        self.slept.append(round(seconds, 3))
        self.now += timedelta(seconds=seconds)


def channel(name: str) -> Channel:
    return Channel.objects.create(
        kind="shopify", name=name, domain=f"{name}.myshopify.com", base_url="", created_at=START
    )


def throttle(channel_id: int, time: Time) -> StoreThrottle:
    return StoreThrottle(channel_id, sleep=time.sleep, now=lambda: time.now)


def test_a_store_never_heard_from_is_not_held_back() -> None:
    time = Time()
    throttle(channel("a").pk, time).wait(50)
    assert time.slept == []


def test_workers_share_the_budget_and_wait_for_it_to_refill() -> None:
    shop = channel("a")
    time = Time()
    one, two = throttle(shop.pk, time), throttle(shop.pk, time)
    one.observe(available=30, maximum=2000, restore_rate=100)

    one.wait(20)  # 30 -> 10
    two.wait(20)  # 10 available: 0.1 s for the other 10 to leak back
    assert time.slept == [0.1]
    state = ThrottleState.objects.get(channel=shop)
    assert (state.available, state.maximum, state.restore_rate) == (0.0, 2000.0, 100.0)


def test_each_store_has_its_own_budget() -> None:
    a, b = channel("a"), channel("b")
    time = Time()
    throttle(a.pk, time).observe(available=0, maximum=1000, restore_rate=50)
    throttle(b.pk, time).observe(available=2000, maximum=2000, restore_rate=100)

    throttle(b.pk, time).wait(500)
    assert time.slept == []
    throttle(a.pk, time).wait(100)
    assert time.slept == [2.0]


def test_a_block_holds_every_worker_until_it_ends() -> None:
    shop = channel("a")
    time = Time()
    first = throttle(shop.pk, time)
    first.observe(available=2000, maximum=2000, restore_rate=100)
    first.block(1.5)

    throttle(shop.pk, time).wait(10)
    assert time.slept == [1.5]
