"""WooCommerce as a channel kind: what it can do and how its connector is built.

A channel's token is the store's REST API key as `consumer_key:consumer_secret` (WooCommerce >
Settings > Advanced > REST API; permissions Read, or Read/Write to sync). Its base URL is the
WordPress site's address (`https://shop.example.com`, or with its path when WordPress lives in
a folder)."""

from __future__ import annotations

from stockbridge.channels.errors import AuthFailed
from stockbridge.channels.port import Capabilities, ConnectorContext, Kind, Operation

from .batches import BATCH
from .client import WooClient
from .connector import WooConnector
from .signing import ApiKey
from .webhooks import WooWebhooks

CAPABILITIES = Capabilities(
    max_options=100,
    max_variants=5000,
    stock_batch_size=BATCH,
    has_webhooks=True,
    has_bulk_export=False,
    has_compare_and_set=False,
    has_metafields=False,
    has_taxonomy=False,
    orders_by="webhook",
    has_oauth=False,
    order_filters=frozenset({"financial_status", "fulfillment_status", "updated_since"}),
    # a key's permissions: read, write (or both)
    scopes_by_operation={
        Operation.IMPORT_LISTINGS: frozenset({"read"}),
        Operation.PUBLISH_LISTINGS: frozenset({"read", "write"}),
        Operation.SYNC_LISTINGS: frozenset({"read", "write"}),
        Operation.RECONCILE: frozenset({"read", "write"}),
        Operation.GET_ORDERS: frozenset({"read"}),
        Operation.SYNC_ORDERS: frozenset({"read", "write"}),
    },
    single_location=True,
)


def connect(context: ConnectorContext) -> WooConnector:
    client = WooClient(
        endpoint=context.endpoint,
        key=ApiKey.parse(context.credentials.access_token),
        throttle=context.throttle,
        transport=context.transport,
    )
    return WooConnector(client, CAPABILITIES)


def webhooks(context: ConnectorContext) -> WooWebhooks:
    """The channel's webhooks, signed with the secret we give each webhook we create: the
    channel's `webhook_secret` when it has one, else the REST key's consumer secret."""
    try:
        key = ApiKey.parse(context.credentials.access_token)
    except AuthFailed:
        key = ApiKey("", "")  # nothing verifies; calls are refused as the token is
    client = WooClient(
        endpoint=context.endpoint, key=key, throttle=context.throttle, transport=context.transport
    )
    return WooWebhooks(
        secret=context.credentials.webhook_secret or key.consumer_secret, client=client
    )


def store_url(domain: str) -> str:
    return f"https://{domain}"


WOOCOMMERCE = Kind(
    name="woocommerce",
    label="WooCommerce",
    capabilities=CAPABILITIES,
    connect=connect,
    installer=None,
    base_url=store_url,
    domain_pattern=r"^[a-z0-9][a-z0-9.-]*\.[a-z]{2,}$",
    domain_example="shop.example.com",
    webhooks=webhooks,
)
