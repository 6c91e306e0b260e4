"""orderCustomerRemove and orderInvoiceSend."""

from __future__ import annotations

from stockbridge.sandboxes.shopify import SandboxApp
from stockbridge.sandboxes.shopify.clock import FrozenClock
from stockbridge.sandboxes.shopify.store import ref

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
