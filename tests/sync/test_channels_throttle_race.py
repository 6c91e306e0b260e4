"""Two worker processes calling one store share its call budget: together they stay within the
plan's restore rate (the store never answers THROTTLED), and a 429 one of them meets holds the
other back too. The budget is kept where the run configures it: Redis when REDIS_URL is set
(the PostgreSQL runs), the database otherwise. The sandbox store is served on a loopback port
so both processes reach it; each request's arrival is timed on the way in."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest

from stockbridge.channels.access import connector_for
from stockbridge.channels.models import Channel
from stockbridge.sync import throttle as throttles
from stockbridge_sandboxes.shopify import SandboxApp
from stockbridge_sandboxes.shopify.server import BackgroundServer
from tests.support.races import race
from tests.support.shopify_stores import Store, Stores, routed_stores

from .channels_shop import connect, real_time

pytestmark = pytest.mark.django_db(transaction=True)

CALLS = 8  # per worker
HEAD_START = 300.0  # points the store's bucket holds when the race starts
RESTORE_RATE = 100.0  # points per second, the standard plan
# a read the sandbox costs at 44 points (Shopify's calculated query cost)
PROBE = "{ products(first: 50) { nodes { id variants(first: 10) { nodes { id } } } } }"
COST = 44


@pytest.fixture
def stores() -> Iterator[Stores]:
    yield from routed_stores()


@dataclass
class Arrival:
    at: float  # wall clock, seconds
    status: int
    cost: int = 0
    throttled: bool = False


@dataclass
class Timed:
    """WSGI: the sandbox app, each GraphQL request's arrival and answer written down."""

    app: SandboxApp
    arrivals: list[Arrival] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)
    first_call: Any = None  # run once, as the first request arrives

    def __call__(self, environ: dict[str, Any], start_response: Any) -> Iterable[bytes]:
        with self.lock:
            arrived = time.time()
            if self.first_call is not None:
                self.first_call()
                self.first_call = None
        answered: dict[str, int] = {}

        def starting(status: str, headers: Any, *rest: Any) -> Any:
            answered["status"] = int(status.split()[0])
            return start_response(status, headers, *rest)

        body = b"".join(self.app(environ, starting))
        if environ.get("PATH_INFO", "").endswith("/graphql.json"):
            arrival = Arrival(arrived, answered["status"])
            if arrival.status == 200:
                answer = json.loads(body)
                cost = (answer.get("extensions") or {}).get("cost") or {}
                arrival.cost = int(cost.get("actualQueryCost") or 0)
                arrival.throttled = any(
                    (e.get("extensions") or {}).get("code") == "THROTTLED"
                    for e in answer.get("errors") or []
                )
            with self.lock:
                self.arrivals.append(arrival)
        return [body]


def served(stores: Stores) -> tuple[Store, Channel, Timed, BackgroundServer]:
    """A store served on a loopback port (every request timed) and its channel."""
    store = real_time(stores.add("shop-a"))
    store.gql(PROBE)  # the sandbox's first request builds its schema (seconds): not in the race
    timed = Timed(store.app)
    server = BackgroundServer(store.app)
    server.server.set_app(timed)
    channel = connect(store, "Shop A")
    channel.base_url = server.base_url
    channel.save()
    return store, channel, timed, server


def call_repeatedly(channel_id: int, calls: int) -> dict[str, float]:
    """A worker: `calls` reads through the channel's connector and its store's throttle."""
    throttle = throttles.throttle_for(channel_id)
    connector: Any = connector_for(Channel.objects.get(pk=channel_id), throttle=throttle)
    for _ in range(calls):
        connector.client.send(PROBE, cost_key="probe")
    stats = connector.client.stats
    return {"calls": stats.calls, "throttled": stats.throttled, "waited": throttle.waited}


def call_after_the_block(channel_id: int) -> dict[str, float]:
    """A worker that meets no 429 itself: it waits to see the store blocked (by the other
    worker's 429), then makes one call."""
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        budget = throttles.budget_of(channel_id)
        if budget is not None and budget.blocked_until is not None:
            break
        time.sleep(0.01)
    else:
        raise AssertionError("the store was never blocked")
    result = call_repeatedly(channel_id, 1)
    return {**result, "blocked_until": budget.blocked_until.timestamp(), "sent_at": time.time()}


def test_two_processes_stay_within_the_stores_restore_rate_together(stores: Stores) -> None:
    store, channel, timed, server = served(stores)
    with server:
        key = (store.app.credentials.client_id, store.domain)

        def spent_elsewhere() -> None:  # as the race starts, most of the budget is gone
            store.app.throttle.bucket(key).available = HEAD_START

        timed.first_call = spent_elsewhere

        one, two = race(call_repeatedly, [(channel.pk, CALLS), (channel.pk, CALLS)])

    assert (one["throttled"], two["throttled"]) == (0, 0)
    assert (one["calls"], two["calls"]) == (CALLS, CALLS)
    arrivals = sorted(timed.arrivals, key=lambda a: a.at)
    assert [(a.status, a.cost, a.throttled) for a in arrivals] == [(200, COST, False)] * (2 * CALLS)
    # by each arrival the two together spent no more than the bucket held as they started
    # plus what leaked back since (one call's cost of slack for the timing)
    for j, arrival in enumerate(arrivals):
        elapsed = arrival.at - arrivals[0].at
        assert COST * (j + 1) <= HEAD_START + RESTORE_RATE * elapsed + COST, (j, elapsed)
    # 704 points with 300 in the bucket: 4 s of refill, most of it waited for
    assert arrivals[-1].at - arrivals[0].at >= (2 * CALLS * COST - HEAD_START) / RESTORE_RATE - 0.2
    assert one["waited"] + two["waited"] >= 2.0


def test_a_429_one_process_meets_holds_the_other_back(stores: Stores) -> None:
    store, channel, timed, server = served(stores)
    with server:
        store.control("faults", {"http_429_burst": 1})  # Retry-After: 1.0

        refused, bystander = race(
            refused_or_bystander, [(channel.pk, "refused"), (channel.pk, "bystander")]
        )

    assert (refused["throttled"], refused["calls"]) == (1, 2)  # the 429, then its retry
    assert (bystander["throttled"], bystander["calls"]) == (0, 1)
    # it slept out (the rest of) the block it never met itself: how long depends on when it
    # came, which a loaded machine shifts; that no call went out before the block ended is below
    assert bystander["waited"] > 0
    answered = sorted(timed.arrivals, key=lambda a: a.at)
    assert [a.status for a in answered] == [429, 200, 200]
    blocked_until = bystander["blocked_until"]
    assert all(a.at >= blocked_until - 0.05 for a in answered[1:])


def refused_or_bystander(channel_id: int, role: str) -> dict[str, float]:
    """The two roles of the block race (one worker function, as the harness runs one)."""
    if role == "refused":
        return call_repeatedly(channel_id, 1)
    return call_after_the_block(channel_id)
