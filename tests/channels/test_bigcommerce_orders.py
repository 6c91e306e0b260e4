"""BigCommerce orders end to end, through the same engine and ports as Shopify: a shopper's
order reaches the hub by a light callback (the hub fetches the order it names) and by the
scheduled Get Orders, is imported once and commits its stock, whose new level is pushed back
to the store; a forged callback is refused and stores nothing. The store is the BigCommerce
sandbox."""

from __future__ import annotations

import json
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import pytest
from django.test import Client
from sandboxes.tests.bigcommerce.reference import request_schema, validate

from stockbridge.customers.models import Customer
from stockbridge.orders import services as orders
from stockbridge.orders.models import Order, OrderLine
from stockbridge.orders.specs import FulfilLine, RefundLineSpec, RefundSpec, Tracking
from stockbridge.sync import inbox
from stockbridge.sync.models import InboundEvent, OrderPush
from stockbridge.sync.operations import run_operation
from stockbridge.sync.order_pushes import sending
from stockbridge_sandboxes.bigcommerce import BigCommerceApp
from tests.support.bigcommerce_shop import BcShop, open_shop, sent_bodies
from tests.support.bigcommerce_stores import routed_bigcommerce

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def app(channel_fanout: None) -> Iterator[BigCommerceApp]:
    yield from routed_bigcommerce(BigCommerceApp())


@pytest.fixture
def shop(app: BigCommerceApp) -> BcShop:
    return open_shop(app)


def results(shop: BcShop) -> list[tuple[str, str]]:
    rows = InboundEvent.objects.filter(channel=shop.channel).order_by("id")
    return list(rows.values_list("topic", "result"))


def test_a_shopper_order_by_callback_is_imported_once_and_its_stock_pushed_back(
    shop: BcShop,
) -> None:
    placed = shop.order(
        {"TEE-S": 2, "MUG": 1}, email="ada@example.com", first_name="Ada",
        last_name="Lovelace", street_1="1 Quay St", city="Leeds", zip="LS1 1AA",
        country_iso2="GB", shipping_cost="4.50",
    )  # fmt: skip
    assert shop.deliver() == 1

    order = Order.objects.get()
    assert (order.channel, order.external_id, order.external_name) == (
        f"bigcommerce:{shop.channel.pk}", str(placed["id"]), f"#{placed['id']}")  # fmt: skip
    assert (order.status, order.financial_status, order.total, order.currency) == (
        "confirmed", "paid", Decimal("53.50"), "USD")  # fmt: skip
    assert order.email == "ada@example.com"
    assert order.shipping_address["city"] == "Leeds"
    assert [(x.sku, x.quantity, x.unit_price) for x in order.lines.order_by("id")] == [
        ("TEE-S", 2, Decimal("20.00")),
        ("MUG", 1, Decimal("9.00")),
    ]
    assert (shop.level("TEE-S"), shop.level("MUG"), shop.level("TEE-M")) == (
        (10, 2), (10, 1), (10, 0))  # fmt: skip
    # the store took the units at checkout; the hub's own figure (10 - 2 committed) went back
    assert (shop.available("TEE-S"), shop.available("MUG"), shop.available("TEE-M")) == (8, 9, 10)
    assert results(shop) == [
        ("store/order/created", f"order #{placed['id']}: created (imported as "
                                f"{order.number} (confirmed))"),
    ]  # fmt: skip

    again = shop.app.deliveries.sent[0]  # BigCommerce delivers a callback again
    hook = next(h for h in shop.app.store.hooks.values() if h["scope"] == again["scope"])
    shop.app.deliveries.queue.append((hook, again))
    assert shop.deliver() == 1
    assert (Order.objects.count(), InboundEvent.objects.count()) == (1, 1)
    assert shop.level("TEE-S") == (10, 2)


def test_a_forged_callback_is_refused_and_stores_nothing(shop: BcShop) -> None:
    placed = shop.order({"TEE-S": 1})
    body = json.dumps({"scope": "store/order/created", "store_id": "1001", "hash": "f" * 40,
                       "created_at": 1_796_600_000, "producer": "stores/sandbox1",
                       "data": {"type": "order", "id": placed["id"]}})  # fmt: skip
    url = f"/webhooks/{shop.channel.pk}"
    client = Client()
    missing = client.post(url, data=body, content_type="application/json")
    wrong = client.post(url, data=body, content_type="application/json",
                        headers={"X-Stockbridge-Hook-Secret": "guessed"})  # fmt: skip
    assert (missing.status_code, wrong.status_code) == (401, 401)
    assert (InboundEvent.objects.count(), Order.objects.count()) == (0, 0)


def test_get_orders_imports_what_no_callback_brought_once(app: BigCommerceApp) -> None:
    shop = open_shop(app, subscribe=False)
    first = shop.order({"TEE-S": 2})
    shop.order({"TEE-M": 1})
    assert shop.deliver() == 0  # no hook: nothing is delivered

    ran = run_operation(channel_id=shop.channel.pk, operation="get_orders")
    again = run_operation(channel_id=shop.channel.pk, operation="get_orders")

    assert (ran.status, ran.counts, again.counts) == ("ok", {"created": 2}, {"unchanged": 2})
    assert sorted(Order.objects.values_list("external_id", flat=True)) == sorted(
        [str(first["id"]), str(first["id"] + 1)]
    )
    assert (shop.level("TEE-S"), shop.level("TEE-M")) == ((10, 2), (10, 1))
    assert (shop.available("TEE-S"), shop.available("TEE-M")) == (8, 9)


def imported_order(shop: BcShop, lines: dict[str, int]) -> tuple[Order, dict[str, OrderLine]]:
    placed = shop.order(lines, shipping_cost="5.00")
    assert shop.deliver() == 1
    order = Order.objects.get(external_id=str(placed["id"]))
    return order, {x.sku: x for x in order.lines.all()}


def fulfil(order: Order, shop: BcShop, line: OrderLine, quantity: int, number: str) -> None:
    orders.fulfil_order(
        order_id=order.pk,
        location_id=shop.wh.pk,
        lines=[FulfilLine(line.pk, quantity)],
        tracking=Tracking(carrier="Royal Mail", number=number, url="", notify_customer=False),
    )


def pushes(shop: BcShop) -> list[tuple[str, str]]:
    rows = OrderPush.objects.filter(channel=shop.channel).order_by("id")
    return list(rows.values_list("kind", "state"))


def test_shipments_with_tracking_show_in_the_store_partial_then_whole(shop: BcShop) -> None:
    order, lines = imported_order(shop, {"TEE-S": 3, "MUG": 1})
    fulfil(order, shop, lines["TEE-S"], 2, "RM100")
    remote = shop.app.store.orders[int(order.external_id)]
    assert (remote["status"], remote["items_shipped"]) == ("Partially Shipped", 2)

    fulfil(order, shop, lines["TEE-S"], 1, "RM101")
    fulfil(order, shop, lines["MUG"], 1, "RM102")
    shipments = shop.app.store.shipments[int(order.external_id)]
    products = {p["id"]: p["sku"] for p in shop.app.store.order_products[int(order.external_id)]}
    assert [
        (s["tracking_number"], s["tracking_carrier"], s["shipping_method"],
         [(products[i["order_product_id"]], i["quantity"]) for i in s["items"]])
        for s in shipments
    ] == [
        ("RM100", "royal-mail", "Royal Mail", [("TEE-S", 2)]),
        ("RM101", "royal-mail", "Royal Mail", [("TEE-S", 1)]),
        ("RM102", "royal-mail", "Royal Mail", [("MUG", 1)]),
    ]  # fmt: skip
    assert remote["status"] == "Shipped"
    assert all(s["order_address_id"] == shop.app.store.order_addresses[remote["id"]][0]["id"]
               for s in shipments)  # fmt: skip
    assert pushes(shop) == [("fulfilment", "sent")] * 3
    made = order.fulfilments.order_by("id").values_list("external_id", flat=True)
    assert list(made) == [f"{remote['id']}:{s['id']}" for s in shipments]
    # the store's own callbacks about those shipments record nothing twice
    shop.deliver()
    assert order.fulfilments.count() == 3
    assert (shop.level("TEE-S"), shop.level("MUG")) == ((7, 0), (9, 0))


def test_a_refund_with_restock_moves_exactly_its_units_and_is_made_once_there(
    shop: BcShop,
) -> None:
    order, lines = imported_order(shop, {"TEE-S": 4})
    fulfil(order, shop, lines["TEE-S"], 2, "RM200")
    assert (shop.level("TEE-S"), shop.available("TEE-S")) == ((8, 2), 6)

    orders.refund_order(
        order_id=order.pk,
        spec=RefundSpec(lines=(
            RefundLineSpec(lines["TEE-S"].pk, 1, restock="return", location_id=shop.wh.pk),
            RefundLineSpec(lines["TEE-S"].pk, 1, restock="cancel"),
        )),
    )  # fmt: skip

    # one unit back on hand, one reservation released: 2 more to sell, here and there
    assert (shop.level("TEE-S"), shop.available("TEE-S")) == ((9, 1), 8)
    [refund] = shop.app.store.refunds[int(order.external_id)]
    product = shop.app.store.order_products[int(order.external_id)][0]["id"]
    assert (refund["total_amount"], refund["items"][0]["item_id"], refund["items"][0]["quantity"]) \
        == (40.0, product, 2)  # fmt: skip
    assert refund["payments"][0]["provider_id"] == "testgateway"
    assert pushes(shop) == [("fulfilment", "sent"), ("refund", "sent")]
    shop.deliver()  # the store's refund callback finds the refund already recorded
    assert order.refunds.count() == 1
    assert shop.level("TEE-S") == (9, 1)


def test_a_cancellation_here_cancels_there_and_refunds_what_was_paid(shop: BcShop) -> None:
    order, _ = imported_order(shop, {"TEE-M": 2})
    orders.cancel_order(order_id=order.pk, reason="customer changed their mind")

    remote = shop.app.store.orders[int(order.external_id)]
    assert (remote["status"], remote["refunded_amount"]) == ("Cancelled", "45.0000")
    assert (shop.level("TEE-M"), shop.available("TEE-M")) == ((10, 0), 10)
    assert [k for k, _ in pushes(shop)] == ["cancel"]
    assert all(state == "sent" for _, state in pushes(shop))


def test_under_a_fifth_of_calls_failing_everything_ends_there_exactly_once(
    channel_fanout: None, shared_dir: Path
) -> None:
    for app in routed_bigcommerce(BigCommerceApp(plan="enterprise")):
        shop = open_shop(app)
        # every fifth call fails; the call is carried out first, only its answer is lost
        shop.call("POST", "/__sandbox/faults", {"status": 500, "every": 5, "after": True})
        placed = [shop.order({"TEE-S": 2, "MUG": 1}) for _ in range(3)]
        for _ in range(20):  # callbacks and the inbox, until every order is in
            shop.deliver()
            inbox.process_pending(channel_id=shop.channel.pk)
            if Order.objects.count() == len(placed) and not inbox.pending():
                break
        for order in Order.objects.order_by("id"):
            lines = {x.sku: x for x in order.lines.all()}
            fulfil(order, shop, lines["TEE-S"], 2, f"RM{order.external_id}")
            orders.refund_order(
                order_id=order.pk,
                spec=RefundSpec(lines=(RefundLineSpec(lines["MUG"].pk, 1, restock="cancel"),)),
            )
        for _ in range(20):  # later drains, until nothing is left to send
            if not OrderPush.objects.filter(channel=shop.channel, state="pending").exists():
                break
            sending.drain(shop.channel.pk, now_too=True)
        shop.call("POST", "/__sandbox/faults", {"status": 0, "every": 0})
        shop.deliver()
        inbox.process_pending(channel_id=shop.channel.pk)

        assert sorted(Order.objects.values_list("external_id", flat=True)) == sorted(
            str(p["id"]) for p in placed
        )
        for p in placed:
            assert [len(app.store.shipments[p["id"]]), len(app.store.refunds[p["id"]])] == [1, 1]
            assert app.store.orders[p["id"]]["items_shipped"] == 2
        assert sorted(pushes(shop)) == [("fulfilment", "sent")] * 3 + [("refund", "sent")] * 3
        retried = OrderPush.objects.filter(channel=shop.channel, attempts__gt=1).count()
        assert retried > 0  # some answers were lost: those pushes read before sending again
        assert [o.fulfilments.count() + o.refunds.count() for o in Order.objects.all()] == [2] * 3
        assert (shop.level("TEE-S"), shop.level("MUG")) == ((4, 0), (10, 0))
        reconciled = run_operation(channel_id=shop.channel.pk, operation="reconcile")
        assert (reconciled.status, reconciled.counts.get("updated", 0)) == ("ok", 0)
        assert (shop.available("TEE-S"), shop.available("MUG")) == (4, 10)
        for method, path, body in sent_bodies(app):  # hooks, stock, shipments, refunds, ...
            validate(body, request_schema(shared_dir, method, path))


def test_a_customer_made_in_the_store_is_read_by_its_callback(shop: BcShop) -> None:
    shop.call("POST", "/stores/sandbox1/v3/customers", [{
        "email": "grace@example.com", "first_name": "Grace", "last_name": "Hopper",
        "addresses": [{"first_name": "Grace", "last_name": "Hopper", "address1": "2 Dock Rd",
                       "city": "Hull", "country_code": "GB", "postal_code": "HU1 1AA"}],
    }])  # fmt: skip
    assert shop.deliver() == 1
    buyer = Customer.objects.get(email="grace@example.com")
    assert (buyer.first_name, buyer.last_name) == ("Grace", "Hopper")
    assert results(shop) == [("store/customer/created", "customer created")]
    assert [(a.city, a.postal_code) for a in buyer.addresses.all()] == [("Hull", "HU1 1AA")]
