"""orderCreateManualPayment: a manual payment of an order's balance; an `amount` needs Shopify
Plus (ACCESS_DENIED otherwise) and pays part of the balance."""

from __future__ import annotations

from typing import Any

from stockbridge_sandboxes.shopify import SandboxApp
from stockbridge_sandboxes.shopify.clock import FrozenClock

BAG = "{ shopMoney { amount currencyCode } presentmentMoney { amount currencyCode } }"
PAY = f"""mutation($id: ID!, $amount: MoneyInput, $name: String, $at: DateTime) {{
  orderCreateManualPayment(id: $id, amount: $amount, paymentMethodName: $name,
    processedAt: $at) {{
    order {{ displayFinancialStatus paymentGatewayNames totalOutstandingSet {BAG}
      totalReceivedSet {BAG} transactions {{ kind status gateway processedAt amountSet {BAG} }} }}
    userErrors {{ field message code }} }} }}"""
CREATE = """mutation($order: OrderCreateOrderInput!) { orderCreate(order: $order) {
  order { id } } }"""


def _usd(amount: str) -> dict[str, Any]:
    return {
        "shopMoney": {"amount": amount, "currencyCode": "USD"},
        "presentmentMoney": {"amount": amount, "currencyCode": "USD"},
    }


def _app_with_order(plus: bool = False) -> tuple[SandboxApp, str]:
    app = SandboxApp(clock=FrozenClock())
    if plus:
        app.store.put(
            "gid://shopify/Shop/1", {"currencyCode": "USD", "plan": {"shopifyPlus": True}}
        )
    line = {
        "title": "Item",
        "quantity": 1,
        "priceSet": {"shopMoney": {"amount": "19.00", "currencyCode": "USD"}},
    }
    order = app.execute(CREATE, {"order": {"currency": "USD", "lineItems": [line]}})
    return app, order["data"]["orderCreate"]["order"]["id"]


def test_a_manual_payment_pays_the_whole_balance() -> None:
    app, order_id = _app_with_order()

    answer = app.execute(PAY, {"id": order_id, "at": "2026-05-28T19:00:00.344+01:00"})["data"][
        "orderCreateManualPayment"
    ]

    assert answer["userErrors"] == []
    assert answer["order"] == {
        "displayFinancialStatus": "PAID",
        "paymentGatewayNames": ["manual"],
        "totalOutstandingSet": _usd("0.0"),
        "totalReceivedSet": _usd("19.0"),
        "transactions": [
            {
                "kind": "SALE",
                "status": "SUCCESS",
                "gateway": "manual",
                "processedAt": "2026-05-28T18:00:00Z",
                "amountSet": _usd("19.0"),
            }
        ],
    }


def test_an_amount_is_denied_outside_shopify_plus() -> None:
    app, order_id = _app_with_order()

    answer = app.execute(PAY, {"id": order_id, "amount": {"amount": "8.00", "currencyCode": "USD"}})

    assert answer["data"] == {"orderCreateManualPayment": None}
    error = answer["errors"][0]
    assert error["extensions"]["code"] == "ACCESS_DENIED"
    assert error["message"] == (
        "Access denied for orderCreateManualPayment field. Required access: `write_orders` "
        "access scope. Also: The user must have mark_orders_as_paid permission. The API client "
        "must be installed on a Shopify Plus store to use the amount field."
    )
    assert error["path"] == ["orderCreateManualPayment"]


def test_on_shopify_plus_an_amount_pays_part_of_the_balance() -> None:
    app, order_id = _app_with_order(plus=True)

    part = app.execute(
        PAY, {"id": order_id, "amount": {"amount": "8.00", "currencyCode": "USD"}, "name": "Cash"}
    )["data"]["orderCreateManualPayment"]
    too_much = app.execute(
        PAY, {"id": order_id, "amount": {"amount": "12.00", "currencyCode": "USD"}}
    )["data"]["orderCreateManualPayment"]
    wrong_currency = app.execute(
        PAY, {"id": order_id, "amount": {"amount": "1.00", "currencyCode": "EUR"}}
    )["data"]["orderCreateManualPayment"]

    assert part["userErrors"] == []
    assert part["order"]["displayFinancialStatus"] == "PARTIALLY_PAID"
    assert part["order"]["paymentGatewayNames"] == ["Cash"]
    assert part["order"]["totalOutstandingSet"] == _usd("11.0")
    assert too_much["userErrors"] == [
        {
            "field": ["amount"],
            "message": "Amount exceeds the remaining balance.",
            "code": "AMOUNT_EXCEEDS_BALANCE",
        }
    ]
    assert wrong_currency["userErrors"][0]["code"] == "CURRENCY_MISMATCH"


def test_unknown_orders_and_future_times_are_refused() -> None:
    app, order_id = _app_with_order()

    unknown = app.execute(PAY, {"id": "gid://shopify/Order/999"})["data"]
    future = app.execute(PAY, {"id": order_id, "at": "2099-01-01T00:00:00Z"})["data"]

    assert unknown["orderCreateManualPayment"]["userErrors"] == [
        {"field": ["id"], "message": "Order is not found.", "code": "ORDER_NOT_FOUND"}
    ]
    assert future["orderCreateManualPayment"]["userErrors"][0]["code"] == "PROCESSED_AT_INVALID"
