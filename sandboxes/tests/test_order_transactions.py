"""orderCapture and transactionVoid on an order's authorization."""

from __future__ import annotations

from typing import Any

from stockbridge_sandboxes.shopify import SandboxApp
from stockbridge_sandboxes.shopify.clock import FrozenClock

BAG = "{ shopMoney { amount currencyCode } presentmentMoney { amount currencyCode } }"
CREATE = """mutation($order: OrderCreateOrderInput!) { orderCreate(order: $order) {
  order { id transactions { id } } } }"""
CAPTURE = f"""mutation($input: OrderCaptureInput!) {{ orderCapture(input: $input) {{
  transaction {{ kind status gateway amountSet {BAG} parentTransaction {{ kind }} }}
  userErrors {{ field message }} }} }}"""
VOID = f"""mutation($id: ID!) {{ transactionVoid(parentTransactionId: $id) {{
  transaction {{ kind status amountSet {BAG} parentTransaction {{ kind status }} }}
  userErrors {{ field message code }} }} }}"""
READ = f"""query($id: ID!) {{ order(id: $id) {{ displayFinancialStatus capturable totalCapturable
  totalCapturableSet {BAG} totalOutstandingSet {BAG} totalReceivedSet {BAG} }} }}"""


def _bag(shop: str, presentment: str, shop_currency: str, other: str) -> dict[str, Any]:
    return {
        "shopMoney": {"amount": shop, "currencyCode": shop_currency},
        "presentmentMoney": {"amount": presentment, "currencyCode": other},
    }


def _authorized(app: SandboxApp, shop: str, presentment: str, other: str) -> tuple[str, str]:
    order = app.execute(
        CREATE,
        {
            "order": {
                "currency": "CAD",
                "presentmentCurrency": other,
                "lineItems": [
                    {
                        "title": "Item",
                        "quantity": 1,
                        "priceSet": _bag(shop, presentment, "CAD", other),
                    }
                ],
                "transactions": [
                    {
                        "kind": "AUTHORIZATION",
                        "status": "SUCCESS",
                        "gateway": "manual",
                        "amountSet": _bag(shop, presentment, "CAD", other),
                    }
                ],
            }
        },
    )["data"]["orderCreate"]["order"]
    return order["id"], order["transactions"][0]["id"]


def test_a_capture_takes_part_of_the_authorization_in_its_presentment_currency() -> None:
    app = SandboxApp(clock=FrozenClock())
    order_id, auth_id = _authorized(app, "20.00", "20.00", "CAD")

    answer = app.execute(
        CAPTURE, {"input": {"id": order_id, "parentTransactionId": auth_id, "amount": "5.00"}}
    )["data"]["orderCapture"]
    order = app.execute(READ, {"id": order_id})["data"]["order"]

    assert answer == {
        "transaction": {
            "kind": "CAPTURE",
            "status": "SUCCESS",
            "gateway": "manual",
            "amountSet": _bag("5.0", "5.0", "CAD", "CAD"),
            "parentTransaction": {"kind": "AUTHORIZATION"},
        },
        "userErrors": [],
    }
    assert order["displayFinancialStatus"] == "PARTIALLY_PAID"
    assert order["totalCapturable"] == "15.00"
    assert order["totalReceivedSet"] == _bag("5.0", "5.0", "CAD", "CAD")


def test_capture_checks_currency_amount_and_parent() -> None:
    app = SandboxApp(clock=FrozenClock())
    order_id, auth_id = _authorized(app, "16.99", "12.50", "USD")

    def capture(**extra: Any) -> Any:
        data = {"id": order_id, "parentTransactionId": auth_id, "amount": "5.00", **extra}
        return app.execute(CAPTURE, {"input": data})["data"]["orderCapture"]["userErrors"]

    assert capture() == [
        {"field": ["currency"], "message": "Currency Currency must match parent transaction USD"}
    ]
    assert capture(currency="CAD")[0]["field"] == ["currency"]
    assert capture(currency="USD", amount="0.00") == [
        {"field": None, "message": "Amount must be greater than zero for capture transactions"}
    ]
    assert capture(currency="USD", amount="99.99") == [
        {
            "field": None,
            "message": "Cannot capture more than the authorized 12.50 for this payment.",
        }
    ]
    assert capture(currency="USD", parentTransactionId="gid://shopify/OrderTransaction/9") == [
        {"field": None, "message": "Unable to find parent transaction"}
    ]
    assert capture(currency="USD") == []


def test_voiding_an_authorization_releases_it() -> None:
    app = SandboxApp(clock=FrozenClock())
    order_id, auth_id = _authorized(app, "25.00", "25.00", "CAD")

    answer = app.execute(VOID, {"id": auth_id})["data"]["transactionVoid"]
    order = app.execute(READ, {"id": order_id})["data"]["order"]

    assert answer == {
        "transaction": {
            "kind": "VOID",
            "status": "SUCCESS",
            "amountSet": _bag("0.0", "0.0", "CAD", "CAD"),
            "parentTransaction": {"kind": "AUTHORIZATION", "status": "SUCCESS"},
        },
        "userErrors": [],
    }
    assert order == {
        "displayFinancialStatus": "VOIDED",
        "capturable": False,
        "totalCapturable": "0.00",
        "totalCapturableSet": _bag("0.0", "0.0", "CAD", "CAD"),
        "totalOutstandingSet": _bag("25.0", "25.0", "CAD", "CAD"),
        "totalReceivedSet": _bag("0.0", "0.0", "CAD", "CAD"),
    }
