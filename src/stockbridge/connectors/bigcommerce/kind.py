"""BigCommerce as a channel kind: what it can do and how its connector is built.

A channel's domain is the store hash (the `abc123de` in the API path and in the control panel's
address), its token a store-level API account's access token (Settings > Store-level API
accounts: Products and Information & Settings read, Products modify to sync; Orders modify
to send shipments, refunds and cancellations back). Its base URL is
`https://api.bigcommerce.com` (a sandbox gives its own)."""

from __future__ import annotations

from stockbridge.channels.port import Capabilities, ConnectorContext, Kind, Operation

from .client import BigCommerceClient
from .connector import BigCommerceConnector
from .stock import BATCH
from .webhooks import BigCommerceWebhooks, secret_for

CAPABILITIES = Capabilities(
    max_options=250,
    max_variants=600,
    stock_batch_size=BATCH,
    # light callbacks checked by a secret header the connector sets on each hook
    has_webhooks=True,
    has_bulk_export=False,
    has_compare_and_set=False,
    has_metafields=True,  # custom fields (products) and metafields (variants)
    has_taxonomy=False,
    orders_by="webhook",
    has_oauth=False,
    order_filters=frozenset({"updated_since", "created_since"}),
    scopes_by_operation={
        Operation.IMPORT_LISTINGS: frozenset({"read"}),
        Operation.SYNC_LISTINGS: frozenset({"read", "write"}),
        Operation.RECONCILE: frozenset({"read", "write"}),
        Operation.PUBLISH_LISTINGS: frozenset({"read", "write"}),
        Operation.GET_ORDERS: frozenset({"read"}),
        Operation.SYNC_ORDERS: frozenset({"read", "write"}),
    },
)


def _client(context: ConnectorContext) -> BigCommerceClient:
    return BigCommerceClient(
        endpoint=context.endpoint,
        store_hash=context.endpoint.domain,
        token=context.credentials.access_token,
        throttle=context.throttle,
        transport=context.transport,
    )


def connect(context: ConnectorContext) -> BigCommerceConnector:
    return BigCommerceConnector(_client(context), CAPABILITIES)


def webhooks(context: ConnectorContext) -> BigCommerceWebhooks:
    """The channel's hooks, checked by the secret header its hooks are created with."""
    credentials = context.credentials
    secret = secret_for(credentials.access_token, credentials.webhook_secret)
    return BigCommerceWebhooks(secret=secret, client=_client(context))


def api_url(domain: str) -> str:
    return "https://api.bigcommerce.com"


BIGCOMMERCE = Kind(
    name="bigcommerce",
    label="BigCommerce",
    capabilities=CAPABILITIES,
    connect=connect,
    installer=None,
    base_url=api_url,
    domain_pattern=r"^[a-z0-9]{5,16}$",
    domain_example="abc123de",
    webhooks=webhooks,
)
