"""The wholesale portal as a channel kind: what it can do and how its connector is built.

A channel's domain is the portal host (`wholesale.nuorder.com` in production,
`wholesale.sandbox1.nuorder.com` for the portal's sandbox; `stockbridge channel environment`
switches). It connects by the OAuth 1.0 out-of-band handshake (`stockbridge channel oauth1`),
or with a token `consumer_key:consumer_secret:token:token_secret[:style]` already issued."""

from __future__ import annotations

import httpx

from stockbridge.channels.port import Capabilities, ConnectorContext, Kind, Operation

from .client import PortalClient
from .connector import PortalConnector
from .credentials import parse
from .handshake import PortalHandshake

ENVIRONMENTS = {
    "production": "wholesale.nuorder.com",
    "sandbox": "wholesale.sandbox1.nuorder.com",
}

CAPABILITIES = Capabilities(
    max_options=5,
    max_variants=1000,
    stock_batch_size=500,
    has_webhooks=False,  # the portal sends none: everything is polled
    has_bulk_export=False,
    has_compare_and_set=False,
    has_metafields=False,
    has_taxonomy=False,
    orders_by="poll",
    has_oauth=False,
    # one API grant serves the brand's portal; it reads and writes
    scopes_by_operation={
        Operation.PUSH_PRODUCTS: frozenset({"write"}),
        Operation.PUSH_ACCOUNTS: frozenset({"write"}),
        Operation.PUSH_STOCK_BY_DATE: frozenset({"write"}),
        Operation.RECONCILE_STOCK_BY_DATE: frozenset({"write"}),
        Operation.TAKE_ORDERS: frozenset({"read", "write"}),
    },
)


def connect(context: ConnectorContext) -> PortalConnector:
    keys, style = parse(context.credentials.access_token)
    client = PortalClient(
        endpoint=context.endpoint,
        keys=keys,
        style=style,
        throttle=context.throttle,
        transport=context.transport,
    )
    return PortalConnector(client, CAPABILITIES)


def handshake(transport: httpx.BaseTransport | None) -> PortalHandshake:
    return PortalHandshake(transport)


def portal_url(domain: str) -> str:
    return f"https://{domain}"


WHOLESALE = Kind(
    name="wholesale",
    label="Wholesale portal",
    capabilities=CAPABILITIES,
    connect=connect,
    base_url=portal_url,
    domain_pattern=r"^[a-z0-9][a-z0-9.-]*\.[a-z]{2,}(:[0-9]+)?$",
    domain_example="wholesale.nuorder.com",
    handshake=handshake,
    environments=ENVIRONMENTS,
)
