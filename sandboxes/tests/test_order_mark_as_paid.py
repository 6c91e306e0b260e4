"""orderMarkAsPaid records a manual sale of the outstanding amount; an order created as PAID
without payments records that sale itself."""

from __future__ import annotations

from typing import Any

from stockbridge_sandboxes.shopify import SandboxApp
from stockbridge_sandboxes.shopify.clock import FrozenClock

BAG = "{ shopMoney { amount currencyCode } presentmentMoney { amount currencyCode } }"
ORDER = f"""id displayFinancialStatus paymentGatewayNames totalOutstandingSet {BAG}
  totalReceivedSet {BAG} transactions {{ kind status gateway amountSet {BAG} }}"""
MARK = f"""mutation($input: OrderMarkAsPaidInput!) {{ orderMarkAsPaid(input: $input) {{
  order {{ {ORDER} }} userErrors {{ field message }} }} }}"""
CREATE = f"""mutation($order: OrderCreateOrderInput!) {{ orderCreate(order: $order) {{
  order {{ {ORDER} }} userErrors {{ field message }} }} }}"""


def _bag(shop: str, presentment: str, shop_currency: str, other: str) -> dict[str, Any]:
    return {
        "shopMoney": {"amount": shop, "currencyCode": shop_currency},
        "presentmentMoney": {"amount": presentment, "currencyCode": other},
    }


def _order(**extra: Any) -> dict[str, Any]:
    return {
        "currency": "CAD",
        "presentmentCurrency": "USD",
        "lineItems": [
            {"title": "Item", "quantity": 1, "priceSet": _bag("17.01", "12.50", "CAD", "USD")}
        ],
        **extra,
    }


def test_marking_as_paid_records_a_manual_sale_of_the_outstanding_amount() -> None:
    app = SandboxApp(clock=FrozenClock())
    created = app.execute(CREATE, {"order": _order()})["data"]["orderCreate"]["order"]
    assert created["displayFinancialStatus"] is None

    marked = app.execute(MARK, {"input": {"id": created["id"]}})["data"]["orderMarkAsPaid"]

    assert marked["userErrors"] == []
    order = marked["order"]
    assert order["displayFinancialStatus"] == "PAID"
    assert order["paymentGatewayNames"] == ["manual"]
    assert order["totalOutstandingSet"] == _bag("0.0", "0.0", "CAD", "USD")
    assert order["totalReceivedSet"] == _bag("17.01", "12.5", "CAD", "USD")
    assert order["transactions"] == [
        {
            "kind": "SALE",
            "status": "SUCCESS",
            "gateway": "manual",
            "amountSet": _bag("17.01", "12.5", "CAD", "USD"),
        }
    ]


def test_an_order_with_nothing_outstanding_cannot_be_marked_as_paid() -> None:
    app = SandboxApp(clock=FrozenClock())
    created = app.execute(CREATE, {"order": _order()})["data"]["orderCreate"]["order"]
    app.execute(MARK, {"input": {"id": created["id"]}})

    again = app.execute(MARK, {"input": {"id": created["id"]}})["data"]["orderMarkAsPaid"]

    assert again["userErrors"] == [{"field": ["id"], "message": "Order cannot be marked as paid."}]
    assert again["order"]["id"] == created["id"]
    assert len(again["order"]["transactions"]) == 1


def test_an_unknown_order_does_not_exist() -> None:
    app = SandboxApp(clock=FrozenClock())

    answer = app.execute(MARK, {"input": {"id": "gid://shopify/Order/999"}})

    assert answer["data"]["orderMarkAsPaid"] == {
        "order": None,
        "userErrors": [{"field": ["id"], "message": "Order does not exist"}],
    }


def test_an_order_created_as_paid_records_a_manual_sale_of_its_total() -> None:
    app = SandboxApp(clock=FrozenClock())

    order = app.execute(CREATE, {"order": _order(financialStatus="PAID")})["data"]["orderCreate"][
        "order"
    ]

    assert order["displayFinancialStatus"] == "PAID"
    assert order["paymentGatewayNames"] == ["manual"]
    assert order["totalOutstandingSet"] == _bag("0.0", "0.0", "CAD", "USD")
    assert order["transactions"] == [
        {
            "kind": "SALE",
            "status": "SUCCESS",
            "gateway": "manual",
            "amountSet": _bag("17.01", "12.5", "CAD", "USD"),
        }
    ]
    marked = app.execute(MARK, {"input": {"id": order["id"]}})["data"]["orderMarkAsPaid"]
    assert marked["userErrors"] == [{"field": ["id"], "message": "Order cannot be marked as paid."}]
