"""Webhook bodies in Shopify's REST shapes, for every topic a connector subscribes to.

Each body is checked against the REST reference's schema for its resource
(`../shared/shopify/rest-openapi-2022-10/`, see `rest_shapes.py`), and the contract tests pin
the values: numeric ids, money as two-decimal text in the order's currencies, the customer,
addresses, shipping, taxes and discount codes of an order, refund lines with their restock
type and location, fulfilments with their tracking.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from sandboxes.tests.rest_shapes import problems
from sandboxes.tests.webhook_scenario import Delivered, run_scenario

# topic -> (REST OpenAPI document, schema of the resource it carries)
SHAPES = {
    "orders/create": ("orders", "Order"),
    "orders/updated": ("orders", "Order"),
    "orders/cancelled": ("orders", "Order"),
    "orders/fulfilled": ("orders", "Order"),
    "orders/paid": ("orders", "Order"),
    "refunds/create": ("orders", "Refund"),
    "fulfillments/create": ("shipping-and-fulfillment", "Fulfillment"),
    "customers/create": ("customers", "Customer"),
    "customers/update": ("customers", "Customer"),
    "products/create": ("products", "Product"),
    "products/update": ("products", "Product"),
    "products/delete": ("products", "Product"),
    "inventory_levels/update": ("inventory", "InventoryLevel"),
    "app/uninstalled": ("store-properties", "Shop"),
}


@pytest.fixture(scope="module")
def delivered() -> Delivered:
    return run_scenario()[1]


def _money(shop: str, presented: str, cur: str = "CAD", other: str = "EUR") -> dict[str, Any]:
    return {
        "shop_money": {"amount": shop, "currency_code": cur},
        "presentment_money": {"amount": presented, "currency_code": other},
    }


def test_every_connector_topic_is_delivered(delivered: Delivered) -> None:
    assert {topic for topic, _ in delivered.bodies} == {*SHAPES, "bulk_operations/finish"}


def test_every_body_matches_its_rest_resource_shape(delivered: Delivered, shared_dir: Path) -> None:
    found = {
        f"{topic} #{index}": problems(shared_dir, *SHAPES[topic], body)
        for index, (topic, body) in enumerate(delivered.bodies)
        if topic in SHAPES
    }

    assert {name: issues for name, issues in found.items() if issues} == {}
    assert len(found) == len(delivered.bodies) - 1  # all but bulk_operations/finish


def test_the_validator_catches_a_gid_id_a_float_price_and_an_unknown_key(
    shared_dir: Path,
) -> None:
    bad = {"id": "gid://shopify/Order/1", "total_price": 108.0, "totl_price": "1.00"}

    assert problems(shared_dir, "orders", "Order", bad) == [
        "$.id: 'gid://shopify/Order/1' where Order.id is an integer",
        "$: 'totl_price' is not a property of Order",
    ]


def test_an_order_body_carries_its_customer_addresses_and_money(delivered: Delivered) -> None:
    order = delivered.of("orders/create")[0]

    assert isinstance(order["id"], int)
    assert order["admin_graphql_api_id"] == f"gid://shopify/Order/{order['id']}"
    assert (order["name"], order["order_number"]) == ("#1001", 1001)
    assert (order["currency"], order["presentment_currency"]) == ("CAD", "EUR")
    assert (order["financial_status"], order["fulfillment_status"]) == ("paid", None)
    assert order["total_line_items_price"] == "108.00"
    assert order["total_line_items_price_set"] == _money("108.00", "72.00")
    assert (order["subtotal_price"], order["total_tax"], order["total_discounts"]) == (
        "100.00",
        "15.34",
        "8.00",
    )
    assert order["total_price"] == "125.34"
    assert order["total_price_set"] == _money("125.34", "83.57")
    assert order["total_shipping_price_set"] == _money("10.00", "6.67")
    assert order["discount_codes"] == [{"code": "SPRING", "amount": "8.00", "type": "fixed_amount"}]
    assert order["tax_lines"] == [
        {"title": "HST", "price": "15.34", "price_set": _money("15.34", "10.23"), "rate": 0.13}
    ]
    assert order["shipping_lines"] == [
        {
            "title": "Standard",
            "code": "STD",
            "source": "shopify",
            "price": "10.00",
            "price_set": _money("10.00", "6.67"),
            "discounted_price": "10.00",
            "discounted_price_set": _money("10.00", "6.67"),
            "discount_allocations": [],
            "tax_lines": [
                {"title": "HST", "price": "1.30", "price_set": _money("1.30", "0.87"), "rate": 0.13}
            ],
        }
    ]
    customer = order["customer"]
    assert (customer["email"], customer["first_name"], customer["last_name"]) == (
        "ada@example.com",
        "Ada",
        "Lovelace",
    )
    assert isinstance(customer["id"], int)
    assert (
        order["shipping_address"]
        == order["billing_address"]
        == {
            "first_name": "Ada",
            "last_name": "Lovelace",
            "name": "Ada Lovelace",
            "company": None,
            "address1": "1 Main St",
            "address2": None,
            "city": "Ottawa",
            "province": "Ontario",
            "province_code": "ON",
            "country": "Canada",
            "country_code": "CA",
            "zip": "K1A 0B1",
            "phone": None,
        }
    )
    [line] = order["line_items"]
    assert (line["sku"], line["quantity"], line["price"]) == ("SB-001-1", 2, "54.00")
    assert line["price_set"] == _money("54.00", "36.00")
    assert line["total_discount_set"] == _money("8.00", "5.33")
    assert line["tax_lines"] == [
        {"title": "HST", "price": "14.04", "price_set": _money("14.04", "9.36"), "rate": 0.13}
    ]


def test_a_shopper_order_is_in_the_shops_currency_with_two_decimal_money(
    delivered: Delivered,
) -> None:
    order = delivered.of("orders/create")[1]

    assert (order["currency"], order["presentment_currency"]) == ("CAD", "CAD")
    assert (order["total_price"], order["subtotal_price"]) == ("29.25", "29.25")
    assert order["total_price_set"] == _money("29.25", "29.25", "CAD", "CAD")
    assert [(ln["sku"], ln["quantity"], ln["price"]) for ln in order["line_items"]] == [
        ("SB-004", 3, "9.75")
    ]
    assert order["customer"]["email"] == "grace@example.com"
    assert [o["name"] for o in delivered.of("orders/paid")] == ["#1001", "#1002"]


def test_a_refund_body_has_numeric_ids_restock_lines_and_transactions(
    delivered: Delivered,
) -> None:
    [refund] = delivered.of("refunds/create")
    order = delivered.of("orders/create")[0]

    assert isinstance(refund["id"], int)
    assert refund["order_id"] == order["id"]
    [row] = refund["refund_line_items"]
    assert isinstance(row["id"], int)
    assert row["line_item_id"] == order["line_items"][0]["id"]
    assert row["line_item"]["sku"] == "SB-001-1"
    assert (row["quantity"], row["restock_type"], row["location_id"]) == (2, "return", 1)
    assert (row["subtotal"], row["total_tax"]) == ("108.00", "14.04")
    assert row["subtotal_set"] == _money("108.00", "72.00")
    assert row["total_tax_set"] == _money("14.04", "9.36")
    [tx] = refund["transactions"]
    assert isinstance(tx["id"], int)
    assert (tx["kind"], tx["status"], tx["amount"], tx["currency"]) == (
        "refund",
        "success",
        "108.00",
        "CAD",
    )
    assert tx["order_id"] == order["id"]


def test_a_fulfillment_body_has_numeric_ids_tracking_and_fulfilled_lines(
    delivered: Delivered,
) -> None:
    [fulfillment] = delivered.of("fulfillments/create")
    order = delivered.of("orders/create")[0]

    assert isinstance(fulfillment["id"], int)
    assert fulfillment["order_id"] == order["id"]
    assert (fulfillment["name"], fulfillment["status"], fulfillment["location_id"]) == (
        "#1001-F1",
        "success",
        1,
    )
    assert (fulfillment["tracking_company"], fulfillment["tracking_numbers"]) == ("UPS", ["1Z999"])
    assert [(ln["sku"], ln["quantity"]) for ln in fulfillment["line_items"]] == [("SB-001-1", 2)]
    fulfilled = delivered.of("orders/fulfilled")[0]
    assert fulfilled["fulfillment_status"] == "fulfilled"
    assert [f["id"] for f in fulfilled["fulfillments"]] == [fulfillment["id"]]


def test_product_customer_shop_and_bulk_bodies(delivered: Delivered) -> None:
    [update] = delivered.of("products/update")
    assert (update["title"], update["tags"], update["status"]) == (
        "Tide Flask",
        "sale, summer",
        "active",
    )
    [variant] = update["variants"]
    assert (variant["price"], variant["inventory_policy"], variant["option1"]) == (
        "0.00",
        "deny",
        "Default Title",
    )
    assert delivered.of("products/delete") == [{"id": update["id"]}]
    [customer] = delivered.of("customers/update")
    assert (customer["email"], customer["note"], customer["state"]) == (
        "alan@example.com",
        "VIP",
        "disabled",
    )
    assert delivered.of("app/uninstalled") == [
        {
            "id": 1,
            "name": "Maple Goods",
            "email": "owner@maple.example",
            "domain": "stockbridge-sandbox.myshopify.com",
            "myshopify_domain": "stockbridge-sandbox.myshopify.com",
            "currency": "CAD",
        }
    ]
    [finish] = delivered.of("bulk_operations/finish")
    assert sorted(finish) == [
        "admin_graphql_api_id",
        "completed_at",
        "created_at",
        "error_code",
        "status",
        "type",
    ]
    assert (finish["status"], finish["type"], finish["error_code"]) == ("completed", "query", None)
    assert finish["completed_at"] == "2026-05-28T20:26:42Z"
