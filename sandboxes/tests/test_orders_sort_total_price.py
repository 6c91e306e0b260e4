"""orders(sortKey: TOTAL_PRICE): by the order's total price (its shop amount)."""

from __future__ import annotations

from stockbridge_sandboxes.shopify import SandboxApp
from stockbridge_sandboxes.shopify.clock import FrozenClock

CREATE = """mutation($order: OrderCreateOrderInput!) { orderCreate(order: $order) {
  order { id } userErrors { field message } } }"""
ORDERS = """query($reverse: Boolean) { orders(first: 5, sortKey: TOTAL_PRICE, reverse: $reverse) {
  nodes { totalPriceSet { shopMoney { amount } } } } }"""


def test_orders_sort_by_their_total_price() -> None:
    app = SandboxApp(clock=FrozenClock())
    for price in ("30.00", "9.50", "120.00"):
        line = {
            "title": "Item",
            "quantity": 1,
            "priceSet": {"shopMoney": {"amount": price, "currencyCode": "USD"}},
        }
        made = app.execute(CREATE, {"order": {"lineItems": [line]}})
        assert made["data"]["orderCreate"]["userErrors"] == []

    ascending = app.execute(ORDERS, {"reverse": False})["data"]["orders"]["nodes"]
    descending = app.execute(ORDERS, {"reverse": True})["data"]["orders"]["nodes"]

    amounts = [n["totalPriceSet"]["shopMoney"]["amount"] for n in ascending]
    assert amounts == ["9.5", "30.0", "120.0"]
    assert [n["totalPriceSet"]["shopMoney"]["amount"] for n in descending] == amounts[::-1]
