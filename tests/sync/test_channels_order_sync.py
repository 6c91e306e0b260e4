"""Sync orders against a sandbox Shopify store: what the hub does to an order that came from
the store (ship it with tracking, change the tracking, refund with restock, cancel, finish
it) shows there, once, through the order events, the channel's order pushes and their drain.
The queue is `immediate` and the domains' wake-ups are listened to: each change is sent once
its transaction commits."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

import pytest

from stockbridge.channels.models import ChannelStatus, OperationSettings
from stockbridge.channels.order_origin import origin
from stockbridge.inventory.models import StockLevel
from stockbridge.orders import services as orders
from stockbridge.orders.specs import FulfilLine, RefundLineSpec, RefundSpec, Tracking
from stockbridge.platform import clock
from stockbridge.sync import outbox
from stockbridge.sync.models import OrderPush, Run
from stockbridge.sync.operations import run_operation
from stockbridge.sync.order_pushes import intake, sending
from tests.support.order_pushes import order_events_taken
from tests.support.shopify_stores import Stores, routed_stores

from .orders_shop import Shop, level, make_shop, pushes, remote_order, sent, shopper_order

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.live_nudges]


@pytest.fixture
def stores() -> Iterator[Stores]:
    """The sandbox stores, with the order pushes' consumer registered (and left as it was
    found: a test asking for the whole `channel_fanout` keeps it afterwards)."""
    with order_events_taken():
        yield from routed_stores()


@pytest.fixture
def shop(stores: Stores) -> Shop:
    return make_shop(stores.add("shop-o"))


def _fulfil(shop: Shop, order_id: int, location, line, quantity: int, number: str, **kw):  # type: ignore[no-untyped-def]
    return orders.fulfil_order(
        order_id=order_id,
        location_id=location.pk,
        lines=[FulfilLine(line.pk, quantity)],
        tracking=Tracking(
            carrier=kw.get("carrier", "ups"),
            number=number,
            url=kw.get("url", ""),
            notify_customer=kw.get("notify", False),
        ),
    )


def test_a_shipment_from_two_locations_with_two_tracking_numbers_shows_in_the_store(
    shop: Shop,
) -> None:
    OperationSettings.objects.create(
        channel=shop.channel,
        operation="sync_orders",
        settings={"carriers": {"ups": "UPS", "royalmail": "Royal Mail"}},
    )
    order, lines = shopper_order(shop, {"TEE": 3, "CAP": 2})
    # the store routed the order: TEE from its warehouse, CAP from the high street
    assert level(shop, "TEE", shop.warehouse) == {"available": 7, "committed": 3, "on_hand": 10}
    assert level(shop, "CAP", shop.street) == {"available": 8, "committed": 2, "on_hand": 10}

    _fulfil(shop, order.pk, shop.wh, lines["TEE"], 3, "1Z001", url="https://t.example/1Z001")
    _fulfil(shop, order.pk, shop.outlet, lines["CAP"], 2, "RM002", carrier="royalmail")

    remote = remote_order(shop, order)
    assert remote["displayFulfillmentStatus"] == "FULFILLED"
    assert [
        (
            f["location"]["id"],
            f["trackingInfo"],
            [(x["lineItem"]["sku"], x["quantity"]) for x in f["fulfillmentLineItems"]["nodes"]],
        )
        for f in remote["fulfillments"]
    ] == [
        (
            shop.warehouse,
            [{"company": "UPS", "number": "1Z001", "url": "https://t.example/1Z001"}],
            [("TEE", 3)],
        ),
        (
            shop.street,
            [{"company": "Royal Mail", "number": "RM002", "url": None}],
            [("CAP", 2)],
        ),
    ]
    # the units left the store from where they were held
    assert level(shop, "TEE", shop.warehouse) == {"available": 7, "committed": 0, "on_hand": 7}
    assert level(shop, "CAP", shop.street) == {"available": 8, "committed": 0, "on_hand": 8}
    assert pushes(shop) == [("fulfilment", "sent", 1), ("fulfilment", "sent", 1)]
    # each hub fulfilment is named by the channel's id, so the channel's report finds it
    assert sorted(order.fulfilments.values_list("channel", flat=True)) == [origin(shop.channel)] * 2
    assert sent(shop, "FulfillmentCreate") == 2


def test_a_partial_shipment_leaves_the_order_partially_fulfilled(shop: Shop) -> None:
    order, lines = shopper_order(shop, {"TEE": 3, "CAP": 2})

    _fulfil(shop, order.pk, shop.wh, lines["TEE"], 1, "1Z001")

    remote = remote_order(shop, order)
    assert remote["displayFulfillmentStatus"] == "PARTIALLY_FULFILLED"
    assert [
        [(x["lineItem"]["sku"], x["quantity"]) for x in f["fulfillmentLineItems"]["nodes"]]
        for f in remote["fulfillments"]
    ] == [[("TEE", 1)]]
    assert level(shop, "TEE", shop.warehouse) == {"available": 7, "committed": 2, "on_hand": 9}
    assert remote["closed"] is False


def test_tracking_changed_after_shipment_is_updated_on_the_same_fulfilment(shop: Shop) -> None:
    order, lines = shopper_order(shop, {"TEE": 2})
    fulfilment = _fulfil(shop, order.pk, shop.wh, lines["TEE"], 2, "1Z001")

    orders.update_tracking(
        fulfilment_id=fulfilment.pk,
        tracking=Tracking(carrier="dhl", number="JD014, JD015", url=""),
    )

    remote = remote_order(shop, order)
    assert [f["trackingInfo"] for f in remote["fulfillments"]] == [
        [
            {"company": "dhl", "number": "JD014", "url": None},
            {"company": "dhl", "number": "JD015", "url": None},
        ]
    ]
    assert sent(shop, "FulfillmentCreate") == 1
    assert sent(shop, "FulfillmentTrackingUpdate") == 1
    push = OrderPush.objects.get(channel=shop.channel, kind="fulfilment")
    assert (push.state, push.version, push.sent_version) == ("sent", 2, 2)


def test_close_completed_closes_the_order_once_everything_shipped(shop: Shop) -> None:
    OperationSettings.objects.create(
        channel=shop.channel, operation="sync_orders", settings={"close_completed": True}
    )
    order, lines = shopper_order(shop, {"TEE": 2, "CAP": 1})

    _fulfil(shop, order.pk, shop.wh, lines["TEE"], 2, "1Z001")
    assert remote_order(shop, order)["closed"] is False
    _fulfil(shop, order.pk, shop.outlet, lines["CAP"], 1, "RM002")

    assert remote_order(shop, order)["closed"] is True
    assert pushes(shop) == [
        ("fulfilment", "sent", 1),
        ("fulfilment", "sent", 1),
        ("close", "sent", 0),
    ]


def test_refunds_of_each_restock_type_move_exactly_their_units_in_the_store(shop: Shop) -> None:
    order, lines = shopper_order(shop, {"TEE": 4})
    _fulfil(shop, order.pk, shop.wh, lines["TEE"], 2, "1Z001")
    assert level(shop, "TEE", shop.warehouse) == {"available": 6, "committed": 2, "on_hand": 8}

    def refund(restock: str, location=None) -> None:  # type: ignore[no-untyped-def]
        orders.refund_order(
            order_id=order.pk,
            spec=RefundSpec(
                lines=(RefundLineSpec(lines["TEE"].pk, 1, restock=restock, location_id=location),)
            ),
        )

    refund("return", shop.wh.pk)  # a shipped unit comes back to the warehouse
    assert level(shop, "TEE", shop.warehouse) == {"available": 7, "committed": 2, "on_hand": 9}
    refund("no_restock")  # a shipped unit stays with the customer
    assert level(shop, "TEE", shop.warehouse) == {"available": 7, "committed": 2, "on_hand": 9}
    refund("cancel")  # an unshipped unit goes back on sale
    assert level(shop, "TEE", shop.warehouse) == {"available": 8, "committed": 1, "on_hand": 9}

    remote = remote_order(shop, order)
    assert [
        [(x["quantity"], x["restockType"]) for x in r["refundLineItems"]["nodes"]]
        for r in remote["refunds"]
    ] == [[(1, "RETURN")], [(1, "NO_RESTOCK")], [(1, "CANCEL")]]
    assert remote["displayFinancialStatus"] == "PARTIALLY_REFUNDED"
    assert pushes(shop) == [
        ("fulfilment", "sent", 1),
        ("refund", "sent", 1),
        ("refund", "sent", 1),
        ("refund", "sent", 1),
    ]


def test_a_cancellation_here_cancels_there_and_restocks_its_units(shop: Shop) -> None:
    order, _lines = shopper_order(shop, {"TEE": 3, "CAP": 1})

    orders.cancel_order(order_id=order.pk, reason="customer changed their mind")

    remote = remote_order(shop, order)
    assert remote["cancelledAt"] is not None
    assert remote["displayFinancialStatus"] == "REFUNDED"
    assert level(shop, "TEE", shop.warehouse) == {"available": 10, "committed": 0, "on_hand": 10}
    assert level(shop, "CAP", shop.street) == {"available": 10, "committed": 0, "on_hand": 10}
    # the refund the cancellation made here is the channel's own part of cancelling
    assert pushes(shop) == [("cancel", "sent", 0)]
    assert sent(shop, "RefundCreate") == 0


def test_a_lost_fulfilment_answer_is_read_back_not_sent_twice(shop: Shop) -> None:
    order, lines = shopper_order(shop, {"TEE": 2})
    shop.store.control("faults", {"lost_answers": {"FulfillmentCreate": 1}})

    _fulfil(shop, order.pk, shop.wh, lines["TEE"], 2, "1Z001")

    push = OrderPush.objects.get(channel=shop.channel, kind="fulfilment")
    assert (push.state, push.error_kind, push.remote_ids) == ("pending", "Unavailable", [])
    assert push.not_before is not None and push.not_before > clock.now()
    assert len(remote_order(shop, order)["fulfillments"]) == 1  # it was made there

    sending.drain(shop.channel.pk, now_too=True)

    push.refresh_from_db()
    assert (push.state, len(push.remote_ids)) == ("sent", 1)
    assert len(remote_order(shop, order)["fulfillments"]) == 1
    assert sent(shop, "FulfillmentCreate") == 1


def test_a_worker_killed_between_sending_and_recording_leaves_one_fulfilment(
    shop: Shop,
) -> None:
    """The worker claimed the push, read the order, sent the fulfilment and died before
    recording it: once its lease ends, the next drain finds the fulfilment there."""
    order, lines = shopper_order(shop, {"TEE": 2})
    shop.channel.status = ChannelStatus.DISCONNECTED  # the drain stays away while we set up
    shop.channel.save(update_fields=["status"])
    fulfilment = _fulfil(shop, order.pk, shop.wh, lines["TEE"], 2, "1Z001")
    push = OrderPush.objects.get(channel=shop.channel, kind="fulfilment")
    # what the killed worker did: the lease, the read, the send
    OrderPush.objects.filter(pk=push.pk).update(
        known=[], attempts=1, claimed_until=clock.now() + timedelta(minutes=2)
    )
    shop.store.app.execute(
        """mutation($fo: ID!) { fulfillmentCreate(fulfillment: {
          lineItemsByFulfillmentOrder: [{fulfillmentOrderId: $fo}],
          trackingInfo: {company: "ups", numbers: ["1Z001"]}}) { userErrors { message } } }""",
        {"fo": shop.store.app.store.all("FulfillmentOrder")[0]["id"]},
    )
    shop.channel.status = ChannelStatus.CONNECTED
    shop.channel.save(update_fields=["status"])

    sending.drain(shop.channel.pk, now_too=True)  # still leased: nothing happens
    assert OrderPush.objects.get(pk=push.pk).state == "pending"
    OrderPush.objects.filter(pk=push.pk).update(claimed_until=clock.now() - timedelta(seconds=1))
    sending.drain(shop.channel.pk, now_too=True)

    push.refresh_from_db()
    assert (push.state, len(push.remote_ids)) == ("sent", 1)
    assert len(remote_order(shop, order)["fulfillments"]) == 1
    assert sent(shop, "FulfillmentCreate") == 0  # the drain itself never sent one
    fulfilment.refresh_from_db()
    assert fulfilment.external_id == push.remote_ids[0]


def test_a_lost_refund_answer_is_retried_with_its_key_and_makes_one_refund(shop: Shop) -> None:
    order, lines = shopper_order(shop, {"TEE": 2})
    shop.store.control("faults", {"lost_answers": {"RefundCreate": 2}})

    orders.refund_order(
        order_id=order.pk,
        spec=RefundSpec(lines=(RefundLineSpec(lines["TEE"].pk, 1, restock="cancel"),)),
    )

    assert len(remote_order(shop, order)["refunds"]) == 1
    assert sent(shop, "RefundCreate") == 3  # the client's own retries, same key each time
    assert level(shop, "TEE", shop.warehouse) == {"available": 9, "committed": 1, "on_hand": 10}
    assert pushes(shop) == [("refund", "sent", 1)]


def test_under_injected_errors_every_fulfilment_and_refund_ends_there_exactly_once(
    shop: Shop,
) -> None:
    shop.store.control("faults", {"error_rate": 0.2})
    placed = [shopper_order(shop, {"TEE": 1, "CAP": 1}) for _ in range(4)]
    for order, lines in placed:
        _fulfil(shop, order.pk, shop.wh, lines["TEE"], 1, f"1Z{order.pk}")
        orders.refund_order(
            order_id=order.pk,
            spec=RefundSpec(lines=(RefundLineSpec(lines["CAP"].pk, 1, restock="cancel"),)),
        )

    for _ in range(20):  # the sweep and later drains, until nothing is left to send
        if not OrderPush.objects.filter(channel=shop.channel, state="pending").exists():
            break
        sending.drain(shop.channel.pk, now_too=True)
    shop.store.control("faults", {"error_rate": 0})

    for order, _lines in placed:
        remote = remote_order(shop, order)
        assert len(remote["fulfillments"]) == 1
        assert len(remote["refunds"]) == 1
    assert sorted(pushes(shop)) == [("fulfilment", "sent", 1)] * 4 + [("refund", "sent", 1)] * 4
    assert level(shop, "TEE", shop.warehouse) == {"available": 6, "committed": 0, "on_hand": 6}
    assert level(shop, "CAP", shop.street) == {"available": 10, "committed": 0, "on_hand": 10}


def test_run_now_sends_what_waits_and_a_preview_sends_nothing(shop: Shop) -> None:
    order, lines = shopper_order(shop, {"TEE": 1})
    shop.channel.status = ChannelStatus.DISCONNECTED  # its pushes wait
    shop.channel.save(update_fields=["status"])
    _fulfil(shop, order.pk, shop.wh, lines["TEE"], 1, "1Z001")
    shop.channel.status = ChannelStatus.CONNECTED
    shop.channel.save(update_fields=["status"])

    preview = run_operation(channel_id=shop.channel.pk, operation="sync_orders", dry_run=True)
    assert [(i.ref, i.changes) for i in preview.items.all()] == [
        (
            f"fulfilment:{order.fulfilments.get().pk}",
            {"send": [None, f"fulfilment {order.fulfilments.get().pk}"]},
        )
    ]
    assert len(remote_order(shop, order)["fulfillments"]) == 0

    done = run_operation(channel_id=shop.channel.pk, operation="sync_orders")

    assert (done.status, done.counts) == ("ok", {"updated": 1})
    assert len(remote_order(shop, order)["fulfillments"]) == 1
    assert Run.objects.filter(operation="sync_orders").count() == 2


def test_a_fulfilment_the_store_refuses_fails_with_its_reason_and_holds_nothing(
    shop: Shop,
) -> None:
    order, lines = shopper_order(shop, {"TEE": 2})
    shop.store.control(f"orders/{order.external_id.rsplit('/', 1)[1]}/fulfil", {"number": "X1"})

    _fulfil(shop, order.pk, shop.wh, lines["TEE"], 2, "1Z001")

    push = OrderPush.objects.get(channel=shop.channel, kind="fulfilment")
    assert (push.state, push.error_kind) == ("failed", "Rejected")
    assert push.last_error == (
        "lines: 2 of 2 units of gid://shopify/ProductVariant/"
        f"{shop.remote['TEE'].variant_id.rsplit('/', 1)[1]} are not open to fulfil on the order "
        "in Shopify (already fulfilled, cancelled or not on the order)"
    )
    assert len(remote_order(shop, order)["fulfillments"]) == 1  # the store's own


def test_a_refund_sent_from_here_is_not_recorded_again_when_the_store_reports_it(
    shop: Shop,
) -> None:
    from stockbridge.orders.models import Refund

    order, lines = shopper_order(shop, {"TEE": 2})
    _fulfil(shop, order.pk, shop.wh, lines["TEE"], 2, "1Z001")
    orders.refund_order(
        order_id=order.pk,
        spec=RefundSpec(
            lines=(RefundLineSpec(lines["TEE"].pk, 1, restock="return", location_id=shop.wh.pk),)
        ),
    )
    sent_as = OrderPush.objects.get(kind="refund").remote_ids
    assert [r["id"] for r in remote_order(shop, order)["refunds"]] == sent_as
    # Get Orders reads the order back, with the store's refund: the hub's own, not a new one
    run = run_operation(channel_id=shop.channel.pk, operation="get_orders")
    assert (run.status, run.counts) == ("ok", {"unchanged": 1})
    assert list(Refund.objects.values_list("order_id", "amount", "external_id")) == [
        (order.pk, order.lines.get().unit_price, "")
    ]
    assert level(shop, "TEE", shop.warehouse)["on_hand"] == 9


def test_a_store_refund_read_while_one_from_here_is_being_sent_is_known_by_its_mark(
    shop: Shop,
) -> None:
    """The send is not recorded yet (its answers were lost), but the refund the store made
    carries the hub's mark in its note: read back, it is the hub's own, not a second one."""
    from stockbridge.orders.models import Refund

    order, lines = shopper_order(shop, {"TEE": 2})
    shop.store.control("faults", {"lost_answers": {"RefundCreate": 50}})
    one = RefundLineSpec(lines["TEE"].pk, 1, restock="cancel")
    orders.refund_order(order_id=order.pk, spec=RefundSpec(lines=(one,)))
    assert pushes(shop) == [("refund", "pending", 0)]
    made = remote_order(shop, order)["refunds"]
    assert len(made) == 1
    read = run_operation(channel_id=shop.channel.pk, operation="get_orders")
    assert (read.status, read.counts) == ("ok", {"unchanged": 1})
    assert Refund.objects.count() == 1

    shop.store.control("faults", {"lost_answers": {}})
    sending.drain(shop.channel.pk, now_too=True)  # the retry finds the refund by its key
    assert OrderPush.objects.get(kind="refund").remote_ids == [made[0]["id"]]
    again = run_operation(channel_id=shop.channel.pk, operation="get_orders")
    assert (again.status, again.counts) == ("ok", {"unchanged": 1})
    assert Refund.objects.count() == 1


def _hub_available(shop: Shop, variant) -> int:  # type: ignore[no-untyped-def]
    return StockLevel.objects.get(variant=variant, location=shop.wh).available


def _store_available(shop: Shop) -> int:
    return level(shop, "TEE", shop.warehouse)["available"]


def _push_first(change) -> None:  # type: ignore[no-untyped-def]
    """Make the hub `change`, let its stock push land in the store, then send its order push:
    the order in which the store would count restocked units twice."""
    outbox.unregister_consumer(intake.CONSUMER)
    try:
        change()
    finally:
        intake.install()
    outbox.drain(intake.CONSUMER)


def test_units_restocked_there_count_once_when_the_channel_takes_our_quantities(
    channel_fanout: None, shop: Shop
) -> None:
    """With stock sync on, a refund or cancellation sent from here restocks units in the store
    and our push carries the same units: once the store has taken the restock the hub's figure
    is written over it, so the units count once even when our push landed first."""
    # the store keeps TEE at its warehouse only: our total goes there
    OperationSettings.objects.filter(channel=shop.channel, operation="sync_listings").update(
        enabled=True, settings={"location_mode": "total", "total_location": shop.warehouse}
    )
    order, lines = shopper_order(shop, {"TEE": 4})
    _fulfil(shop, order.pk, shop.wh, lines["TEE"], 2, "1Z001")
    assert (_hub_available(shop, shop.tee), _store_available(shop)) == (6, 6)

    def refund(restock: str, location=None) -> None:  # type: ignore[no-untyped-def]
        spec = RefundSpec(
            lines=(RefundLineSpec(lines["TEE"].pk, 1, restock=restock, location_id=location),)
        )
        _push_first(lambda: orders.refund_order(order_id=order.pk, spec=spec))

    refund("return", shop.wh.pk)  # a shipped unit back in the warehouse
    assert (_hub_available(shop, shop.tee), _store_available(shop)) == (7, 7)
    refund("cancel")  # an unshipped unit back on sale
    assert (_hub_available(shop, shop.tee), _store_available(shop)) == (8, 8)
    refund("no_restock")  # nothing comes back: nothing written again
    assert (_hub_available(shop, shop.tee), _store_available(shop)) == (8, 8)

    other, _ = shopper_order(shop, {"TEE": 3})
    assert (_hub_available(shop, shop.tee), _store_available(shop)) == (5, 5)
    _push_first(lambda: orders.cancel_order(order_id=other.pk, reason="changed their mind"))
    assert (_hub_available(shop, shop.tee), _store_available(shop)) == (8, 8)
    remote = remote_order(shop, order)
    assert [
        [(x["quantity"], x["restockType"]) for x in r["refundLineItems"]["nodes"]]
        for r in remote["refunds"]
    ] == [[(1, "RETURN")], [(1, "CANCEL")], [(1, "NO_RESTOCK")]]
    assert remote_order(shop, other)["cancelledAt"] is not None
