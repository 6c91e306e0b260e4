"""BigCommerce orders end to end, through the same engine and ports as Shopify: a shopper's
order reaches the hub by a light callback (the hub fetches the order it names) and by the
scheduled Get Orders, is imported once and commits its stock, whose new level is pushed back
to the store; a forged callback is refused and stores nothing. The store is the BigCommerce
sandbox."""

from __future__ import annotations

import json
from collections.abc import Iterator
from decimal import Decimal

import pytest
from django.test import Client

from stockbridge.orders.models import Order
from stockbridge.sync.models import InboundEvent
from stockbridge.sync.operations import run_operation
from stockbridge_sandboxes.bigcommerce import BigCommerceApp

from .bigcommerce_store import BcShop, open_shop, routed

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def app(channel_fanout: None) -> Iterator[BigCommerceApp]:
    yield from routed(BigCommerceApp())


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
