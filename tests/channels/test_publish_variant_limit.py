"""Shopify's daily limit of new variants met calmly: a season push that reaches it is paused
("paused until <time>: ..."), nothing failed, and the scheduler runs it again when the time
came; it pauses again while the store still refuses, and finishes once the limit freed."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime

import pytest

from stockbridge.channels.models import Listing
from stockbridge.platform import clock
from stockbridge.sync import scheduler
from stockbridge.sync.models import Run
from tests.channels.publishing import channel_for, items, jacket, publish, season
from tests.support.shopify_stores import Stores

pytestmark = pytest.mark.django_db(transaction=True)

NOW = datetime(2026, 12, 7, 9, 0, tzinfo=UTC)
LIMIT = (
    "Shopify's daily limit of new variants is reached (a store holding 50,000 variants may "
    "create 1,000 a day)"
)


@pytest.fixture
def frozen() -> Iterator[clock.FrozenClock]:
    frozen = clock.FrozenClock(NOW)
    previous = clock.install(frozen)
    yield frozen
    clock.install(previous)


def test_a_push_at_the_daily_variant_limit_pauses_and_resumes_when_allowed(
    stores: Stores, frozen: clock.FrozenClock
) -> None:
    store = stores.add("bigstore")
    # 4 variants a product: the store may hold 8, then make 4 new ones a day
    store.control("variant_limit", {"threshold": 8, "per_day": 4})
    season("SS27")
    products = [jacket(f"coat-{n}") for n in range(4)]
    channel = channel_for(store)

    paused = publish(channel, season="SS27")

    assert (paused.status, paused.counts) == ("paused", {"created": 3})
    assert paused.message == f"paused until 2026-12-07 10:00 UTC: {LIMIT}; it resumes then"
    assert (paused.resume_at, paused.arguments) == (
        datetime(2026, 12, 7, 10, tzinfo=UTC),
        {"season": "SS27"},
    )
    assert [outcome for _, outcome, _ in items(paused)] == ["created"] * 3
    assert scheduler.run_due_operations().get("resumed") is None  # not time yet
    frozen.advance(hours=1)

    still = scheduler.run_due_operations()  # the store still refuses: paused again

    [again] = Run.objects.exclude(pk=paused.pk)
    assert still["resumed"] == [f"{channel.name}:publish_listings:{paused.pk}->{again.pk}"]
    assert (again.status, again.counts, again.trigger) == ("paused", {"unchanged": 3}, "schedule")
    assert again.resume_at == datetime(2026, 12, 7, 11, tzinfo=UTC)
    store.app.clock.advance(86_400)  # a day later in the store: the limit freed
    frozen.advance(hours=1)

    scheduler.run_due_operations()
    scheduler.run_due_operations()  # each paused run resumes once

    finished = Run.objects.order_by("-pk").first()
    assert finished is not None and finished.pk not in (paused.pk, again.pk)
    assert (finished.status, finished.counts) == ("ok", {"created": 1, "unchanged": 3})
    assert Run.objects.count() == 3
    assert sorted(p["handle"] for p in store.app.store.all("Product")) == [
        p.handle for p in products
    ]
    assert Listing.objects.filter(channel=channel, status="linked").count() == 16
