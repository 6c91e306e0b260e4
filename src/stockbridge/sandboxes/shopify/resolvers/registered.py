"""Importing this module registers every resolver module's roots and computed fields."""

from stockbridge.sandboxes.shopify.resolvers import (  # noqa: F401
    bulk,
    collections,
    customers,
    files,
    fulfillments,
    inventory,
    media,
    metafield_definitions,
    metafields,
    options,
    order_create,
    orders,
    product_fields,
    product_set,
    products,
    reads,
    refunds,
    tags,
    variants,
    webhooks,
)
