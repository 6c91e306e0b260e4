"""refundCreate in the order's presentment currency: the refund's presentment side is the
amount given, its shop side converted at the order's own shop/presentment ratio."""

from __future__ import annotations

from stockbridge_sandboxes.shopify import SandboxApp
from stockbridge_sandboxes.shopify.clock import FrozenClock

BAG = "{ shopMoney { amount currencyCode } presentmentMoney { amount currencyCode } }"
CREATE = """mutation($order: OrderCreateOrderInput!) { orderCreate(order: $order) {
  order { id } userErrors { field message } } }"""
REFUND = f"""mutation($input: RefundInput!) {{ refundCreate(input: $input) {{
  refund {{ totalRefundedSet {BAG} }} order {{ totalRefundedSet {BAG} }}
  userErrors {{ field message }} }} }}"""


def test_a_refund_in_the_presentment_currency_keeps_that_currency() -> None:
    app = SandboxApp(clock=FrozenClock())
    price = {
        "shopMoney": {"amount": "15.00", "currencyCode": "CAD"},
        "presentmentMoney": {"amount": "10.00", "currencyCode": "USD"},
    }
    order = {
        "currency": "CAD",
        "presentmentCurrency": "USD",
        "financialStatus": "PAID",
        "lineItems": [{"title": "Mug", "quantity": 1, "priceSet": price}],
    }
    order_id = app.execute(CREATE, {"order": order})["data"]["orderCreate"]["order"]["id"]
    refund = {
        "orderId": order_id,
        "currency": "USD",
        "transactions": [
            {"amount": "4.00", "gateway": "manual", "kind": "REFUND", "orderId": order_id}
        ],
    }

    answer = app.execute(REFUND, {"input": refund}, version="2026-01")["data"]["refundCreate"]

    expected = {
        "shopMoney": {"amount": "6.0", "currencyCode": "CAD"},
        "presentmentMoney": {"amount": "4.0", "currencyCode": "USD"},
    }
    assert answer["userErrors"] == []
    assert answer["refund"]["totalRefundedSet"] == expected
    assert answer["order"]["totalRefundedSet"] == expected
