"""Shopify REST order payloads as Shopify documents them (an `orders/create` body: numeric
ids beside `admin_graphql_api_id`, money as decimal text with `*_set` twins in the shop and
presentment currencies, tags as one string), written out for the tests, not taken from the
sandbox: a point-of-sale order at location 1 by a guest (no customer), with a discount
allocated to a line, a custom item without variant, a shipping line and tax lines."""

from __future__ import annotations

from typing import Any


def money_set(shop: str, presented: str) -> dict[str, Any]:
    return {
        "shop_money": {"amount": shop, "currency_code": "USD"},
        "presentment_money": {"amount": presented, "currency_code": "EUR"},
    }


def pos_guest_order(
    *, variant_id: int, product_id: int, order_id: int = 820982911946154508
) -> dict[str, Any]:
    return {
        "id": order_id,
        "admin_graphql_api_id": f"gid://shopify/Order/{order_id}",
        "name": "#9999",
        "order_number": 9999,
        "email": "Guest@Example.com",
        "phone": None,
        "note": "leave at the door",
        "tags": "vip, pos",
        "test": False,
        "created_at": "2026-12-01T10:00:00-05:00",
        "updated_at": "2026-12-01T10:00:01-05:00",
        "processed_at": "2026-12-01T10:00:00-05:00",
        "cancelled_at": None,
        "cancel_reason": None,
        "closed_at": None,
        "currency": "USD",
        "presentment_currency": "EUR",
        "taxes_included": False,
        "financial_status": "paid",
        "fulfillment_status": None,
        "source_name": "pos",
        "location_id": 1,
        "customer": None,
        "billing_address": None,
        "shipping_address": {
            "first_name": "Grace",
            "last_name": "Hopper",
            "name": "Grace Hopper",
            "company": None,
            "address1": "1 Navy Way",
            "address2": "",
            "city": "Arlington",
            "province": "Virginia",
            "province_code": "VA",
            "country": "United States",
            "country_code": "US",
            "zip": "22201",
            "phone": "555-0100",
        },
        "line_items": [
            {
                "id": 466157049,
                "admin_graphql_api_id": "gid://shopify/LineItem/466157049",
                "variant_id": variant_id,
                "product_id": product_id,
                "title": "Tee",
                "variant_title": "TEE-S",
                "name": "Tee - TEE-S",
                "sku": "TEE-S",
                "quantity": 2,
                "fulfillable_quantity": 2,
                "fulfillment_status": None,
                "product_exists": True,
                "price": "20.00",
                "price_set": money_set("20.00", "18.50"),
                "total_discount": "0.00",
                "total_discount_set": money_set("0.00", "0.00"),
                "discount_allocations": [
                    {
                        "amount": "4.00",
                        "amount_set": money_set("4.00", "3.70"),
                        "discount_application_index": 0,
                    }
                ],
                "tax_lines": [
                    {
                        "title": "VA State Tax",
                        "price": "2.16",
                        "rate": 0.06,
                        "price_set": money_set("2.16", "2.00"),
                    }
                ],
                "properties": [],
            },
            {
                "id": 518995019,
                "admin_graphql_api_id": "gid://shopify/LineItem/518995019",
                "variant_id": None,
                "product_id": None,
                "title": "Gift wrap",
                "variant_title": None,
                "name": "Gift wrap",
                "sku": None,
                "quantity": 1,
                "fulfillable_quantity": 1,
                "fulfillment_status": None,
                "product_exists": False,
                "price": "5.00",
                "price_set": money_set("5.00", "4.62"),
                "total_discount": "0.00",
                "total_discount_set": money_set("0.00", "0.00"),
                "discount_allocations": [],
                "tax_lines": [
                    {
                        "title": "VA State Tax",
                        "price": "0.30",
                        "rate": 0.06,
                        "price_set": money_set("0.30", "0.28"),
                    }
                ],
                "properties": [],
            },
        ],
        "shipping_lines": [
            {
                "title": "Standard",
                "code": "STANDARD",
                "source": "shopify",
                "price": "10.00",
                "price_set": money_set("10.00", "9.25"),
                "discounted_price": "10.00",
                "discounted_price_set": money_set("10.00", "9.25"),
                "discount_allocations": [],
                "tax_lines": [
                    {
                        "title": "VA State Tax",
                        "price": "0.60",
                        "rate": 0.06,
                        "price_set": money_set("0.60", "0.56"),
                    }
                ],
            }
        ],
        "tax_lines": [
            {
                "title": "VA State Tax",
                "price": "3.06",
                "rate": 0.06,
                "price_set": money_set("3.06", "2.84"),
            }
        ],
        "discount_codes": [{"code": "TENOFF", "amount": "4.00", "type": "fixed_amount"}],
        "total_line_items_price": "45.00",
        "total_line_items_price_set": money_set("45.00", "41.62"),
        "subtotal_price": "41.00",
        "subtotal_price_set": money_set("41.00", "37.92"),
        "total_discounts": "4.00",
        "total_discounts_set": money_set("4.00", "3.70"),
        "total_shipping_price_set": money_set("10.00", "9.25"),
        "total_tax": "3.06",
        "total_tax_set": money_set("3.06", "2.84"),
        "total_price": "54.06",
        "total_price_set": money_set("54.06", "50.01"),
        "fulfillments": [],
        "refunds": [],
    }
