"""Test connection. The portal has no "who am I": a signed read of the company codes proves the
credentials, and the channel is the host it lives on. It names no currency either (the hub's
default currency is what prices go in)."""

from __future__ import annotations

from stockbridge.channels.port import ShopInfo

from .client import PortalClient

SCOPES = frozenset({"read", "write"})


def shop_info(client: PortalClient) -> ShopInfo:
    client.call("GET", "/api/companies/codes/list")
    return ShopInfo(
        name=f"Wholesale portal {client.endpoint.domain}",
        domain=client.endpoint.domain,
        plan=f"OAuth 1.0 ({client.style} signatures)",
        currency="",
        scopes=SCOPES,
    )
