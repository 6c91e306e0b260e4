"""orderCustomerRemove and orderInvoiceSend."""

from __future__ import annotations

from stockbridge_sandboxes.shopify import SandboxApp
from stockbridge_sandboxes.shopify.clock import FrozenClock
from stockbridge_sandboxes.shopify.store import ref

REMOVE = """mutation($id: ID!) { orderCustomerRemove(orderId: $id) {
  order { id customer { id } } userErrors { field message code } } }"""
INVOICE = """mutation($id: ID!) { orderInvoiceSend(id: $id, email: {to: "a@example.com"}) {
  order { id } userErrors { field message } } }"""


def test_removing_the_customer_leaves_the_order_without_one() -> None:
    app = SandboxApp(clock=FrozenClock())
    app.store.put("gid://shopify/Customer/3", {"email": "a@example.com"})
    app.store.put("gid://shopify/Order/8", {"customer": ref("gid://shopify/Customer/3")})

    answer = app.execute(REMOVE, {"id": "gid://shopify/Order/8"})["data"]["orderCustomerRemove"]

    assert answer == {"order": {"id": "gid://shopify/Order/8", "customer": None}, "userErrors": []}


def test_b2b_orders_and_unknown_orders_keep_their_customer() -> None:
    app = SandboxApp(clock=FrozenClock())
    app.store.put(
        "gid://shopify/Order/8",
        {"customer": ref("gid://shopify/Customer/3"), "purchasingEntity": {"company": "Acme"}},
    )

    b2b = app.execute(REMOVE, {"id": "gid://shopify/Order/8"})["data"]["orderCustomerRemove"]
    unknown = app.execute(REMOVE, {"id": "gid://shopify/Order/9"})["data"]["orderCustomerRemove"]

    assert b2b["userErrors"] == [
        {"field": ["orderId"], "message": "Action not permitted on B2B Orders", "code": "INVALID"}
    ]
    assert unknown["userErrors"][0]["code"] == "NOT_FOUND"


def test_sending_an_invoice_answers_the_order() -> None:
    app = SandboxApp(clock=FrozenClock())
    app.store.put("gid://shopify/Order/8", {"name": "#1001"})

    sent = app.execute(INVOICE, {"id": "gid://shopify/Order/8"})["data"]["orderInvoiceSend"]

    assert sent == {"order": {"id": "gid://shopify/Order/8"}, "userErrors": []}


SET = """mutation($order: ID!, $customer: ID!) { orderCustomerSet(orderId: $order,
  customerId: $customer) { order { id customer { id } } userErrors { field message code } } }"""
CUSTOMER_ORDERS = """query($id: ID!) { customer(id: $id) { orders(first: 5) { nodes { id } } } }"""


def test_setting_the_customer_files_the_order_under_them() -> None:
    app = SandboxApp(clock=FrozenClock())
    app.store.put("gid://shopify/Customer/3", {"email": "a@example.com"})
    app.store.put("gid://shopify/Order/8", {"name": "#1001"})

    answer = app.execute(
        SET, {"order": "gid://shopify/Order/8", "customer": "gid://shopify/Customer/3"}
    )
    orders = app.execute(CUSTOMER_ORDERS, {"id": "gid://shopify/Customer/3"})["data"]["customer"]
    app.execute(REMOVE, {"id": "gid://shopify/Order/8"})
    after = app.execute(CUSTOMER_ORDERS, {"id": "gid://shopify/Customer/3"})["data"]["customer"]

    assert answer["data"]["orderCustomerSet"] == {
        "order": {"id": "gid://shopify/Order/8", "customer": {"id": "gid://shopify/Customer/3"}},
        "userErrors": [],
    }
    assert orders == {"orders": {"nodes": [{"id": "gid://shopify/Order/8"}]}}
    assert after == {"orders": {"nodes": []}}


def test_setting_needs_an_existing_order_and_customer() -> None:
    app = SandboxApp(clock=FrozenClock())
    app.store.put("gid://shopify/Order/8", {"name": "#1001"})

    no_order = app.execute(
        SET, {"order": "gid://shopify/Order/9", "customer": "gid://shopify/Customer/3"}
    )
    no_customer = app.execute(
        SET, {"order": "gid://shopify/Order/8", "customer": "gid://shopify/Customer/3"}
    )

    assert no_order["data"]["orderCustomerSet"]["userErrors"] == [
        {"field": ["orderId"], "message": "Order does not exist", "code": "NOT_FOUND"}
    ]
    assert no_customer["data"]["orderCustomerSet"]["userErrors"] == [
        {"field": ["customerId"], "message": "Customer does not exist", "code": "NOT_FOUND"}
    ]
