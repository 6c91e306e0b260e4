"""draftOrderDelete and draftOrderInvoiceSend."""

from __future__ import annotations

from stockbridge_sandboxes.shopify import SandboxApp
from stockbridge_sandboxes.shopify.clock import FrozenClock
from stockbridge_sandboxes.shopify.resolvers.payloads import money
from stockbridge_sandboxes.shopify.store import ref

DELETE = """mutation($id: ID!) { draftOrderDelete(input: {id: $id}) {
  deletedId userErrors { field message } } }"""
READ = """query($id: ID!) { draftOrder(id: $id) { id } }"""
SEND = """mutation($id: ID!, $to: String) { draftOrderInvoiceSend(id: $id, email: {to: $to}) {
  draftOrder { id status } userErrors { field message } } }"""


def test_a_deleted_draft_order_is_gone() -> None:
    app = SandboxApp(clock=FrozenClock())
    app.store.put("gid://shopify/DraftOrder/1", {"name": "#D1", "status": "OPEN"})

    deleted = app.execute(DELETE, {"id": "gid://shopify/DraftOrder/1"})["data"]
    read = app.execute(READ, {"id": "gid://shopify/DraftOrder/1"})["data"]

    assert deleted["draftOrderDelete"] == {
        "deletedId": "gid://shopify/DraftOrder/1",
        "userErrors": [],
    }
    assert read == {"draftOrder": None}


def test_an_invoice_needs_a_recipient_and_an_unpaid_draft() -> None:
    app = SandboxApp(clock=FrozenClock())
    app.store.put("gid://shopify/DraftOrder/1", {"status": "OPEN", "email": None})
    app.store.put("gid://shopify/DraftOrder/2", {"status": "COMPLETED", "email": None})

    no_recipient = app.execute(SEND, {"id": "gid://shopify/DraftOrder/1"})["data"]
    paid = app.execute(SEND, {"id": "gid://shopify/DraftOrder/2"})["data"]
    unknown = app.execute(SEND, {"id": "gid://shopify/DraftOrder/9", "to": "a@example.com"})
    sent = app.execute(SEND, {"id": "gid://shopify/DraftOrder/1", "to": "a@example.com"})

    assert no_recipient["draftOrderInvoiceSend"] == {
        "draftOrder": {"id": "gid://shopify/DraftOrder/1", "status": "OPEN"},
        "userErrors": [{"field": None, "message": "To can't be blank"}],
    }
    assert paid["draftOrderInvoiceSend"]["userErrors"] == [
        {"field": None, "message": "To can't be blank"},
        {
            "field": None,
            "message": "Draft order Invoice can't be sent. This draft order is already paid.",
        },
    ]
    assert unknown["data"]["draftOrderInvoiceSend"] == {
        "draftOrder": None,
        "userErrors": [{"field": None, "message": "Draft order not found"}],
    }
    assert sent["data"]["draftOrderInvoiceSend"] == {
        "draftOrder": {"id": "gid://shopify/DraftOrder/1", "status": "INVOICE_SENT"},
        "userErrors": [],
    }


DUPLICATE = """mutation($id: ID) { draftOrderDuplicate(id: $id) { draftOrder {
  id name status taxExempt reserveInventoryUntil email tags appliedDiscount { title }
  shippingLine { title } subtotalPriceSet { shopMoney { amount } }
  totalPriceSet { shopMoney { amount } }
  lineItems(first: 5) { nodes { title quantity appliedDiscount { title }
    discountedTotalSet { shopMoney { amount } } } } }
  userErrors { field message } } }"""


def test_a_duplicate_keeps_the_lines_but_drops_discounts_shipping_and_exemption() -> None:
    app = SandboxApp(clock=FrozenClock())
    app.store.put(
        "gid://shopify/DraftOrderLineItem/5",
        {
            "title": "Install",
            "quantity": 2,
            "originalTotalSet": money("40.00", "CAD"),
            "discountedTotalSet": money("36.00", "CAD"),
            "appliedDiscount": {"title": "Service discount"},
        },
    )
    app.store.put(
        "gid://shopify/DraftOrder/1",
        {
            "name": "#D216",
            "status": "OPEN",
            "email": "a@example.com",
            "tags": ["vip"],
            "taxExempt": True,
            "reserveInventoryUntil": "2026-09-20T12:00:00Z",
            "appliedDiscount": {"title": "Loyalty"},
            "shippingLine": {"title": "Courier"},
            "invoiceUrl": "https://shop.example/1/invoices/abc",
            "lineItems": [ref("gid://shopify/DraftOrderLineItem/5")],
        },
    )

    answer = app.execute(DUPLICATE, {"id": "gid://shopify/DraftOrder/1"})["data"]

    draft = answer["draftOrderDuplicate"]["draftOrder"]
    assert draft["id"] != "gid://shopify/DraftOrder/1"
    assert {k: v for k, v in draft.items() if k != "id"} == {
        "name": "#D217",
        "status": "OPEN",
        "taxExempt": False,
        "reserveInventoryUntil": None,
        "email": "a@example.com",
        "tags": ["vip"],
        "appliedDiscount": None,
        "shippingLine": None,
        "subtotalPriceSet": {"shopMoney": {"amount": "40.0"}},
        "totalPriceSet": {"shopMoney": {"amount": "40.0"}},
        "lineItems": {
            "nodes": [
                {
                    "title": "Install",
                    "quantity": 2,
                    "appliedDiscount": None,
                    "discountedTotalSet": {"shopMoney": {"amount": "40.0"}},
                }
            ]
        },
    }
