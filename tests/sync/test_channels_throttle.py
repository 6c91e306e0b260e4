"""One call budget per store, shared by every worker: the same rules whether it is kept in the
database (ThrottleState rows) or in Redis (REDIS_URL set). Each test runs against the
database, and against Redis too when the run has REDIS_URL."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest
from django.conf import settings

from stockbridge.channels.models import Channel
from stockbridge.sync import throttle as throttles
from stockbridge.sync.models import ThrottleState
from stockbridge.sync.throttle import Budget, StoreThrottle
from stockbridge.sync.throttle.in_database import DatabaseBucket
from stockbridge.sync.throttle.in_redis import RedisBucket

pytestmark = pytest.mark.django_db

START = datetime(2026, 12, 6, 12, 0, tzinfo=UTC)
BACKENDS = ["database", "redis"] if settings.STOCKBRIDGE_THROTTLE_REDIS_URL else ["database"]


class Time:
    """A wall clock that moves only when the throttle sleeps."""

    def __init__(self) -> None:
        self.now = START
        self.slept: list[float] = []

    def sleep(self, seconds: float) -> None:
        self.slept.append(round(seconds, 3))
        self.now += timedelta(seconds=seconds)


@pytest.fixture(params=BACKENDS)
def backend(request: pytest.FixtureRequest) -> Iterator[str]:
    yield request.param
    if request.param == "redis":
        RedisBucket.forget_all(settings.STOCKBRIDGE_THROTTLE_REDIS_URL)


def channel(name: str) -> Channel:
    return Channel.objects.create(
        kind="shopify", name=name, domain=f"{name}.myshopify.com", base_url="", created_at=START
    )


def throttle(backend: str, channel_id: int, time: Time) -> StoreThrottle:
    bucket = (
        RedisBucket(settings.STOCKBRIDGE_THROTTLE_REDIS_URL, channel_id)
        if backend == "redis"
        else DatabaseBucket(channel_id)
    )
    return StoreThrottle(bucket, sleep=time.sleep, now=lambda: time.now)


def test_a_store_never_heard_from_is_not_held_back(backend: str) -> None:
    time = Time()
    throttle(backend, channel("a").pk, time).wait(50)
    assert time.slept == []


def test_workers_share_the_budget_and_wait_for_it_to_refill(backend: str) -> None:
    shop = channel("a")
    time = Time()
    one, two = throttle(backend, shop.pk, time), throttle(backend, shop.pk, time)
    one.observe(available=30, maximum=2000, restore_rate=100)

    one.wait(20)  # 30 -> 10
    two.wait(20)  # 10 available: 0.1 s for the other 10 to leak back
    assert time.slept == [0.1]
    assert one.bucket.read() == Budget(
        available=0.0,
        maximum=2000.0,
        restore_rate=100.0,
        observed_at=time.now,
        in_flight=40.0,  # both calls are out, unanswered
        in_flight_at=time.now,
    )


def test_each_store_has_its_own_budget(backend: str) -> None:
    a, b = channel("a"), channel("b")
    time = Time()
    throttle(backend, a.pk, time).observe(available=0, maximum=1000, restore_rate=50)
    throttle(backend, b.pk, time).observe(available=2000, maximum=2000, restore_rate=100)

    throttle(backend, b.pk, time).wait(500)
    assert time.slept == []
    throttle(backend, a.pk, time).wait(100)
    assert time.slept == [2.0]


def test_a_report_does_not_give_back_points_reserved_for_calls_in_flight(backend: str) -> None:
    """Worker one reserved 100 of 150 and its call is out; worker two's call answers with the
    store's figure from before one's call arrived (150): the bucket keeps 50. When one's own
    answer comes (the store's 40, after its call), nothing is out any more: 40."""
    shop = channel("a")
    time = Time()
    one, two = throttle(backend, shop.pk, time), throttle(backend, shop.pk, time)
    one.observe(available=150, maximum=2000, restore_rate=100)
    one.wait(100)
    two.observe(available=150, maximum=2000, restore_rate=100)
    budget = two.bucket.read()
    assert budget is not None and (budget.available, budget.in_flight) == (50.0, 100.0)
    one.observe(available=40, maximum=2000, restore_rate=100)
    budget = two.bucket.read()
    assert budget is not None and (budget.available, budget.in_flight) == (40.0, 0.0)


def test_the_first_calls_to_a_store_are_counted_until_its_report(backend: str) -> None:
    """Two workers call a store never heard from at once: both go. The first report (the
    store's figure after one call) still owes the other call's points."""
    shop = channel("a")
    time = Time()
    one, two = throttle(backend, shop.pk, time), throttle(backend, shop.pk, time)
    one.wait(44)
    two.wait(44)
    assert time.slept == []
    one.observe(available=256, maximum=2000, restore_rate=100)
    budget = one.bucket.read()
    assert budget is not None and (budget.available, budget.in_flight) == (212.0, 44.0)


def test_points_of_a_call_never_answered_stop_counting(backend: str) -> None:
    """A worker killed mid-call never reports: its points count as in flight for two
    minutes, no longer."""
    shop = channel("a")
    time = Time()
    killed = throttle(backend, shop.pk, time)
    killed.observe(available=2000, maximum=2000, restore_rate=100)
    killed.wait(500)
    time.sleep(121)
    time.slept.clear()
    other = throttle(backend, shop.pk, time)
    other.wait(10)  # the bucket is full again; the 500 of the killed call no longer count
    other.observe(available=1990, maximum=2000, restore_rate=100)
    budget = other.bucket.read()
    assert budget is not None and (budget.available, budget.in_flight) == (1990.0, 0.0)


def test_a_block_holds_every_worker_until_it_ends(backend: str) -> None:
    shop = channel("a")
    time = Time()
    first = throttle(backend, shop.pk, time)
    first.observe(available=2000, maximum=2000, restore_rate=100)
    first.block(1.5)
    first.block(0.5)  # a shorter block does not shorten the one in force

    throttle(backend, shop.pk, time).wait(10)
    assert time.slept == [1.5]


def test_a_block_before_any_report_still_holds_every_worker(backend: str) -> None:
    """A 429 can be the first answer a store gives (it carries no budget)."""
    shop = channel("a")
    time = Time()
    throttle(backend, shop.pk, time).block(2.0)

    throttle(backend, shop.pk, time).wait(10)
    assert time.slept == [2.0]
    throttle(backend, shop.pk, time).wait(10)  # no budget known yet: the next call goes
    assert time.slept == [2.0]


def test_a_long_block_is_slept_in_steps_of_at_most_five_seconds(backend: str) -> None:
    shop = channel("a")
    time = Time()
    throttle(backend, shop.pk, time).block(12.0)
    throttle(backend, shop.pk, time).wait(10)
    assert time.slept == [5.0, 5.0, 2.0]


def test_the_backend_follows_redis_url() -> None:
    expected = "redis" if settings.STOCKBRIDGE_THROTTLE_REDIS_URL else "database"
    assert throttles.backend() == expected
    shop = channel("a")
    throttles.throttle_for(shop.pk).observe(available=10, maximum=20, restore_rate=1)
    assert ThrottleState.objects.exists() is (expected == "database")
    budget = throttles.budget_of(shop.pk)
    assert budget is not None and (budget.available, budget.maximum) == (10.0, 20.0)
