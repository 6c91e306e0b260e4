"""Shopper orders arrive by webhook: a sandbox store subscribed through the connector delivers
signed REST-shaped `orders/*`, `refunds/create` and `customers/*` webhooks to the hub's
endpoint; each is stored once, answered, and applied after the commit (immediate queue):
the order is imported once, commits its stock, follows the store's fulfilments, refunds and
cancellation, and an update that overtakes its creation reads the order first."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

import pytest

from stockbridge.inventory.models import StockLevel
from stockbridge.orders.models import Order, Refund
from stockbridge.sync.models import ChannelOrder, InboundEvent
from tests.support.shopify_stores import Stores, routed_stores

from .orders_in_shop import Shop, open_shop

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.live_nudges]

ADDRESS = {
    "firstName": "Ada",
    "lastName": "Lovelace",
    "address1": "1 Quay St",
    "city": "Leeds",
    "countryCode": "GB",
    "zip": "LS1 1AA",
}


@pytest.fixture
def stores(channel_fanout: None) -> Iterator[Stores]:
    yield from routed_stores()


@pytest.fixture
def shop(stores: Stores) -> Shop:
    return open_shop(stores.add("orders-a"))


def level(shop: Shop, sku: str) -> tuple[int, int]:
    row = StockLevel.objects.get(variant=shop.tees[sku], location=shop.wh)
    return row.on_hand, row.committed


def results(shop: Shop) -> list[tuple[str, str]]:
    return list(
        InboundEvent.objects.filter(channel=shop.channel)
        .order_by("id")
        .values_list("topic", "result")
    )


def test_a_shopper_order_is_imported_once_confirmed_paid_and_commits_stock(shop: Shop) -> None:
    placed = shop.order({"TEE-S": 2, "TEE-M": 1}, email="ada@example.com", shippingAddress=ADDRESS)

    order = Order.objects.get()
    assert (order.channel, order.external_id, order.external_name) == (
        f"shopify:{shop.channel.pk}",
        placed["id"],
        "#1001",
    )
    assert (order.status, order.financial_status, order.total, order.currency) == (
        "confirmed",
        "paid",
        Decimal("30.00"),
        "USD",
    )
    assert order.customer is not None and order.customer.email == "ada@example.com"
    assert order.shipping_address["city"] == "Leeds"
    assert [(x.sku, x.quantity, x.unit_price) for x in order.lines.all()] == [
        ("TEE-S", 2, Decimal("10.00")),
        ("TEE-M", 1, Decimal("10.00")),
    ]
    assert (level(shop, "TEE-S"), level(shop, "TEE-M")) == ((10, 2), (10, 1))
    assert results(shop)[0] == (
        "orders/create",
        f"order #1001: created (imported as {order.number} (confirmed))",
    )


def test_redelivered_webhooks_import_nothing_twice(shop: Shop) -> None:
    shop.store.control("faults", {"webhooks": {"duplicate": True}})
    shop.order({"TEE-S": 1})
    assert Order.objects.count() == 1
    assert InboundEvent.objects.filter(channel=shop.channel, topic="orders/create").count() == 1
    assert level(shop, "TEE-S") == (10, 1)


def test_an_update_that_overtakes_its_creation_reads_the_order_first(shop: Shop) -> None:
    shop.store.control("faults", {"webhooks": {"reorder": True}})
    placed = shop.order({"TEE-S": 3})
    shop.store.control("clock/advance", {"seconds": 2})
    shop.store.control(f"orders/{shop.number(placed)}/fulfil", {"number": "1Z5"})
    shop.store.control("clock/advance", {"seconds": 10})

    order = Order.objects.get()
    assert (order.status, level(shop, "TEE-S")) == ("fulfilled", (7, 0))
    assert results(shop) == [
        (
            "orders/fulfilled",
            f"order #1001: created (imported as {order.number} (confirmed); "
            f"fulfilment {order.fulfilments.get().external_id} recorded)",
        ),
        ("orders/create", "order #1001: stale (an older update: a newer one is applied)"),
    ]


def test_an_order_cancelled_before_it_arrives_is_never_imported(shop: Shop) -> None:
    shop.store.control("faults", {"webhooks": {"reorder": True}})
    placed = shop.order({"TEE-S": 3})
    shop.store.control("clock/advance", {"seconds": 2})
    shop.store.control(
        f"orders/{shop.number(placed)}/cancel", {"restock": True, "reason": "CUSTOMER"}
    )
    shop.store.control("clock/advance", {"seconds": 10})
    assert Order.objects.count() == 0
    assert level(shop, "TEE-S") == (10, 0)
    state = ChannelOrder.objects.get()
    assert (state.state, state.reason) == (
        "skipped",
        "cancelled on the channel before it was imported",
    )


def test_a_cancelled_order_releases_its_stock(shop: Shop) -> None:
    placed = shop.order({"TEE-S": 2})
    assert level(shop, "TEE-S") == (10, 2)
    shop.store.control(
        f"orders/{shop.number(placed)}/cancel", {"restock": True, "reason": "CUSTOMER"}
    )
    shop.store.control("tick")
    order = Order.objects.get()
    assert (order.status, level(shop, "TEE-S")) == ("cancelled", (10, 0))


def test_a_fulfilment_in_the_store_ships_from_the_mapped_location(shop: Shop) -> None:
    placed = shop.order({"TEE-S": 2})
    shop.store.control(
        f"orders/{shop.number(placed)}/fulfil", {"number": "1Z999", "company": "UPS"}
    )
    shop.store.control("tick")
    order = Order.objects.get()
    fulfilment = order.fulfilments.get()
    assert (order.status, fulfilment.tracking_number, fulfilment.carrier) == (
        "fulfilled",
        "1Z999",
        "UPS",
    )
    assert (fulfilment.location_id, level(shop, "TEE-S")) == (shop.wh.pk, (8, 0))


@pytest.mark.parametrize(
    ("restock", "expected"),
    [("RETURN", (10, 0)), ("NO_RESTOCK", (8, 0))],
)
def test_refunds_of_shipped_units_move_stock_per_restock_type(
    shop: Shop, restock: str, expected: tuple[int, int]
) -> None:
    placed = shop.order({"TEE-S": 2})
    number = shop.number(placed)
    shop.store.control(f"orders/{number}/fulfil", {"number": "1Z1"})
    shop.store.control("tick")
    shop.store.control(f"orders/{number}/refund", {"restockType": restock})
    shop.store.control("tick")
    refund = Refund.objects.get()
    assert (refund.amount, refund.channel) == (Decimal("20.00"), f"shopify:{shop.channel.pk}")
    assert level(shop, "TEE-S") == expected


def test_a_cancel_refund_of_unshipped_units_releases_them(shop: Shop) -> None:
    placed = shop.order({"TEE-S": 2, "TEE-M": 1})
    shop.store.control(f"orders/{shop.number(placed)}/refund", {"restockType": "CANCEL"})
    shop.store.control("tick")
    order = Order.objects.get()
    assert (order.amount_refunded, order.financial_status) == (Decimal("30.00"), "refunded")
    assert (level(shop, "TEE-S"), level(shop, "TEE-M")) == ((10, 0), (10, 0))


CUSTOMER_UPDATE = """mutation($input: CustomerInput!) {
  customerUpdate(input: $input) { userErrors { field message } }
}"""


def test_a_customer_changed_in_the_store_is_brought_up_to_date(shop: Shop) -> None:
    placed = shop.order({"TEE-S": 1}, email="ada@example.com")
    order = Order.objects.get()
    assert order.customer is not None
    assert (order.customer.channel, order.customer.email) == (
        f"shopify:{shop.channel.pk}",
        "ada@example.com",
    )
    remote_customer = shop.store.gql(
        "query($id: ID!) { order(id: $id) { customer { id } } }", {"id": placed["id"]}
    )["order"]["customer"]["id"]
    answer = shop.store.gql(
        CUSTOMER_UPDATE, {"input": {"id": remote_customer, "firstName": "Ada", "lastName": "L"}}
    )
    assert answer["customerUpdate"]["userErrors"] == []
    shop.store.control("tick")
    order.customer.refresh_from_db()
    assert (order.customer.first_name, order.customer.last_name) == ("Ada", "L")
    assert results(shop)[-1] == ("customers/update", "customer updated")
