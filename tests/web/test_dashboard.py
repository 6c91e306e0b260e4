"""The dashboard: channels with their state and the last run of each operation, pending work,
orders today and to ship, low stock at or below each variant's threshold, recent failures
with their reason, and the 14-day charts."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from django.test import Client

from .conftest import Shop, make_product
from .queries import queries_of
from .test_order_pages import place
from .test_stock_pages import rows

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 12, 7, 12, 0, tzinfo=UTC)


@pytest.fixture
def frozen(settings: Any) -> Any:
    from stockbridge.platform import clock

    settings.TIME_ZONE = "UTC"
    frozen_clock = clock.FrozenClock(NOW)
    previous = clock.install(frozen_clock)
    yield frozen_clock
    clock.install(previous)


def run(channel: Any, operation: str, outcomes: list[str], *, message: str = "") -> Any:
    from stockbridge.channels.port import ItemResult, Outcome
    from stockbridge.sync import runs

    opened = runs.open_run(channel_id=channel.pk, operation=operation)
    runs.record(
        opened,
        [
            ItemResult(
                ref=f"SKU-{n}",
                outcome=Outcome(o),
                message="the store refused the price: must be positive" if o == "failed" else "",
                error_kind="Rejected" if o == "failed" else None,
            )
            for n, o in enumerate(outcomes)
        ],
    )
    return runs.close_run(opened, message=message)


def section(page: str, title: str) -> str:
    return page.split(f"<h2>{title}</h2>", 1)[1].split("</section>", 1)[0]


def test_dashboard_shows_channels_work_and_failures(staff: Client, shop: Shop, frozen: Any) -> None:
    from stockbridge.channels.services.adding import add_channel
    from stockbridge.inventory.thresholds import set_threshold

    channel = add_channel(kind="shopify", name="Main store", domain="main-store.myshopify.com")
    run(channel, "import_listings", ["created", "created"])
    run(channel, "sync_listings", ["updated", "failed"])
    place(shop, quantity=2, placed_at=NOW - timedelta(hours=1))
    place(shop, quantity=1, placed_at=NOW - timedelta(days=3))
    set_threshold(variant_id=shop.small.pk, units=7)

    page = staff.get("/").content.decode()
    cards = re.findall(r'<div class="n">(\d+)</div><div>([^<]+)</div>', page)
    assert {label: int(n) for n, label in cards} == {
        "Orders today": 1,
        "Orders to ship": 2,
        "Low stock": 1,
        "Inbox events": 0,
        "Outbox rows": 0,
        "Channel pushes": 0,
    }
    assert rows(section(page, "Channels")) == [
        [
            "Main store main-store.myshopify.com",
            "waiting for install",
            "import_listings",
            "2026-12-07 12:00",
            "ok",
        ],
        ["reconcile", "never", ""],
        ["sync_listings", "2026-12-07 12:00", "partial"],
    ]
    assert rows(section(page, "Low stock")) == [["LS-S", "WH", "7", "7"]]
    failures = rows(section(page, "Recent failures"))
    assert [f[1:] for f in failures] == [
        ["Main store: sync_listings partial", "1 failed, 1 updated"],
        ["Main store: sync_listings SKU-1", "the store refused the price: must be positive"],
    ]
    orders_chart = section(page, "Orders")
    assert 'aria-label="Orders per day, last 14 days"' in orders_chart
    assert re.findall(r"<title>Orders (\d\d-\d\d): (\d+)</title>", orders_chart) == [
        ("12-04", "1"),
        ("12-07", "1"),
    ]
    runs_chart = section(page, "Sync runs")
    assert re.findall(r"<title>(ok|partial|failed) 12-07: (\d+)</title>", runs_chart) == [
        ("ok", "1"),
        ("partial", "1"),
    ]


def test_dashboard_queries_do_not_grow_with_rows(staff: Client, shop: Shop, frozen: Any) -> None:
    from stockbridge.channels.services.adding import add_channel
    from stockbridge.inventory.services import adjust

    first = add_channel(kind="shopify", name="Store 0", domain="store-0.myshopify.com")
    run(first, "sync_listings", ["updated", "failed"])
    place(shop, quantity=1)
    few = queries_of(staff, "/")
    for n in range(1, 4):
        channel = add_channel(kind="shopify", name=f"Store {n}", domain=f"store-{n}.myshopify.com")
        run(channel, "sync_listings", ["failed"], message="the store is closed")
        run(channel, "import_listings", ["created"])
    for n in range(12):
        product = make_product(f"Tee {n}", [f"T{n}-S"])
        adjust(
            variant_id=product.variants.get().pk,
            location_id=shop.main.pk,
            delta=1,
            reason="received",
        )
    adjust(variant_id=shop.small.pk, location_id=shop.shop.pk, delta=10, reason="received")
    for _ in range(12):
        place(shop, quantity=1)
    assert queries_of(staff, "/") == few
