"""orderEditAddLineItemDiscount takes a percentage or a fixed amount off each unit of a
staged line; orderEditRemoveDiscount restores it; a committed discount prices the line."""

from __future__ import annotations

from typing import Any

from stockbridge_sandboxes.shopify import SandboxApp
from stockbridge_sandboxes.shopify.clock import FrozenClock

BAG = "{ shopMoney { amount currencyCode } }"
CREATE = """mutation($order: OrderCreateOrderInput!) { orderCreate(order: $order) {
  order { id } userErrors { field message } } }"""
BEGIN = """mutation($id: ID!) { orderEditBegin(id: $id) { calculatedOrder { id
  lineItems(first: 5) { nodes { id } } } } }"""
DISCOUNT = f"""mutation($id: ID!, $line: ID!, $discount: OrderEditAppliedDiscountInput!) {{
  orderEditAddLineItemDiscount(id: $id, lineItemId: $line, discount: $discount) {{
  addedDiscountStagedChange {{ description value {{ __typename }} }}
  calculatedOrder {{ totalPriceSet {BAG} }}
  calculatedLineItem {{ hasStagedLineItemDiscount discountedUnitPriceSet {BAG}
    calculatedDiscountAllocations {{ allocatedAmountSet {BAG}
      discountApplication {{ id description allocationMethod targetType
        value {{ ... on PricingPercentageValue {{ percentage }} ... on MoneyV2 {{ amount }} }} }} }} }}
  userErrors {{ field message }} }} }}"""
REMOVE = f"""mutation($id: ID!, $app: ID!) {{
  orderEditRemoveDiscount(id: $id, discountApplicationId: $app) {{
  calculatedOrder {{ totalPriceSet {BAG} lineItems(first: 5) {{ nodes {{
    hasStagedLineItemDiscount discountedUnitPriceSet {BAG} }} }} }}
  userErrors {{ field message code }} }} }}"""
SET = """mutation($id: ID!, $line: ID!, $qty: Int!) { orderEditSetQuantity(id: $id,
  lineItemId: $line, quantity: $qty) { calculatedLineItem { calculatedDiscountAllocations {
  allocatedAmountSet { shopMoney { amount } } } } } }"""
COMMIT = f"""mutation($id: ID!) {{ orderEditCommit(id: $id) {{ order {{ currentTotalPriceSet {BAG}
  lineItems(first: 5) {{ nodes {{ discountedUnitPriceSet {BAG} }} }} }}
  userErrors {{ field message }} }} }}"""


def _cad(amount: str) -> dict[str, Any]:
    return {"shopMoney": {"amount": amount, "currencyCode": "CAD"}}


def _begin(app: SandboxApp) -> tuple[str, str]:
    line = {"title": "Board", "quantity": 2, "priceSet": _cad("100.00")}
    order = {"currency": "CAD", "lineItems": [line]}
    order_id = app.execute(CREATE, {"order": order}, version="2026-04")["data"]["orderCreate"][
        "order"
    ]["id"]
    calc = app.execute(BEGIN, {"id": order_id}, version="2026-04")["data"]["orderEditBegin"][
        "calculatedOrder"
    ]
    return calc["id"], calc["lineItems"]["nodes"][0]["id"]


def _discount(app: SandboxApp, calc_id: str, line_id: str, discount: dict[str, Any]) -> Any:
    variables = {"id": calc_id, "line": line_id, "discount": discount}
    return app.execute(DISCOUNT, variables, version="2026-04")["data"][
        "orderEditAddLineItemDiscount"
    ]


def test_a_percentage_comes_off_each_unit() -> None:
    app = SandboxApp(clock=FrozenClock())
    calc_id, line_id = _begin(app)

    added = _discount(app, calc_id, line_id, {"description": "Ten off", "percentValue": 10})

    assert added["userErrors"] == []
    assert added["addedDiscountStagedChange"] == {
        "description": "Ten off",
        "value": {"__typename": "PricingPercentageValue"},
    }
    assert added["calculatedOrder"]["totalPriceSet"] == _cad("180.0")
    line = added["calculatedLineItem"]
    assert line["hasStagedLineItemDiscount"] is True
    assert line["discountedUnitPriceSet"] == _cad("90.0")
    [allocation] = line["calculatedDiscountAllocations"]
    assert allocation["allocatedAmountSet"] == _cad("20.0")
    application = allocation["discountApplication"]
    assert application["id"].startswith("gid://shopify/CalculatedManualDiscountApplication/")
    assert {k: v for k, v in application.items() if k != "id"} == {
        "description": "Ten off",
        "allocationMethod": "EACH",
        "targetType": "LINE_ITEM",
        "value": {"percentage": 10.0},
    }
    rescaled = app.execute(SET, {"id": calc_id, "line": line_id, "qty": 3}, version="2026-04")
    allocations = rescaled["data"]["orderEditSetQuantity"]["calculatedLineItem"][
        "calculatedDiscountAllocations"
    ]
    assert allocations == [{"allocatedAmountSet": {"shopMoney": {"amount": "30.0"}}}]


def test_a_fixed_amount_comes_off_each_unit_and_removing_it_restores_the_price() -> None:
    app = SandboxApp(clock=FrozenClock())
    calc_id, line_id = _begin(app)
    fixed = {"amount": "15.00", "currencyCode": "CAD"}

    added = _discount(app, calc_id, line_id, {"description": "Fifteen", "fixedValue": fixed})

    assert added["calculatedLineItem"]["discountedUnitPriceSet"] == _cad("85.0")
    assert added["calculatedOrder"]["totalPriceSet"] == _cad("170.0")
    application = added["calculatedLineItem"]["calculatedDiscountAllocations"][0][
        "discountApplication"
    ]
    assert application["value"] == {"amount": "15.0"}
    removed = app.execute(REMOVE, {"id": calc_id, "app": application["id"]}, version="2026-04")[
        "data"
    ]["orderEditRemoveDiscount"]
    assert removed["userErrors"] == []
    assert removed["calculatedOrder"] == {
        "totalPriceSet": _cad("200.0"),
        "lineItems": {
            "nodes": [{"hasStagedLineItemDiscount": False, "discountedUnitPriceSet": _cad("100.0")}]
        },
    }
    again = app.execute(REMOVE, {"id": calc_id, "app": application["id"]}, version="2026-04")
    assert again["data"]["orderEditRemoveDiscount"]["userErrors"] == [
        {
            "field": ["discountApplicationId"],
            "message": "The discount application does not exist.",
            "code": "INVALID",
        }
    ]


def test_discount_checks_and_commit() -> None:
    app = SandboxApp(clock=FrozenClock())
    calc_id, line_id = _begin(app)

    unknown = _discount(app, calc_id, "gid://shopify/CalculatedLineItem/404", {"percentValue": 5})
    dollars = _discount(
        app, calc_id, line_id, {"fixedValue": {"amount": "1.00", "currencyCode": "USD"}}
    )
    _discount(app, calc_id, line_id, {"percentValue": 50})
    committed = app.execute(COMMIT, {"id": calc_id}, version="2026-04")["data"]["orderEditCommit"]

    assert unknown["userErrors"] == [
        {"field": ["id"], "message": "The line item does not exist on the order."}
    ]
    assert dollars["userErrors"] == [
        {"field": ["discount", "fixedValue", "amount"], "message": "Currency must be CAD."}
    ]
    assert committed == {
        "order": {
            "currentTotalPriceSet": _cad("100.0"),
            "lineItems": {"nodes": [{"discountedUnitPriceSet": _cad("50.0")}]},
        },
        "userErrors": [],
    }
