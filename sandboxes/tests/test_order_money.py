"""orderCreate money: shop and presentment sides summed side by side; item discount codes
allocated to the lines."""

from __future__ import annotations

from typing import Any

from stockbridge_sandboxes.shopify import SandboxApp
from stockbridge_sandboxes.shopify.clock import FrozenClock

BAG = "{ shopMoney { amount currencyCode } presentmentMoney { amount currencyCode } }"
CREATE = f"""mutation($order: OrderCreateOrderInput!) {{ orderCreate(order: $order) {{
  order {{ presentmentCurrencyCode subtotalPriceSet {BAG} totalPriceSet {BAG}
    totalReceivedSet {BAG} totalOutstandingSet {BAG} totalDiscountsSet {BAG}
    lineItems(first: 5) {{ nodes {{ originalUnitPriceSet {BAG}
      discountAllocations {{ allocatedAmountSet {BAG} }} }} }} }}
  userErrors {{ field message }} }} }}"""


def _bag(shop: str, presentment: str, shop_currency: str, other: str) -> dict[str, Any]:
    return {
        "shopMoney": {"amount": shop, "currencyCode": shop_currency},
        "presentmentMoney": {"amount": presentment, "currencyCode": other},
    }


def _create(order: dict[str, Any]) -> dict[str, Any]:
    app = SandboxApp(clock=FrozenClock())
    answer = app.execute(CREATE, {"order": order})
    assert answer["data"]["orderCreate"]["userErrors"] == []
    return dict(answer["data"]["orderCreate"]["order"])


def test_totals_carry_the_presentment_amounts_the_input_gave() -> None:
    order = _create(
        {
            "currency": "CAD",
            "presentmentCurrency": "USD",
            "lineItems": [
                {
                    "title": "Presentment line",
                    "quantity": 2,
                    "priceSet": _bag("10.00", "7.00", "CAD", "USD"),
                }
            ],
            "transactions": [
                {"kind": "SALE", "status": "SUCCESS", "amountSet": _bag("20", "14", "CAD", "USD")}
            ],
        }
    )

    assert order["presentmentCurrencyCode"] == "USD"
    assert order["subtotalPriceSet"] == _bag("20.0", "14.0", "CAD", "USD")
    assert order["totalPriceSet"] == _bag("20.0", "14.0", "CAD", "USD")
    assert order["totalReceivedSet"] == _bag("20.0", "14.0", "CAD", "USD")
    assert order["totalOutstandingSet"] == _bag("0.0", "0.0", "CAD", "USD")
    assert order["lineItems"]["nodes"][0]["originalUnitPriceSet"] == _bag(
        "10.0", "7.0", "CAD", "USD"
    )


def test_without_a_presentment_currency_both_sides_are_the_shop_side() -> None:
    order = _create(
        {
            "currency": "USD",
            "lineItems": [
                {
                    "title": "Plain",
                    "quantity": 1,
                    "priceSet": {"shopMoney": {"amount": "5.00", "currencyCode": "USD"}},
                }
            ],
        }
    )

    assert order["presentmentCurrencyCode"] == "USD"
    assert order["totalPriceSet"] == _bag("5.0", "5.0", "USD", "USD")


def test_a_fixed_item_discount_is_spread_over_the_lines_by_their_totals() -> None:
    def line(amount: str) -> dict[str, Any]:
        return {
            "title": f"Line {amount}",
            "quantity": 1,
            "priceSet": {"shopMoney": {"amount": amount, "currencyCode": "USD"}},
        }

    order = _create(
        {
            "currency": "USD",
            "lineItems": [line("10.00"), line("20.00"), line("30.00")],
            "discountCode": {
                "itemFixedDiscountCode": {
                    "code": "SAVE10",
                    "amountSet": {"shopMoney": {"amount": "10.00", "currencyCode": "USD"}},
                }
            },
        }
    )

    allocated = [
        [a["allocatedAmountSet"]["shopMoney"]["amount"] for a in node["discountAllocations"]]
        for node in order["lineItems"]["nodes"]
    ]
    assert allocated == [["1.67"], ["3.33"], ["5.0"]]
    assert order["totalDiscountsSet"]["shopMoney"]["amount"] == "10.0"
    assert order["subtotalPriceSet"]["shopMoney"]["amount"] == "50.0"


def test_a_percentage_item_discount_takes_its_share_of_each_line() -> None:
    order = _create(
        {
            "currency": "USD",
            "lineItems": [
                {
                    "title": "Pair",
                    "quantity": 2,
                    "priceSet": {"shopMoney": {"amount": "15.00", "currencyCode": "USD"}},
                }
            ],
            "discountCode": {"itemPercentageDiscountCode": {"code": "TEN", "percentage": 10.0}},
        }
    )

    node = order["lineItems"]["nodes"][0]
    assert node["discountAllocations"] == [{"allocatedAmountSet": _bag("3.0", "3.0", "USD", "USD")}]
    assert order["totalPriceSet"]["shopMoney"]["amount"] == "27.0"
