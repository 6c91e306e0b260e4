"""WooCommerce orders through the engine against the sandbox store: a shopper's order arrives
by webhook and by schedule and is imported once, committing its stock, which goes back to
the store; refunds made in the store move exactly their units; what the hub does to the order
(a shipment with tracking, a refund with restock, a cancellation) shows in the store once,
through the order pushes; and 20% injected faults end in the same state."""

from __future__ import annotations

import re
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import pytest

from stockbridge.channels.access import connector_for
from stockbridge.channels.port_fulfilment import LineRef
from stockbridge.channels.services import set_operation
from stockbridge.connectors.woocommerce.connector import WooConnector
from stockbridge.orders import services as orders
from stockbridge.orders.models import Order, OrderLine
from stockbridge.orders.specs import FulfilLine, RefundLineSpec, RefundSpec, Tracking
from stockbridge.sync import inbox
from stockbridge.sync.models import ChannelOrder, InboundEvent, OrderPush
from stockbridge.sync.operations import run_operation
from stockbridge.sync.order_pushes import sending
from tests.support.order_pushes import order_events_taken
from tests.support.woo_shop import WooShop, open_shop
from tests.support.woo_stores import WooStores, routed_woo_stores

from .conftest import request_problems

pytestmark = pytest.mark.django_db(transaction=True)

ADDRESS = {
    "first_name": "Ada",
    "last_name": "Lovelace",
    "address_1": "1 Quay St",
    "city": "Leeds",
    "postcode": "LS1 1AA",
    "country": "GB",
}


@pytest.fixture
def woo(channel_fanout: None) -> Iterator[WooStores]:
    with order_events_taken():
        yield from routed_woo_stores()


@pytest.fixture
def shop(woo: WooStores) -> WooShop:
    return open_shop(woo)


def lines_of(order: Order) -> dict[str, OrderLine]:
    return {line.sku: line for line in order.lines.all()}


def pushes(shop: WooShop) -> list[tuple[str, str]]:
    return list(
        OrderPush.objects.filter(channel=shop.channel).order_by("id").values_list("kind", "state")
    )


def fulfil(order: Order, shop: WooShop, sku: str, quantity: int, number: str) -> None:
    orders.fulfil_order(
        order_id=order.pk,
        location_id=shop.wh.pk,
        lines=[FulfilLine(lines_of(order)[sku].pk, quantity)],
        tracking=Tracking(
            carrier="UPS", number=number, url=f"https://ups.example/{number}", notify_customer=True
        ),
    )


def test_a_shopper_order_by_webhook_is_imported_once_and_its_stock_goes_back(
    shop: WooShop,
) -> None:
    placed = shop.order(
        {"TEE-S": 2, "MUG": 1},
        billing={**ADDRESS, "email": "ada@example.com"},
        shipping=ADDRESS,
        shipping_lines=[{"method_id": "flat_rate", "method_title": "Flat rate", "total": "4.50"}],
    )

    order = Order.objects.get()
    assert (order.channel, order.external_id, order.external_name) == (
        f"woocommerce:{shop.channel.pk}",
        str(placed["id"]),
        f"#{placed['id']}",
    )
    assert (order.status, order.financial_status, order.total, order.currency) == (
        "confirmed",
        "paid",
        Decimal("52.50"),
        "USD",
    )
    assert order.customer is not None and order.customer.email == "ada@example.com"
    assert (order.shipping_address["city"], order.shipping_address["postal_code"]) == (
        "Leeds",
        "LS1 1AA",
    )
    assert [(x.sku, x.quantity, x.unit_price) for x in order.lines.order_by("position")] == [
        ("TEE-S", 2, Decimal("20.00")),
        ("MUG", 1, Decimal("8.00")),
    ]
    assert (shop.level("TEE-S"), shop.level("MUG")) == ((10, 2), (10, 1))
    assert (shop.shown("TEE-S"), shop.shown("MUG"), shop.shown("TEE-M")) == (8, 9, 10)
    assert list(
        InboundEvent.objects.filter(channel=shop.channel)
        .exclude(topic="ping")
        .values_list("topic", "result")
    ) == [
        (
            "order.created",
            f"order #{placed['id']}: created (imported as {order.number} (confirmed))",
        )
    ]

    again = run_operation(channel_id=shop.channel.pk, operation="get_orders")
    assert (again.status, Order.objects.count(), shop.level("TEE-S")) == ("ok", 1, (10, 2))


def test_a_shopper_order_by_schedule_is_imported_once(woo: WooStores) -> None:
    shop = open_shop(woo, "woo-poll", subscribe=False)
    placed = shop.order({"TEE-M": 3}, deliver=False)
    shop.order({"MUG": 1}, deliver=False, set_paid=False)  # pending payment: it waits

    first = run_operation(channel_id=shop.channel.pk, operation="get_orders")
    second = run_operation(channel_id=shop.channel.pk, operation="get_orders")

    assert (first.status, second.status) == ("ok", "ok")
    order = Order.objects.get()
    assert (order.external_id, order.status) == (str(placed["id"]), "confirmed")
    assert (shop.level("TEE-M"), shop.level("MUG")) == ((10, 3), (10, 0))
    assert shop.shown("TEE-M") == 7
    assert sorted(ChannelOrder.objects.values_list("state", "reason")) == [
        ("imported", ""),
        ("waiting", "the order is on hold"),
    ]


def test_a_refund_in_the_store_with_restock_moves_exactly_its_units(shop: WooShop) -> None:
    placed = shop.order({"TEE-S": 3})
    order = Order.objects.get()
    fulfil(order, shop, "TEE-S", 2, "1Z1")  # 2 shipped, 1 still to ship
    assert shop.level("TEE-S") == (8, 1)
    line = placed["line_items"][0]["id"]

    shop.store.api(
        "POST",
        f"/orders/{placed['id']}/refunds",
        {
            "amount": "40.00",
            "api_refund": False,
            "line_items": [{"id": line, "quantity": 2, "refund_total": 40}],
        },
    )
    shop.store.app.pump()

    order.refresh_from_db()
    refund = order.refunds.get()
    assert (refund.amount, refund.channel) == (Decimal("40.00"), f"woocommerce:{shop.channel.pk}")
    # WooCommerce restocked them: the two shipped units come back to the mapped location
    assert [(x.quantity, x.restock) for x in refund.lines.all()] == [(2, "return")]
    assert shop.level("TEE-S") == (10, 1)
    assert shop.shown("TEE-S") == 9  # 10 - 3 sold + 2 restocked = the hub's 10 - 1 held


def test_a_shipment_here_shows_in_the_store_as_a_note_and_completes_the_order(
    shop: WooShop,
) -> None:
    placed = shop.order({"TEE-S": 2, "MUG": 1})
    order = Order.objects.get()

    fulfil(order, shop, "TEE-S", 2, "1Z1")
    after_first = shop.store.api("GET", f"/orders/{placed['id']}")["status"]
    fulfil(order, shop, "MUG", 1, "1Z2")

    notes = shop.store.api("GET", f"/orders/{placed['id']}/notes")
    texts = sorted(n["note"] for n in notes)
    fulfilments = order.fulfilments.order_by("id")
    assert texts == [
        f"Shipped by Stockbridge (fulfilment:{fulfilments[0].pk}): "
        f"2 x TEE-S [{shop.ids['TEE-S']}].\nCarrier: UPS.\nTracking: 1Z1 https://ups.example/1Z1",
        f"Shipped by Stockbridge (fulfilment:{fulfilments[1].pk}): "
        f"1 x MUG [{shop.ids['MUG']}].\nCarrier: UPS.\nTracking: 1Z2 https://ups.example/1Z2",
    ]
    assert [n["customer_note"] for n in notes] == [True, True]
    assert (after_first, shop.store.api("GET", f"/orders/{placed['id']}")["status"]) == (
        "processing",
        "completed",
    )
    assert pushes(shop) == [("fulfilment", "sent"), ("fulfilment", "sent")]
    order.refresh_from_db()
    assert (order.status, shop.level("TEE-S"), shop.level("MUG")) == ("fulfilled", (8, 0), (9, 0))
    assert [f.external_id for f in fulfilments] == [
        f"{placed['id']}/{n['id']}" for n in sorted(notes, key=lambda n: n["id"])
    ]


def test_a_refund_here_is_made_once_in_the_store_with_restock(shop: WooShop) -> None:
    placed = shop.order({"TEE-S": 2, "MUG": 1})
    order = Order.objects.get()
    line = lines_of(order)["TEE-S"]

    made = orders.refund_order(
        order_id=order.pk,
        spec=RefundSpec(
            lines=(RefundLineSpec(line.pk, 1, restock="cancel"),), amount=Decimal("20")
        ),
    )
    sending.drain(shop.channel.pk, now_too=True)  # nothing more to send

    refunds = shop.store.api("GET", f"/orders/{placed['id']}/refunds")
    assert [
        (r["amount"], [(x["quantity"], x["sku"]) for x in r["line_items"]]) for r in refunds
    ] == [("20.00", [(-1, "TEE-S")])]
    assert pushes(shop) == [("refund", "sent")]
    # the store's echo of our refund is not a second refund here
    order.refresh_from_db()
    assert [r.pk for r in order.refunds.all()] == [made.pk]
    assert shop.level("TEE-S") == (10, 1)
    assert shop.shown("TEE-S") == 9


def test_a_cancellation_here_cancels_the_order_in_the_store(shop: WooShop) -> None:
    placed = shop.order({"TEE-M": 4})
    order = Order.objects.get()

    orders.cancel_order(order_id=order.pk, reason="customer changed their mind")

    assert shop.store.api("GET", f"/orders/{placed['id']}")["status"] == "cancelled"
    assert pushes(shop) == [("cancel", "sent")]
    assert (shop.level("TEE-M"), shop.shown("TEE-M")) == ((10, 0), 10)


def test_injected_faults_end_in_the_same_state(shop: WooShop) -> None:
    shop.store.app.faults.error_rate = 0.2
    placed = [shop.order({"TEE-S": 1, "MUG": 1}) for _ in range(4)]
    for _ in range(10):  # the every-minute sweep and the schedule, until nothing is left
        inbox.process_pending(channel_id=shop.channel.pk)
        run_operation(channel_id=shop.channel.pk, operation="get_orders")
        if Order.objects.count() == len(placed):
            break
    for order in Order.objects.order_by("id"):
        fulfil(order, shop, "TEE-S", 1, f"1Z{order.pk}")
    for _ in range(20):
        if not OrderPush.objects.filter(channel=shop.channel, state="pending").exists():
            break
        sending.drain(shop.channel.pk, now_too=True)
    shop.store.app.faults.error_rate = 0.0
    run_operation(channel_id=shop.channel.pk, operation="get_orders")
    run_operation(channel_id=shop.channel.pk, operation="sync_listings")

    assert Order.objects.count() == 4
    assert sorted(Order.objects.values_list("external_id", flat=True)) == sorted(
        str(p["id"]) for p in placed
    )
    assert (shop.level("TEE-S"), shop.level("MUG")) == ((6, 0), (10, 4))
    assert (shop.shown("TEE-S"), shop.shown("MUG")) == (6, 6)
    for p in placed:
        notes = shop.store.api("GET", f"/orders/{p['id']}/notes")
        assert len(notes) == 1
    assert pushes(shop) == [("fulfilment", "sent")] * 4
    refused = {e["status"] for e in shop.store.app.request_log if e["status"] >= 400}
    assert 500 in refused  # the faults happened


def test_every_body_sent_is_valid_against_the_request_schemas(
    shop: WooShop, reference: Path
) -> None:
    placed = shop.order({"TEE-S": 2, "MUG": 2})
    order = Order.objects.get()
    fulfil(order, shop, "TEE-S", 1, "1Z1")
    orders.refund_order(
        order_id=order.pk,
        spec=RefundSpec(
            lines=(RefundLineSpec(lines_of(order)["MUG"].pk, 1, restock="cancel"),),
            amount=Decimal("8"),
        ),
    )
    shop.store.sent.clear()  # set-up done: what follows is every kind of write
    fulfil(order, shop, "TEE-S", 1, "1Z2")
    orders.refund_order(
        order_id=order.pk,
        spec=RefundSpec(
            lines=(RefundLineSpec(lines_of(order)["MUG"].pk, 1, restock="cancel"),),
            amount=Decimal("8"),
        ),
    )
    connector = connector_for(shop.channel)
    assert isinstance(connector, WooConnector)
    connector.tag_order(str(placed["id"]), ["imported", "hub"])
    connector.tag_order(str(placed["id"]), ["hub", "again"])
    other = shop.order({"TEE-M": 1})
    orders.cancel_order(
        order_id=Order.objects.get(external_id=str(other["id"])).pk, reason="changed their mind"
    )

    writes = [(m, p, b) for m, p, b in shop.store.writes() if not p.endswith("/notes")]
    problems = [
        problem for _, path, body in writes for problem in request_problems(reference, path, body)
    ]
    assert problems == []
    assert sorted({(m, re.sub(r"/\d+", "/{id}", p.split("/wc/v3")[1])) for m, p, _ in writes}) == [
        ("POST", "/orders/{id}/refunds"),  # the refund
        ("POST", "/products/batch"),  # stock pushes
        ("POST", "/products/{id}/variations/batch"),
        ("PUT", "/orders/{id}"),  # completed, tags, cancelled
        ("PUT", "/products/{id}/variations/{id}"),  # the cancellation's restock taken back
    ]
    assert shop.store.api("GET", f"/orders/{placed['id']}")["meta_data"][0]["value"] == (
        "imported, hub, again"
    )


def test_tracking_changed_after_shipment_is_a_further_note_read_back_as_the_same_shipment(
    shop: WooShop,
) -> None:
    placed = shop.order({"TEE-S": 1})
    order = Order.objects.get()
    fulfil(order, shop, "TEE-S", 1, "1Z1")
    fulfilment = order.fulfilments.get()

    orders.update_tracking(
        fulfilment_id=fulfilment.pk, tracking=Tracking(carrier="DHL", number="JD014, JD015")
    )

    notes = sorted(shop.store.api("GET", f"/orders/{placed['id']}/notes"), key=lambda n: n["id"])
    first = notes[0]["id"]
    assert notes[1]["note"] == (
        f"Tracking of shipment {first} changed.\nCarrier: DHL.\nTracking: JD014, JD015"
    )
    connector = connector_for(shop.channel)
    assert isinstance(connector, WooConnector)
    [held] = connector.order_fulfilments(str(placed["id"]))
    assert (held.remote_id, held.tracking_numbers, held.lines) == (
        f"{placed['id']}/{first}",
        ("JD014", "JD015"),
        (LineRef(str(shop.ids["TEE-S"]), "TEE-S", 1),),
    )
    assert pushes(shop) == [("fulfilment", "sent")]


def test_an_order_completed_or_cancelled_in_the_store_is_followed_here(shop: WooShop) -> None:
    shipped = shop.order({"TEE-S": 2})
    dropped = shop.order({"MUG": 3})

    shop.store.api("PUT", f"/orders/{shipped['id']}", {"status": "completed"})
    shop.store.api("PUT", f"/orders/{dropped['id']}", {"status": "cancelled"})
    shop.store.app.pump()

    by_id = {o.external_id: o for o in Order.objects.all()}
    assert (by_id[str(shipped["id"])].status, by_id[str(dropped["id"])].status) == (
        "fulfilled",
        "cancelled",
    )
    assert by_id[str(shipped["id"])].fulfilments.get().external_id == f"{shipped['id']}:completed"
    assert (shop.level("TEE-S"), shop.level("MUG")) == ((8, 0), (10, 0))
    assert (shop.shown("TEE-S"), shop.shown("MUG")) == (8, 10)
    # the hub's cancellation is sent back and finds the order cancelled there: nothing done
    assert pushes(shop) == [("cancel", "sent")]


def test_get_orders_imports_the_statuses_its_settings_import(woo: WooStores) -> None:
    shop = open_shop(woo, "woo-filter", subscribe=False)
    set_operation(
        channel=shop.channel,
        operation="get_orders",
        settings={"fulfillment_statuses": ["fulfilled"], "updated_within_days": 3},
    )
    done = shop.order({"MUG": 1}, deliver=False)
    shop.order({"TEE-M": 1}, deliver=False)
    shop.store.api("PUT", f"/orders/{done['id']}", {"status": "completed"})
    shop.store.sent.clear()

    run = run_operation(channel_id=shop.channel.pk, operation="get_orders")

    assert run.status == "ok"
    assert [o.external_id for o in Order.objects.all()] == [str(done["id"])]
    assert sorted(ChannelOrder.objects.values_list("state", "reason")) == [
        ("imported", ""),
        ("waiting", "fulfilment status unfulfilled is not imported"),
    ]
