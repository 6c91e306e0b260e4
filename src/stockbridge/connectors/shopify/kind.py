"""Shopify as a channel kind: what it can do and how its connector is built."""

from __future__ import annotations

import httpx
from django.conf import settings

from stockbridge.channels.port import Capabilities, ConnectorContext, Kind, Operation
from stockbridge.platform.errors import FieldError

from .client import ShopifyClient
from .connector import ShopifyConnector
from .oauth import ShopifyInstaller
from .webhooks import ShopifyWebhooks

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


def webhooks(context: ConnectorContext) -> ShopifyWebhooks:
    """The channel's webhooks, verified with the secret they are signed with: the channel's own
    `webhook_secret` (a custom app's API secret key) when it has one, else this hub's app
    secret (STOCKBRIDGE_SHOPIFY_CLIENT_SECRET). With neither, nothing verifies."""
    app_secret = getattr(settings, "STOCKBRIDGE_SHOPIFY_CLIENT_SECRET", "") or ""
    secret = context.credentials.webhook_secret or app_secret
    client = ShopifyClient(
        endpoint=context.endpoint,
        token=context.credentials.access_token,
        throttle=context.throttle,
        transport=context.transport,
    )
    return ShopifyWebhooks(secrets=[secret], client=client)


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
    webhooks=webhooks,
)
