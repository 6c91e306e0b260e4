"""draftOrderCreate: lines from variants or custom, discounts, shipping line, totals, checks."""

from __future__ import annotations

from typing import Any

from stockbridge_sandboxes.shopify import SandboxApp
from stockbridge_sandboxes.shopify.clock import FrozenClock
from stockbridge_sandboxes.shopify.store import ref

CREATE = """mutation($input: DraftOrderInput!) { draftOrderCreate(input: $input) {
  draftOrder { name status ready email customer { id } tags invoiceUrl
    appliedDiscount { value valueType amountSet { shopMoney { amount } } }
    shippingLine { title code custom originalPriceSet { shopMoney { amount } } }
    subtotalPriceSet { shopMoney { amount } } totalDiscountsSet { shopMoney { amount } }
    totalShippingPriceSet { shopMoney { amount } } totalPriceSet { shopMoney { amount } }
    lineItemsSubtotalPrice { shopMoney { amount } } totalQuantityOfLineItems
    lineItems(first: 5) { nodes { title name sku variantTitle custom requiresShipping taxable
      appliedDiscount { amountSet { shopMoney { amount } } }
      originalUnitPriceSet { shopMoney { amount } } discountedTotalSet { shopMoney { amount } }
      variant { id } } } }
  userErrors { field message } } }"""


def _app() -> SandboxApp:
    app = SandboxApp(clock=FrozenClock())
    app.store.put("gid://shopify/Product/1", {"title": "Mug", "vendor": "Acme"})
    app.store.put(
        "gid://shopify/ProductVariant/2",
        {"title": "Blue", "price": "12.50", "sku": None, "product": ref("gid://shopify/Product/1")},
    )
    app.store.put("gid://shopify/Customer/3", {"email": "buyer@example.com"})
    return app


def _create(app: SandboxApp, data: dict[str, Any]) -> Any:
    return app.execute(CREATE, {"input": data})["data"]["draftOrderCreate"]


def test_a_draft_totals_its_lines_discounts_and_shipping() -> None:
    app = _app()

    made = _create(
        app,
        {
            "purchasingEntity": {"customerId": "gid://shopify/Customer/3"},
            "tags": ["b", "a"],
            "appliedDiscount": {"value": 5, "amount": 5, "valueType": "FIXED_AMOUNT"},
            "shippingLine": {
                "title": "Courier",
                "priceWithCurrency": {"amount": "7.25", "currencyCode": "USD"},
            },
            "lineItems": [
                {
                    "title": "Install",
                    "quantity": 2,
                    "originalUnitPrice": "20.00",
                    "requiresShipping": False,
                    "taxable": False,
                    "sku": "svc",
                    "appliedDiscount": {"value": 10, "valueType": "PERCENTAGE"},
                },
                {"variantId": "gid://shopify/ProductVariant/2", "quantity": 1},
            ],
        },
    )

    draft = made["draftOrder"]
    assert made["userErrors"] == []
    assert (draft["name"], draft["status"], draft["ready"]) == ("#D1", "OPEN", True)
    assert draft["email"] == "buyer@example.com"
    assert draft["customer"] == {"id": "gid://shopify/Customer/3"}
    assert draft["tags"] == ["a", "b"]
    assert draft["invoiceUrl"].startswith("https://stockbridge-sandbox.myshopify.com/invoices/")
    assert draft["appliedDiscount"] == {
        "value": 5.0,
        "valueType": "FIXED_AMOUNT",
        "amountSet": {"shopMoney": {"amount": "5.0"}},
    }
    assert draft["shippingLine"] == {
        "title": "Courier",
        "code": "custom",
        "custom": True,
        "originalPriceSet": {"shopMoney": {"amount": "7.25"}},
    }
    amounts = {
        key: draft[key]["shopMoney"]["amount"]
        for key in (
            "lineItemsSubtotalPrice",
            "subtotalPriceSet",
            "totalDiscountsSet",
            "totalShippingPriceSet",
            "totalPriceSet",
        )
    }
    assert amounts == {
        "lineItemsSubtotalPrice": "48.5",
        "subtotalPriceSet": "43.5",
        "totalDiscountsSet": "9.0",
        "totalShippingPriceSet": "7.25",
        "totalPriceSet": "50.75",
    }
    assert draft["totalQuantityOfLineItems"] == 3
    custom, stocked = draft["lineItems"]["nodes"]
    assert custom == {
        "title": "Install",
        "name": "Install",
        "sku": "svc",
        "variantTitle": None,
        "custom": True,
        "requiresShipping": False,
        "taxable": False,
        "appliedDiscount": {"amountSet": {"shopMoney": {"amount": "4.0"}}},
        "originalUnitPriceSet": {"shopMoney": {"amount": "20.0"}},
        "discountedTotalSet": {"shopMoney": {"amount": "36.0"}},
        "variant": None,
    }
    assert stocked == {
        "title": "Mug",
        "name": "Mug - Blue",
        "sku": "",
        "variantTitle": "Blue",
        "custom": False,
        "requiresShipping": True,
        "taxable": True,
        "appliedDiscount": None,
        "originalUnitPriceSet": {"shopMoney": {"amount": "12.5"}},
        "discountedTotalSet": {"shopMoney": {"amount": "12.5"}},
        "variant": {"id": "gid://shopify/ProductVariant/2"},
    }
    again = _create(app, {"lineItems": [{"title": "X", "quantity": 1}]})
    assert again["draftOrder"]["name"] == "#D2"


def test_a_draft_input_is_checked_before_anything_is_made() -> None:
    app = _app()
    line = {"title": "Item", "quantity": 1, "originalUnitPrice": "10.00"}
    cases = {
        "no lines": {"lineItems": []},
        "unknown variant": {
            "lineItems": [{"variantId": "gid://shopify/ProductVariant/99", "quantity": 1}]
        },
        "no title": {"lineItems": [{"quantity": 1, "originalUnitPrice": "1.00"}]},
        "zero": {"lineItems": [line | {"quantity": 0}]},
        "terms": {
            "paymentTerms": {"paymentSchedules": [{"dueAt": "2030-01-01T00:00:00Z"}]},
            "lineItems": [line],
        },
        "negative": {"lineItems": [line | {"originalUnitPrice": "-1.00"}]},
        "past": {"reserveInventoryUntil": "2020-01-01T00:00:00Z", "lineItems": [line]},
        "email": {"email": "not-an-email", "lineItems": [line]},
    }

    answers = {name: _create(app, data) for name, data in cases.items()}

    assert {name: a["userErrors"] for name, a in answers.items()} == {
        "no lines": [{"field": None, "message": "Add at least 1 product"}],
        "unknown variant": [
            {"field": None, "message": "Product with ID 99 is no longer available."}
        ],
        "no title": [{"field": None, "message": "Merchandise title is empty."}],
        "zero": [
            {
                "field": ["lineItems", "0", "quantity"],
                "message": "Quantity must be greater than or equal to 1",
            }
        ],
        "terms": [{"field": None, "message": "Payment terms template id can not be empty."}],
        "negative": [{"field": None, "message": "Cannot send negative price for line_item"}],
        "past": [{"field": None, "message": "Reserve until can't be in the past"}],
        "email": [{"field": ["email"], "message": "Email is invalid"}],
    }
    assert all(a["draftOrder"] is None for a in answers.values())
    assert app.store.all("DraftOrder") == []
