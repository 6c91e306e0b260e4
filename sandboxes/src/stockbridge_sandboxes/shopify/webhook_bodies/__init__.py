"""Webhook bodies: every topic's JSON, built here and nowhere else, in Shopify's REST shapes.

Shopify sends the REST resource of the topic (API-NOTES §2.8): snake_case keys, numeric ids
beside `admin_graphql_api_id`, tags as one comma-separated string, enum values in lower case,
and money as decimal text with two places ("108.00"), each amount with its `*_set` twin
holding the shop and presentment sides. The shapes follow the REST reference
(`../shared/shopify/rest-openapi-2022-10/`); a test validates every body built here against
it. A field the sandbox does not hold is left out, never filled with a made-up value.

One module per resource: `values` (ids, money, tags), `customers`, `line_items`, `orders`,
`refunds`, `fulfillments`, `catalog` (products, variants, inventory levels), `shop` (the shop
and bulk operations).
"""

from __future__ import annotations

from stockbridge_sandboxes.shopify.webhook_bodies.catalog import (
    inventory_level_body,
    product_body,
    product_deleted_body,
    variant_body,
)
from stockbridge_sandboxes.shopify.webhook_bodies.customers import address_body, customer_body
from stockbridge_sandboxes.shopify.webhook_bodies.fulfillments import fulfillment_body
from stockbridge_sandboxes.shopify.webhook_bodies.line_items import line_item_body
from stockbridge_sandboxes.shopify.webhook_bodies.orders import order_body
from stockbridge_sandboxes.shopify.webhook_bodies.refunds import refund_body, transaction_body
from stockbridge_sandboxes.shopify.webhook_bodies.shop import bulk_operation_body, shop_body
from stockbridge_sandboxes.shopify.webhook_bodies.values import (
    legacy_id,
    money_text,
    order_currency,
    price_set,
    shop_currency,
)

__all__ = [
    "address_body",
    "bulk_operation_body",
    "customer_body",
    "fulfillment_body",
    "inventory_level_body",
    "legacy_id",
    "line_item_body",
    "money_text",
    "order_body",
    "order_currency",
    "price_set",
    "product_body",
    "product_deleted_body",
    "refund_body",
    "shop_body",
    "shop_currency",
    "transaction_body",
    "variant_body",
]
