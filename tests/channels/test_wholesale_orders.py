"""Orders from a wholesale portal (the seed: "approved orders only are pulled every 5 minutes,
custom fields become order tags, the order is marked processed in the portal, and later portal
edits are ignored; an order whose account code matches no hub customer waits as "needs
customer" until the customer exists and has been pushed, then imports")."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from typing import Any

import pytest

from stockbridge.catalog.models import Variant
from stockbridge.channels.models import Channel, OperationSettings
from stockbridge.channels.services import add_channel
from stockbridge.orders.models import Order
from stockbridge.sync.models import ChannelOrder
from tests.channels.wholesale import boutique, items, jacket, operate, portal_order
from tests.support.portals import HOST, Portal, Portals, routed_portals

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def portals() -> Iterator[Portals]:
    yield from routed_portals()


def ready(portal: Portal) -> Channel:
    channel = portal.channel()
    jacket()
    operate(channel, "push_products")
    return channel


def test_an_approved_order_imports_once_with_custom_fields_as_tags_and_is_processed(
    portals: Portals,
) -> None:
    portal = portals.add()
    channel = ready(portal)
    customer_id = boutique()
    operate(channel, "push_accounts")
    order = portal_order(portal, "ACME-01", delivery_window="early", gift_wrap="no")
    draft = portal_order(portal, "ACME-01", approve=False)
    run = operate(channel, "take_orders")
    (imported,) = Order.objects.all()
    assert (run.status, items(run)) == (
        "ok",
        [(order["order_number"], "created", f"imported as {imported.number} (draft)")],
    )
    assert run.message == "1 order(s) handed over read, 1 marked taken"
    assert (imported.external_id, imported.external_name) == (order["_id"], order["order_number"])
    assert imported.customer_id == customer_id
    assert sorted(t.name for t in imported.tags.all()) == ["delivery_window:early", "gift_wrap:no"]
    lines = sorted((x.variant.sku, x.quantity, x.unit_price) for x in imported.lines.all())
    assert lines == [("FJ-OLI-M", 1, Decimal("92.50")), ("FJ-OLI-S", 2, Decimal("90.00"))]
    assert imported.total == Decimal("272.50")
    assert portal.app.portal.orders[order["_id"]]["status"] == "processed"
    assert portal.app.portal.orders[draft["_id"]]["status"] == "review"
    again = operate(channel, "take_orders")
    assert (items(again), Order.objects.count()) == ([], 1)


def test_an_order_for_an_unknown_account_waits_then_imports_once_the_customer_is_pushed(
    portals: Portals,
) -> None:
    portal = portals.add()
    channel = ready(portal)
    order = portal_order(portal, "NEW-9")
    first = operate(channel, "take_orders")
    assert items(first) == [
        (
            order["order_number"],
            "skipped",
            "needs customer: no hub customer has the account code NEW-9",
        )
    ]
    state = ChannelOrder.objects.get(channel=channel, remote_id=order["_id"])
    assert (state.state, state.reason) == (
        "waiting",
        "needs customer: no hub customer has the account code NEW-9",
    )
    customer_id = boutique("NEW-9")
    second = operate(channel, "take_orders")
    assert items(second) == [
        (
            order["order_number"],
            "skipped",
            "needs customer: the customer NEW-9 has not been pushed to this channel",
        )
    ]
    assert Order.objects.count() == 0
    assert portal.app.portal.orders[order["_id"]]["status"] == "approved"
    operate(channel, "push_accounts")
    third = operate(channel, "take_orders")
    (imported,) = Order.objects.all()
    assert items(third) == [
        (order["order_number"], "created", f"imported as {imported.number} (draft)")
    ]
    assert imported.customer_id == customer_id
    assert portal.app.portal.orders[order["_id"]]["status"] == "processed"
    assert ChannelOrder.objects.get(channel=channel, remote_id=order["_id"]).state == "imported"


def test_a_portal_edit_after_processing_changes_nothing_here(portals: Portals) -> None:
    portal = portals.add()
    channel = ready(portal)
    boutique()
    operate(channel, "push_accounts")
    order = portal_order(portal, "ACME-01")
    operate(channel, "take_orders")
    (imported,) = Order.objects.all()
    before = (
        imported.total,
        imported.note,
        sorted(t.name for t in imported.tags.all()),
        imported.lines.count(),
    )
    portal.control("POST", f"orders/{order['_id']}/edit", {"notes": "rush!", "total": 1, "x": "y"})
    run = operate(channel, "take_orders")
    assert items(run) == []
    imported.refresh_from_db()
    assert (
        imported.total,
        imported.note,
        sorted(t.name for t in imported.tags.all()),
        imported.lines.count(),
    ) == before
    assert Order.objects.count() == 1


class MarkRefused:
    """The portal, refusing to mark orders processed while `refusing` (a test's stand-in for
    a mark that never arrived)."""

    def __init__(self, app: Any) -> None:
        self.app = app
        self.refusing = True

    def __call__(self, environ: dict[str, Any], start: Any) -> Any:
        if self.refusing and environ["PATH_INFO"].endswith("/processed"):
            start("400 Bad Request", [("Content-Type", "application/json")])
            return [b'{"code": 400, "message": "try later"}']
        return self.app(environ, start)


def test_a_mark_that_failed_is_made_by_the_next_run_without_a_second_order(
    portals: Portals,
) -> None:
    portal = portals.add()
    channel = ready(portal)
    boutique()
    operate(channel, "push_accounts")
    order = portal_order(portal, "ACME-01")
    refusing = MarkRefused(portal.app)
    portals.by_url[portal.base_url] = Portal(app=refusing, base_url=portal.base_url)  # type: ignore[arg-type]
    first = operate(channel, "take_orders")
    (imported,) = Order.objects.all()
    assert items(first) == [
        (
            order["order_number"],
            "created",
            f"imported as {imported.number} (draft); not marked taken on the channel yet "
            "(the portal refused it: try later): the next run does",
        )
    ]
    assert portal.app.portal.orders[order["_id"]]["status"] == "approved"
    refusing.refusing = False
    second = operate(channel, "take_orders")
    assert items(second) == [
        (order["order_number"], "unchanged", f"imported earlier as {imported.number}")
    ]
    assert Order.objects.count() == 1
    assert portal.app.portal.orders[order["_id"]]["status"] == "processed"


def test_the_preview_writes_nothing(portals: Portals) -> None:
    portal = portals.add()
    channel = ready(portal)
    order = portal_order(portal, "NEW-9")
    run = operate(channel, "take_orders", dry_run=True)
    assert items(run) == [
        (
            order["order_number"],
            "skipped",
            "would wait: needs customer: no hub customer has the account code NEW-9",
        )
    ]
    assert ChannelOrder.objects.count() == 0


def test_orders_are_taken_every_five_minutes_by_default(portals: Portals) -> None:
    channel = add_channel(kind="wholesale", name="Portal", domain=HOST)
    rows = {
        row.operation: (row.schedule, row.every_minutes, row.daily_at and f"{row.daily_at:%H:%M}")
        for row in OperationSettings.objects.filter(channel=channel)
    }
    assert rows == {
        "push_products": ("hourly", None, None),
        "push_accounts": ("hourly", None, None),
        "push_stock_by_date": ("hourly", None, None),
        "reconcile_stock_by_date": ("daily", None, "03:00"),
        "take_orders": ("every", 5, None),
    }
    assert Variant.objects.count() == 0
