"""draftOrderUpdate: only the named fields change, and the draft is re-totalled."""

from __future__ import annotations

from stockbridge_sandboxes.shopify import SandboxApp
from stockbridge_sandboxes.shopify.clock import FrozenClock
from stockbridge_sandboxes.shopify.resolvers.payloads import money
from stockbridge_sandboxes.shopify.store import ref

UPDATE = """mutation($id: ID!, $input: DraftOrderInput!) { draftOrderUpdate(id: $id, input: $input) {
  draftOrder { email note2 tags shippingLine { title code custom }
    appliedDiscount { amountSet { shopMoney { amount } } }
    subtotalPriceSet { shopMoney { amount } } totalDiscountsSet { shopMoney { amount } }
    totalShippingPriceSet { shopMoney { amount } } totalPriceSet { shopMoney { amount } }
    lineItems(first: 5) { nodes { title quantity } } }
  userErrors { field message } } }"""


def _app() -> SandboxApp:
    app = SandboxApp(clock=FrozenClock())
    app.store.put(
        "gid://shopify/DraftOrderLineItem/1",
        {
            "title": "Install",
            "quantity": 2,
            "originalTotalSet": money("40.0", "CAD"),
            "totalDiscountSet": money("4.0", "CAD"),
            "discountedTotalSet": money("36.0", "CAD"),
        },
    )
    app.store.put(
        "gid://shopify/DraftOrder/1",
        {
            "name": "#D7",
            "status": "OPEN",
            "email": "old@example.com",
            "note2": "kept",
            "tags": ["old"],
            "currencyCode": "CAD",
            "appliedDiscount": {"value": 5.0, "valueType": "FIXED_AMOUNT", "title": "Credit"},
            "totalTaxSet": money("0.0", "CAD"),
            "lineItems": [ref("gid://shopify/DraftOrderLineItem/1")],
        },
    )
    return app


def test_an_update_changes_the_named_fields_and_keeps_the_lines() -> None:
    app = _app()
    shipping = {"title": "Standard", "priceWithCurrency": {"amount": "5.00", "currencyCode": "CAD"}}

    answer = app.execute(
        UPDATE,
        {
            "id": "gid://shopify/DraftOrder/1",
            "input": {"email": "new@example.com", "tags": ["b", "a"], "shippingLine": shipping},
        },
    )["data"]["draftOrderUpdate"]

    assert answer == {
        "draftOrder": {
            "email": "new@example.com",
            "note2": "kept",
            "tags": ["a", "b"],
            "shippingLine": {"title": "Standard", "code": "custom", "custom": True},
            "appliedDiscount": {"amountSet": {"shopMoney": {"amount": "5.0"}}},
            "subtotalPriceSet": {"shopMoney": {"amount": "31.0"}},
            "totalDiscountsSet": {"shopMoney": {"amount": "9.0"}},
            "totalShippingPriceSet": {"shopMoney": {"amount": "5.0"}},
            "totalPriceSet": {"shopMoney": {"amount": "36.0"}},
            "lineItems": {"nodes": [{"title": "Install", "quantity": 2}]},
        },
        "userErrors": [],
    }


def test_new_lines_replace_the_old_ones_and_are_checked() -> None:
    app = _app()
    draft = "gid://shopify/DraftOrder/1"

    replaced = app.execute(
        UPDATE,
        {
            "id": draft,
            "input": {"lineItems": [{"title": "Box", "quantity": 3, "originalUnitPrice": "2.00"}]},
        },
    )["data"]["draftOrderUpdate"]["draftOrder"]
    refused = app.execute(
        UPDATE, {"id": draft, "input": {"lineItems": [{"title": "Box", "quantity": 0}]}}
    )["data"]["draftOrderUpdate"]
    unknown = app.execute(UPDATE, {"id": "gid://shopify/DraftOrder/9", "input": {}})["data"]

    assert replaced["lineItems"] == {"nodes": [{"title": "Box", "quantity": 3}]}
    assert replaced["subtotalPriceSet"] == {"shopMoney": {"amount": "1.0"}}
    assert replaced["totalDiscountsSet"] == {"shopMoney": {"amount": "5.0"}}
    assert refused == {
        "draftOrder": None,
        "userErrors": [
            {
                "field": ["lineItems", "0", "quantity"],
                "message": "Quantity must be greater than or equal to 1",
            }
        ],
    }
    assert unknown["draftOrderUpdate"] == {
        "draftOrder": None,
        "userErrors": [{"field": ["id"], "message": "Draft order not found"}],
    }
