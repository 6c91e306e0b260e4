"""Order-edit shipping lines: added lines are ADDED (and can be updated or dropped), the
order's own lines are NONE and become REMOVED; totals follow, and a commit applies them."""

from __future__ import annotations

from typing import Any

from stockbridge_sandboxes.shopify import SandboxApp
from stockbridge_sandboxes.shopify.clock import FrozenClock

BAG = "{ shopMoney { amount currencyCode } }"
LINES = f"shippingLines {{ id title stagedStatus price {BAG} }}"
CREATE = """mutation($order: OrderCreateOrderInput!) { orderCreate(order: $order) {
  order { id } userErrors { field message } } }"""
BEGIN = f"""mutation($id: ID!) {{ orderEditBegin(id: $id) {{ calculatedOrder {{ id
  totalPriceSet {BAG} {LINES} }} }} }}"""
ADD = f"""mutation($id: ID!, $line: OrderEditAddShippingLineInput!) {{
  orderEditAddShippingLine(id: $id, shippingLine: $line) {{
  calculatedOrder {{ totalPriceSet {BAG} }} calculatedShippingLine {{ id title stagedStatus }}
  userErrors {{ field message code }} }} }}"""
UPDATE = f"""mutation($id: ID!, $sid: ID!, $line: OrderEditUpdateShippingLineInput!) {{
  orderEditUpdateShippingLine(id: $id, shippingLineId: $sid, shippingLine: $line) {{
  calculatedOrder {{ totalPriceSet {BAG} {LINES} }} userErrors {{ field message code }} }} }}"""
REMOVE = f"""mutation($id: ID!, $sid: ID!) {{
  orderEditRemoveShippingLine(id: $id, shippingLineId: $sid) {{
  calculatedOrder {{ totalPriceSet {BAG} {LINES} }} userErrors {{ field message code }} }} }}"""
COMMIT = f"""mutation($id: ID!) {{ orderEditCommit(id: $id) {{ order {{ currentTotalPriceSet {BAG}
  totalShippingPriceSet {BAG} shippingLines(first: 5) {{ nodes {{ title }} }} }}
  userErrors {{ field message }} }} }}"""


def _cad(amount: str) -> dict[str, Any]:
    return {"shopMoney": {"amount": amount, "currencyCode": "CAD"}}


def _price(amount: str) -> dict[str, str]:
    return {"amount": amount, "currencyCode": "CAD"}


def _begin(app: SandboxApp) -> dict[str, Any]:
    order = {
        "currency": "CAD",
        "lineItems": [{"title": "Mug", "quantity": 1, "priceSet": _cad("10.00")}],
        "shippingLines": [{"title": "Post", "priceSet": _cad("5.00")}],
    }
    order_id = app.execute(CREATE, {"order": order}, version="2026-04")["data"]["orderCreate"][
        "order"
    ]["id"]
    answer = app.execute(BEGIN, {"id": order_id}, version="2026-04")
    return dict(answer["data"]["orderEditBegin"]["calculatedOrder"])


def _run(app: SandboxApp, doc: str, **variables: Any) -> Any:
    answer = app.execute(doc, variables, version="2026-04")["data"]
    return next(iter(answer.values()))


def test_shipping_lines_are_staged_updated_and_removed() -> None:
    app = SandboxApp(clock=FrozenClock())
    calc = _begin(app)
    [own] = calc["shippingLines"]
    assert calc["totalPriceSet"] == _cad("15.0")
    assert (own["title"], own["stagedStatus"], own["price"]) == ("Post", "NONE", _cad("5.0"))

    added = _run(app, ADD, id=calc["id"], line={"title": "Ground", "price": _price("4.00")})
    assert added["userErrors"] == []
    assert added["calculatedShippingLine"]["stagedStatus"] == "ADDED"
    assert added["calculatedOrder"]["totalPriceSet"] == _cad("19.0")
    sid = added["calculatedShippingLine"]["id"]

    updated = _run(
        app, UPDATE, id=calc["id"], sid=sid, line={"title": "Express", "price": _price("6.00")}
    )
    assert updated["calculatedOrder"]["totalPriceSet"] == _cad("21.0")
    assert [
        (x["title"], x["stagedStatus"]) for x in updated["calculatedOrder"]["shippingLines"]
    ] == [
        ("Post", "NONE"),
        ("Express", "ADDED"),
    ]
    cannot = _run(app, UPDATE, id=calc["id"], sid=own["id"], line={"title": "Other"})
    assert cannot["userErrors"] == [
        {
            "field": ["shippingLineId"],
            "message": "The shipping line does not exist on the order.",
            "code": "INVALID",
        }
    ]

    dropped = _run(app, REMOVE, id=calc["id"], sid=own["id"])
    assert dropped["calculatedOrder"]["totalPriceSet"] == _cad("16.0")
    assert [x["stagedStatus"] for x in dropped["calculatedOrder"]["shippingLines"]] == [
        "REMOVED",
        "ADDED",
    ]

    committed = _run(app, COMMIT, id=calc["id"])
    assert committed == {
        "order": {
            "currentTotalPriceSet": _cad("16.0"),
            "totalShippingPriceSet": _cad("6.0"),
            "shippingLines": {"nodes": [{"title": "Express"}]},
        },
        "userErrors": [],
    }


def test_removing_an_added_shipping_line_drops_it() -> None:
    app = SandboxApp(clock=FrozenClock())
    calc = _begin(app)
    added = _run(app, ADD, id=calc["id"], line={"title": "Ground", "price": _price("4.00")})

    removed = _run(app, REMOVE, id=calc["id"], sid=added["calculatedShippingLine"]["id"])

    assert removed["calculatedOrder"]["totalPriceSet"] == _cad("15.0")
    assert [x["stagedStatus"] for x in removed["calculatedOrder"]["shippingLines"]] == ["NONE"]
