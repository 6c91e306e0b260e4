"""orderEditAddCustomItem: title, quantity and price checks (in the order's currency); a
committed custom item raises the order's totals and leaves a paid order partially paid."""

from __future__ import annotations

from typing import Any

from stockbridge_sandboxes.shopify import SandboxApp
from stockbridge_sandboxes.shopify.clock import FrozenClock

BAG = "{ shopMoney { amount currencyCode } }"
CREATE = """mutation($order: OrderCreateOrderInput!) { orderCreate(order: $order) {
  order { id } userErrors { field message } } }"""
BEGIN = """mutation($id: ID!) { orderEditBegin(id: $id) { calculatedOrder { id } } }"""
ADD = f"""mutation($id: ID!, $title: String!, $qty: Int!, $price: MoneyInput!) {{
  orderEditAddCustomItem(id: $id, title: $title, quantity: $qty, price: $price) {{
  calculatedOrder {{ subtotalLineItemsQuantity subtotalPriceSet {BAG} totalPriceSet {BAG} }}
  calculatedLineItem {{ title quantity variant {{ id }} originalUnitPriceSet {BAG}
    discountedUnitPriceSet {BAG} }}
  userErrors {{ field message }} }} }}"""
COMMIT = f"""mutation($id: ID!) {{ orderEditCommit(id: $id) {{ order {{ displayFinancialStatus
  totalOutstandingSet {BAG} totalPriceSet {BAG} currentTotalPriceSet {BAG} }}
  userErrors {{ field message }} }} }}"""


def _cad(amount: str) -> dict[str, Any]:
    return {"shopMoney": {"amount": amount, "currencyCode": "CAD"}}


def _begin(app: SandboxApp) -> str:
    line = {"title": "Mug", "quantity": 1, "priceSet": _cad("10.00")}
    order = {"currency": "CAD", "financialStatus": "PAID", "lineItems": [line]}
    order_id = app.execute(CREATE, {"order": order}, version="2026-04")["data"]["orderCreate"][
        "order"
    ]["id"]
    answer = app.execute(BEGIN, {"id": order_id}, version="2026-04")
    return str(answer["data"]["orderEditBegin"]["calculatedOrder"]["id"])


def _add(
    app: SandboxApp, calc_id: str, title: str, qty: int, amount: str, code: str = "CAD"
) -> Any:
    price = {"amount": amount, "currencyCode": code}
    variables = {"id": calc_id, "title": title, "qty": qty, "price": price}
    return app.execute(ADD, variables, version="2026-04")["data"]["orderEditAddCustomItem"]


def test_custom_item_checks() -> None:
    app = SandboxApp(clock=FrozenClock())
    calc_id = _begin(app)

    def errors(*args: Any) -> Any:
        return _add(app, calc_id, *args)["userErrors"]

    assert errors("", 1, "1.00") == [{"field": ["title"], "message": "can't be blank"}]
    assert errors("x" * 256, 1, "1.00") == [
        {"field": ["title"], "message": "is too long (maximum is 255 characters)"}
    ]
    assert errors("Zero", 0, "1.00") == [
        {"field": ["quantity"], "message": "must be greater than 0"}
    ]
    assert errors("Minus", -1, "1.00") == [
        {"field": ["quantity"], "message": "must be greater than 0"}
    ]
    assert errors("Negative", 1, "-5.00") == [
        {"field": ["price", "amount"], "message": "must be greater than or equal to 0"}
    ]
    assert errors("Dollars", 1, "1.00", "USD") == [
        {"field": ["price", "amount"], "message": "Currency must be CAD."}
    ]


def test_a_committed_custom_item_leaves_a_paid_order_partially_paid() -> None:
    app = SandboxApp(clock=FrozenClock())
    calc_id = _begin(app)

    added = _add(app, calc_id, "Gift wrap", 2, "2.50")

    assert added["userErrors"] == []
    assert added["calculatedLineItem"] == {
        "title": "Gift wrap",
        "quantity": 2,
        "variant": None,
        "originalUnitPriceSet": _cad("2.5"),
        "discountedUnitPriceSet": _cad("2.5"),
    }
    assert added["calculatedOrder"] == {
        "subtotalLineItemsQuantity": 3,
        "subtotalPriceSet": _cad("15.0"),
        "totalPriceSet": _cad("15.0"),
    }
    committed = app.execute(COMMIT, {"id": calc_id}, version="2026-04")["data"]["orderEditCommit"]
    assert committed == {
        "order": {
            "displayFinancialStatus": "PARTIALLY_PAID",
            "totalOutstandingSet": _cad("5.0"),
            "totalPriceSet": _cad("15.0"),
            "currentTotalPriceSet": _cad("15.0"),
        },
        "userErrors": [],
    }
