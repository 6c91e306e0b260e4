"""Shopify as a channel kind: what it can do and how its connector is built."""

from __future__ import annotations

from stockbridge.channels.port import Capabilities, ConnectorContext, Kind, Operation

from .client import ShopifyClient
from .connector import ShopifyConnector

CAPABILITIES = Capabilities(
    max_options=3,
    max_variants=2048,
    stock_batch_size=250,
    has_webhooks=True,
    has_bulk_export=True,
    has_compare_and_set=True,
    has_metafields=True,
    has_taxonomy=True,
    orders_by="webhook",
    has_oauth=True,
    order_filters=frozenset(
        {"financial_status", "fulfillment_status", "location", "updated_since"}
    ),
    scopes_by_operation={
        Operation.IMPORT_LISTINGS: frozenset({"read_products", "read_inventory", "read_locations"}),
        Operation.PUBLISH_LISTINGS: frozenset(
            {"write_products", "write_inventory", "read_locations"}
        ),
        Operation.SYNC_LISTINGS: frozenset({"write_inventory", "read_locations"}),
        Operation.RECONCILE: frozenset({"read_inventory", "read_products", "read_locations"}),
        Operation.GET_ORDERS: frozenset({"read_orders", "read_customers"}),
        Operation.SYNC_ORDERS: frozenset(
            {"write_orders", "write_merchant_managed_fulfillment_orders"}
        ),
    },
)


def connect(context: ConnectorContext) -> ShopifyConnector:
    client = ShopifyClient(
        endpoint=context.endpoint,
        token=context.credentials.access_token,
        throttle=context.throttle,
        transport=context.transport,
    )
    return ShopifyConnector(client, CAPABILITIES)


def store_url(domain: str) -> str:
    return f"https://{domain}"


SHOPIFY = Kind(
    name="shopify",
    label="Shopify",
    capabilities=CAPABILITIES,
    connect=connect,
    installer=None,  # OAuth install (connectors/shopify/oauth.py) comes with the connect work
    base_url=store_url,
)
