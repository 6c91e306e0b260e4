"""Resolvers by domain; importing this package registers them all."""

from stockbridge.sandboxes.shopify.resolvers import (  # noqa: F401
    bulk,
    customers,
    inventory,
    orders,
    products,
    reads,
    webhooks,
)
