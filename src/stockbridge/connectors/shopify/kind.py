"""Shopify as a channel kind: what it can do and how its connector is built."""

from __future__ import annotations

import httpx
from django.conf import settings

from stockbridge.channels.port import Capabilities, ConnectorContext, Kind, Operation
from stockbridge.platform.errors import FieldError

from .client import ShopifyClient
from .connector import ShopifyConnector
from .oauth import ShopifyInstaller

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


def installer(transport: httpx.BaseTransport | None) -> ShopifyInstaller:
    """The OAuth installer of this Stockbridge's Shopify app (its client id and secret come
    from STOCKBRIDGE_SHOPIFY_CLIENT_ID / STOCKBRIDGE_SHOPIFY_CLIENT_SECRET)."""
    client_id = getattr(settings, "STOCKBRIDGE_SHOPIFY_CLIENT_ID", "") or ""
    secret = getattr(settings, "STOCKBRIDGE_SHOPIFY_CLIENT_SECRET", "") or ""
    if not client_id or not secret:
        raise FieldError(
            "oauth",
            "no Shopify app is configured: set STOCKBRIDGE_SHOPIFY_CLIENT_ID and "
            "STOCKBRIDGE_SHOPIFY_CLIENT_SECRET, or connect with an access token",
        )
    return ShopifyInstaller(client_id=client_id, client_secret=secret, transport=transport)


SHOPIFY = Kind(
    name="shopify",
    label="Shopify",
    capabilities=CAPABILITIES,
    connect=connect,
    installer=installer,
    base_url=store_url,
    domain_pattern=r"^[a-zA-Z0-9][a-zA-Z0-9\-]*\.myshopify\.com$",
    domain_example="your-store.myshopify.com",
)
