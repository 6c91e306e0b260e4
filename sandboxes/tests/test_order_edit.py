"""Order editing: orderEditBegin stages a calculated order, orderEditSetQuantity changes only
that copy, and orderEditCommit applies it to the order, its stock and its totals."""

from __future__ import annotations

from typing import Any

from stockbridge_sandboxes.shopify import SandboxApp
from stockbridge_sandboxes.shopify.clock import FrozenClock
from stockbridge_sandboxes.shopify.resolvers.inventory import level_for, quantity
from stockbridge_sandboxes.shopify.resolvers.products import default_location
from stockbridge_sandboxes.shopify.seed import seed_sample

BAG = "{ shopMoney { amount currencyCode } presentmentMoney { amount currencyCode } }"
CREATE = """mutation($order: OrderCreateOrderInput!, $options: OrderCreateOptionsInput) {
  orderCreate(order: $order, options: $options) { order { id name lineItems(first: 5) {
  nodes { id } } } userErrors { field message } } }"""
BEGIN = f"""mutation($id: ID!) {{ orderEditBegin(id: $id) {{
  calculatedOrder {{ id originalOrder {{ id }} subtotalLineItemsQuantity totalPriceSet {BAG}
    lineItems(first: 5) {{ nodes {{ id title quantity editableQuantity }} }}
    addedLineItems(first: 5) {{ nodes {{ id }} }} }}
  orderEditSession {{ id }} userErrors {{ field message }} }} }}"""
SET = f"""mutation($id: ID!, $line: ID!, $qty: Int!, $restock: Boolean) {{
  orderEditSetQuantity(id: $id, lineItemId: $line, quantity: $qty, restock: $restock) {{
  calculatedOrder {{ id subtotalLineItemsQuantity totalPriceSet {BAG} totalOutstandingSet {BAG} }}
  calculatedLineItem {{ quantity restocking editableQuantityBeforeChanges }}
  userErrors {{ field message }} }} }}"""
COMMIT = f"""mutation($id: ID!, $notify: Boolean) {{
  orderEditCommit(id: $id, notifyCustomer: $notify, staffNote: "edit") {{
  order {{ id closed currentSubtotalLineItemsQuantity currentTotalPriceSet {BAG}
    totalOutstandingSet {BAG} lineItems(first: 5) {{ nodes {{ quantity currentQuantity }} }} }}
  successMessages userErrors {{ field message }} }} }}"""
CANCEL = """mutation($id: ID!) { orderCancel(orderId: $id, reason: CUSTOMER, restock: false,
  refund: false) { orderCancelUserErrors { message } } }"""
CLOSE = """mutation($id: ID!) { orderClose(input: {id: $id}) { userErrors { message } } }"""


def _cad(amount: str) -> dict[str, Any]:
    side = {"amount": amount, "currencyCode": "CAD"}
    return {"shopMoney": side, "presentmentMoney": side}


def _create(app: SandboxApp, status: str = "PAID", **line: Any) -> dict[str, Any]:
    row = {
        "title": "Mug",
        "quantity": 2,
        "priceSet": {"shopMoney": {"amount": "10.00", "currencyCode": "CAD"}},
        **line,
    }
    order = {"currency": "CAD", "financialStatus": status, "lineItems": [row]}
    options = {"inventoryBehaviour": "DECREMENT_IGNORING_POLICY"}
    answer = app.execute(CREATE, {"order": order, "options": options}, version="2026-04")
    return dict(answer["data"]["orderCreate"]["order"])


def _begin(app: SandboxApp, order_id: str) -> dict[str, Any]:
    answer = app.execute(BEGIN, {"id": order_id}, version="2026-04")
    return dict(answer["data"]["orderEditBegin"])


def test_begin_stages_the_current_lines_under_their_own_numbers() -> None:
    app = SandboxApp(clock=FrozenClock())
    order = _create(app)

    begun = _begin(app, order["id"])

    calc = begun["calculatedOrder"]
    line_number = order["lineItems"]["nodes"][0]["id"].rsplit("/", 1)[1]
    assert begun["userErrors"] == []
    assert calc["originalOrder"] == {"id": order["id"]}
    assert calc["lineItems"]["nodes"] == [
        {
            "id": f"gid://shopify/CalculatedLineItem/{line_number}",
            "title": "Mug",
            "quantity": 2,
            "editableQuantity": 2,
        }
    ]
    assert calc["addedLineItems"]["nodes"] == []
    assert calc["subtotalLineItemsQuantity"] == 2
    assert calc["totalPriceSet"] == _cad("20.0")
    assert begun["orderEditSession"]["id"].rsplit("/", 1)[1] == calc["id"].rsplit("/", 1)[1]


def test_begin_refuses_unknown_and_cancelled_orders() -> None:
    app = SandboxApp(clock=FrozenClock())
    order = _create(app)
    app.execute(CANCEL, {"id": order["id"]}, version="2026-04")

    unknown = _begin(app, "gid://shopify/Order/404")
    cancelled = _begin(app, order["id"])

    assert unknown["calculatedOrder"] is None
    assert unknown["userErrors"] == [{"field": ["id"], "message": "The order does not exist."}]
    assert cancelled["userErrors"] == [{"field": None, "message": "The order cannot be edited."}]


def test_set_quantity_checks_the_calculated_order_the_line_and_the_quantity() -> None:
    app = SandboxApp(clock=FrozenClock())
    calc = _begin(app, _create(app)["id"])["calculatedOrder"]
    line = calc["lineItems"]["nodes"][0]["id"]

    def errors(**variables: Any) -> Any:
        answer = app.execute(SET, {"restock": None, **variables}, version="2026-04")
        return answer["data"]["orderEditSetQuantity"]["userErrors"]

    assert errors(id="gid://shopify/CalculatedOrder/404", line=line, qty=1) == [
        {"field": ["id"], "message": "The calculated order does not exist."}
    ]
    assert errors(id=calc["id"], line="gid://shopify/CalculatedLineItem/404", qty=1) == [
        {"field": ["lineItemId"], "message": "The line item does not exist on the order."}
    ]
    assert errors(id=calc["id"], line=line, qty=-1) == [
        {"field": ["quantity"], "message": "must be greater than or equal to 0"}
    ]


def test_commit_applies_a_removal_to_the_order_its_stock_and_its_totals() -> None:
    app = SandboxApp(clock=FrozenClock())
    variant = seed_sample(app.store)[0]["variants"][0]
    variant_obj = app.store.get(variant["__ref"]) if "__ref" in variant else variant
    item = app.store.deref(variant_obj["inventoryItem"])
    level = level_for(app.store, item, default_location(app.store)["id"])
    order = _create(app, variantId=variant_obj["id"])
    stock_after_order = (quantity(level, "available"), quantity(level, "committed"))
    calc = _begin(app, order["id"])["calculatedOrder"]
    line = calc["lineItems"]["nodes"][0]["id"]

    staged = app.execute(
        SET, {"id": calc["id"], "line": line, "qty": 0, "restock": True}, version="2026-04"
    )["data"]["orderEditSetQuantity"]

    assert staged["userErrors"] == []
    assert staged["calculatedLineItem"] == {
        "quantity": 0,
        "restocking": True,
        "editableQuantityBeforeChanges": 2,
    }
    assert staged["calculatedOrder"]["subtotalLineItemsQuantity"] == 0
    assert staged["calculatedOrder"]["totalOutstandingSet"] == _cad("-20.0")
    assert (quantity(level, "available"), quantity(level, "committed")) == stock_after_order

    committed = app.execute(COMMIT, {"id": calc["id"], "notify": False}, version="2026-04")["data"][
        "orderEditCommit"
    ]

    assert committed["userErrors"] == []
    assert committed["successMessages"] == ["Order updated"]
    edited = committed["order"]
    assert edited["lineItems"]["nodes"] == [{"quantity": 2, "currentQuantity": 0}]
    assert edited["currentSubtotalLineItemsQuantity"] == 0
    assert edited["currentTotalPriceSet"] == _cad("0.0")
    assert edited["totalOutstandingSet"] == _cad("-20.0")
    assert (quantity(level, "available"), quantity(level, "committed")) == (
        stock_after_order[0] + 2,
        stock_after_order[1] - 2,
    )
    again = app.execute(COMMIT, {"id": calc["id"]}, version="2026-04")["data"]["orderEditCommit"]
    assert again["userErrors"] == [
        {"field": ["id"], "message": "The calculated order does not exist."}
    ]


def test_commit_needs_a_change() -> None:
    app = SandboxApp(clock=FrozenClock())
    calc = _begin(app, _create(app)["id"])["calculatedOrder"]

    answer = app.execute(COMMIT, {"id": calc["id"]}, version="2026-04")["data"]

    assert answer["orderEditCommit"] == {
        "order": None,
        "successMessages": None,
        "userErrors": [
            {"field": ["id"], "message": "There must be at least one change to be made."}
        ],
    }


def _commit_one_less(app: SandboxApp, order_id: str, notify: bool) -> dict[str, Any]:
    calc = _begin(app, order_id)["calculatedOrder"]
    line = calc["lineItems"]["nodes"][0]["id"]
    app.execute(SET, {"id": calc["id"], "line": line, "qty": 1}, version="2026-04")
    answer = app.execute(COMMIT, {"id": calc["id"], "notify": notify}, version="2026-04")
    return dict(answer["data"]["orderEditCommit"])


def test_notifying_sends_a_notification_or_an_invoice_and_a_closed_order_reopens() -> None:
    app = SandboxApp(clock=FrozenClock())
    paid, pending, closed = _create(app), _create(app, "PENDING"), _create(app)
    app.execute(CLOSE, {"id": closed["id"]}, version="2026-04")

    assert _commit_one_less(app, paid["id"], True)["successMessages"] == [
        "Order updated",
        "Notification sent",
    ]
    owing = _commit_one_less(app, pending["id"], True)
    assert owing["successMessages"] == ["Order updated", "Invoice sent"]
    assert owing["order"]["totalOutstandingSet"] == _cad("10.0")
    reopened = _commit_one_less(app, closed["id"], True)
    assert reopened["successMessages"] == ["Order updated", "Order unarchived", "Notification sent"]
    assert reopened["order"]["closed"] is False


def test_an_edit_session_id_names_its_calculated_order() -> None:
    app = SandboxApp(clock=FrozenClock())
    begun = _begin(app, _create(app)["id"])
    line = begun["calculatedOrder"]["lineItems"]["nodes"][0]["id"]
    session = begun["orderEditSession"]["id"]

    staged = app.execute(SET, {"id": session, "line": line, "qty": 1}, version="2026-04")
    committed = app.execute(COMMIT, {"id": session}, version="2026-04")

    assert (
        staged["data"]["orderEditSetQuantity"]["calculatedOrder"]["id"]
        == (begun["calculatedOrder"]["id"])
    )
    assert committed["data"]["orderEditCommit"]["userErrors"] == []
    assert committed["data"]["orderEditCommit"]["order"]["lineItems"]["nodes"] == [
        {"quantity": 2, "currentQuantity": 1}
    ]
