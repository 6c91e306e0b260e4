"""What a connector importing orders reads of an order, answered as Shopify documents it.

An order placed by a shopper (control API) and one made by `orderCreate` answer every field
of a typical order import: money as Decimal text in the shop's currency, line totals from
the unit price and quantity, the line's name from the product and variant titles, the
order's number from its name; nothing answers NOT_SUPPORTED_BY_SANDBOX.
"""

from __future__ import annotations

from typing import Any

import httpx

from sandboxes.tests.conftest import gql
from stockbridge_sandboxes.shopify import SandboxApp

MONEY = "shopMoney { amount currencyCode } presentmentMoney { amount currencyCode }"

ORDER_IMPORT = f"""
query OrderImport($id: ID!) {{
  order(id: $id) {{
    id name number email phone createdAt updatedAt processedAt closedAt cancelledAt
    cancelReason confirmed currencyCode presentmentCurrencyCode displayFinancialStatus
    displayFulfillmentStatus taxesIncluded test sourceName note tags
    subtotalPriceSet {{ {MONEY} }}
    totalPriceSet {{ {MONEY} }}
    totalTaxSet {{ {MONEY} }}
    totalDiscountsSet {{ {MONEY} }}
    totalShippingPriceSet {{ {MONEY} }}
    totalOutstandingSet {{ {MONEY} }}
    customer {{ id email }}
    shippingAddress {{ firstName lastName address1 city provinceCode countryCodeV2 zip }}
    shippingLines(first: 5) {{ nodes {{ title code originalPriceSet {{ {MONEY} }} }} }}
    taxLines {{ title rate priceSet {{ {MONEY} }} }}
    lineItems(first: 50) {{
      nodes {{
        name title variantTitle sku vendor quantity currentQuantity unfulfilledQuantity
        requiresShipping taxable
        variant {{ sku }}
        originalUnitPriceSet {{ {MONEY} }}
        discountedUnitPriceSet {{ {MONEY} }}
        originalTotalSet {{ {MONEY} }}
        discountedTotalSet {{ {MONEY} }}
        codeDiscounted: discountedTotalSet(withCodeDiscounts: true) {{ {MONEY} }}
        totalDiscountSet {{ {MONEY} }}
        taxLines {{ title rate priceSet {{ {MONEY} }} }}
      }}
    }}
    fulfillmentOrders(first: 5) {{ nodes {{ status createdAt }} }}
  }}
}}
"""

NOW = "2026-05-28T20:26:40Z"


def usd(amount: str) -> dict[str, Any]:
    side = {"amount": amount, "currencyCode": "USD"}
    return {"shopMoney": side, "presentmentMoney": side}


def _variant(sandbox: SandboxApp, sku: str) -> dict[str, Any]:
    return next(v for v in sandbox.store.all("ProductVariant") if v.get("sku") == sku)


def _imported(http: httpx.Client, order_id: str) -> dict[str, Any]:
    answer = gql(http, ORDER_IMPORT, {"id": order_id}).json()
    assert "errors" not in answer, answer["errors"]
    return dict(answer["data"]["order"])


def test_a_shopper_order_answers_every_field_an_order_import_reads(
    sandbox: SandboxApp, http: httpx.Client
) -> None:
    assert http.post("/__sandbox/seed", json={"sample": True}).status_code == 200
    jacket = _variant(sandbox, "SB-001-1")
    placed = http.post(
        "/__sandbox/orders",
        json={
            "lineItems": [{"variantId": jacket["id"], "quantity": 2}],
            "email": "ada@example.com",
            "shippingAddress": {
                "firstName": "Ada",
                "lastName": "Lovelace",
                "address1": "1 Main St",
                "city": "Ottawa",
                "provinceCode": "ON",
                "countryCode": "CA",
                "zip": "K1A 0B1",
            },
        },
    ).json()

    order = _imported(http, placed["id"])

    customer_id = order.pop("customer")["id"]
    assert sandbox.store.get(customer_id, "Customer") is not None
    assert order == {
        "id": placed["id"],
        "name": "#1001",
        "number": 1001,
        "email": "ada@example.com",
        "phone": None,
        "createdAt": NOW,
        "updatedAt": NOW,
        "processedAt": NOW,
        "closedAt": None,
        "cancelledAt": None,
        "cancelReason": None,
        "confirmed": True,
        "currencyCode": "USD",
        "presentmentCurrencyCode": "USD",
        "displayFinancialStatus": "PAID",
        "displayFulfillmentStatus": "UNFULFILLED",
        "taxesIncluded": False,
        "test": False,
        "sourceName": "web",
        "note": None,
        "tags": [],
        "subtotalPriceSet": usd("108.0"),
        "totalPriceSet": usd("108.0"),
        "totalTaxSet": usd("0.0"),
        "totalDiscountsSet": usd("0.0"),
        "totalShippingPriceSet": usd("0.0"),
        "totalOutstandingSet": usd("0.0"),
        "shippingAddress": {
            "firstName": "Ada",
            "lastName": "Lovelace",
            "address1": "1 Main St",
            "city": "Ottawa",
            "provinceCode": "ON",
            "countryCodeV2": "CA",
            "zip": "K1A 0B1",
        },
        "shippingLines": {"nodes": []},
        "taxLines": [],
        "lineItems": {
            "nodes": [
                {
                    "name": "Harbour Rain Jacket - S",
                    "title": "Harbour Rain Jacket",
                    "variantTitle": "S",
                    "sku": "SB-001-1",
                    "vendor": "Stockbridge Goods",
                    "quantity": 2,
                    "currentQuantity": 2,
                    "unfulfilledQuantity": 2,
                    "requiresShipping": True,
                    "taxable": True,
                    "variant": {"sku": "SB-001-1"},
                    "originalUnitPriceSet": usd("54.0"),
                    "discountedUnitPriceSet": usd("54.0"),
                    "originalTotalSet": usd("108.0"),
                    "discountedTotalSet": usd("108.0"),
                    "codeDiscounted": usd("108.0"),
                    "totalDiscountSet": usd("0.0"),
                    "taxLines": [],
                }
            ]
        },
        "fulfillmentOrders": {"nodes": [{"status": "OPEN", "createdAt": NOW}]},
    }


ORDER_CREATE = """
mutation Create($order: OrderCreateOrderInput!) {
  orderCreate(order: $order) { order { id } userErrors { field message } }
}
"""


def test_an_order_created_with_a_code_keeps_code_discounts_out_of_discounted_prices(
    sandbox: SandboxApp, http: httpx.Client
) -> None:
    assert http.post("/__sandbox/seed", json={"sample": True}).status_code == 200
    jacket = _variant(sandbox, "SB-001-1")
    made = gql(
        http,
        ORDER_CREATE,
        {
            "order": {
                "email": "grace@example.com",
                "lineItems": [{"variantId": jacket["id"], "quantity": 3}],
                "discountCode": {
                    "itemFixedDiscountCode": {
                        "code": "TENOFF",
                        "amountSet": {"shopMoney": {"amount": "10.00", "currencyCode": "USD"}},
                    }
                },
            }
        },
    ).json()["data"]["orderCreate"]
    assert made["userErrors"] == []

    order = _imported(http, made["order"]["id"])

    assert (order["name"], order["number"], order["currencyCode"]) == ("#1001", 1001, "USD")
    assert order["subtotalPriceSet"] == usd("152.0")
    [line] = order["lineItems"]["nodes"]
    assert {key: line[key] for key in line if key.endswith("Set") or key == "codeDiscounted"} == {
        "originalUnitPriceSet": usd("54.0"),
        "discountedUnitPriceSet": usd("54.0"),
        "originalTotalSet": usd("162.0"),
        "discountedTotalSet": usd("162.0"),
        "codeDiscounted": usd("152.0"),
        "totalDiscountSet": usd("10.0"),
    }
    assert line["name"] == "Harbour Rain Jacket - S"
