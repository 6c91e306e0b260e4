"""The order timeline (state changes and ledger effects, newest first), list filters, and the
events outbox channel sync drains."""

from __future__ import annotations

from datetime import UTC, datetime

from stockbridge.catalog.models import Variant
from stockbridge.inventory.models import Location
from stockbridge.orders import events, queries, services
from stockbridge.orders.specs import FulfilLine
from stockbridge.platform import clock

from .conftest import place, stock


def test_the_timeline_shows_state_changes_and_ledger_effects_newest_first(
    tee: Variant, warehouse: Location
) -> None:
    frozen = clock.FrozenClock(datetime(2026, 5, 1, 9, 0, tzinfo=UTC))
    previous = clock.install(frozen)
    try:
        stock(tee, warehouse, 5)
        order = place([(tee, 2)], confirm=False)
        frozen.advance(minutes=1)
        services.confirm_order(order_id=order.pk, actor="ana")
        frozen.advance(minutes=1)
        line = order.lines.get()
        services.fulfil_order(
            order_id=order.pk, location_id=warehouse.pk, lines=[FulfilLine(line.pk, 1)]
        )
        frozen.advance(minutes=1)
        services.cancel_order(order_id=order.pk, reason="out of time")
    finally:
        clock.install(previous)

    entries = queries.timeline(order.pk)

    assert [(e.kind, e.message) for e in entries] == [
        ("cancelled", "Order cancelled: out of time"),
        ("stock.released", "TEE-BLK-M at WH: committed -1"),
        ("fulfilled", "1 units shipped from WH"),
        ("stock.sold", "TEE-BLK-M at WH: on_hand -1, committed -1"),
        ("confirmed", "Order confirmed, stock reserved"),
        ("stock.reserved", "TEE-BLK-M at WH: committed +2"),
        ("created", f"Order {order.number} created (hub), total 20.00 USD"),
    ]
    assert entries[4].actor == "ana"


def test_orders_are_listed_by_status_channel_customer_tag_and_date(
    tee: Variant, warehouse: Location
) -> None:
    stock(tee, warehouse, 10)
    a = place([(tee, 1)], tags=("vip",), placed_at=datetime(2026, 1, 5, tzinfo=UTC))
    b = place([(tee, 1)], confirm=False, placed_at=datetime(2026, 2, 5, tzinfo=UTC))
    c = place(
        [(tee, 1)],
        channel="shopify:demo",
        external_id="9",
        placed_at=datetime(2026, 3, 5, tzinfo=UTC),
    )

    assert list(queries.orders(status="draft")) == [b]
    assert list(queries.orders(channel="shopify:demo")) == [c]
    assert list(queries.orders(channel="")) == [a, b]
    assert list(queries.orders(tag="vip")) == [a]
    assert list(
        queries.orders(
            since=datetime(2026, 2, 1, tzinfo=UTC), until=datetime(2026, 3, 1, tzinfo=UTC)
        )
    ) == [b]


def test_events_wait_in_the_outbox_until_published(tee: Variant, warehouse: Location) -> None:
    stock(tee, warehouse, 5)
    hub = place([(tee, 1)])
    shop = place([(tee, 1)], channel="shopify:demo", external_id="77")
    services.fulfil_order(order_id=shop.pk, location_id=warehouse.pk)
    services.cancel_order(order_id=hub.pk)

    pending = list(events.pending(channel="shopify:demo"))
    assert [(e.kind, e.payload["external_id"]) for e in pending] == [("order.fulfilled", "77")]

    assert events.mark_published([e.pk for e in pending]) == 1
    assert events.mark_published([e.pk for e in pending]) == 0
    assert list(events.pending(channel="shopify:demo")) == []
    assert [e.kind for e in events.pending()] == ["order.cancelled"]
