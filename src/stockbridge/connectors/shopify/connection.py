"""Test connection and locations: who the store is, what it granted us, where it keeps stock.

`shop_info` reads the shop (name, myshopify domain, plan, currency) and the scopes granted to
this app's installation (`currentAppInstallation.accessScopes`, the only reliable list: a
custom app's token carries no scope string). `locations` pages through every location,
inactive ones included (flagged), so a mapping can name any of them.
"""

from __future__ import annotations

from typing import Any

from stockbridge.channels.errors import Unavailable
from stockbridge.channels.port import RemoteLocation, ShopInfo

from .client import ShopifyClient
from .errors import excerpt

PAGE = 250  # Shopify's largest page
MAX_PAGES = 200  # 50,000 locations: far above any store (Shopify caps them well below)


def shop_info(client: ShopifyClient) -> ShopInfo:
    data = client.execute("ShopInfo")
    shop = _required(data, "shop")
    plan = _required(shop, "plan")
    installation = _required(data, "currentAppInstallation")
    scopes = frozenset(
        str(_required(scope, "handle")) for scope in _required(installation, "accessScopes")
    )
    return ShopInfo(
        name=str(_required(shop, "name")),
        domain=str(_required(shop, "myshopifyDomain")),
        plan=str(_required(plan, "publicDisplayName")),
        currency=str(_required(shop, "currencyCode")),
        scopes=scopes,
    )


def locations(client: ShopifyClient) -> list[RemoteLocation]:
    found: list[RemoteLocation] = []
    after: str | None = None
    for _ in range(MAX_PAGES):
        data = client.execute("Locations", {"first": PAGE, "after": after})
        page = _required(data, "locations")
        for node in _required(page, "nodes"):
            found.append(
                RemoteLocation(
                    remote_id=str(_required(node, "id")),
                    name=str(_required(node, "name")),
                    active=bool(_required(node, "isActive")),
                )
            )
        info = _required(page, "pageInfo")
        if not info.get("hasNextPage"):
            return found
        after = info.get("endCursor")
        if not after:
            raise Unavailable("Shopify said more locations follow but gave no cursor")
    raise Unavailable(f"the store lists more than {PAGE * MAX_PAGES} locations")


def _required(data: Any, key: str) -> Any:
    """`data[key]`, or a loud failure naming what Shopify left out (never a made-up value)."""
    if not isinstance(data, dict) or data.get(key) is None:
        raise Unavailable(f"Shopify's answer lacks {key!r}", excerpt=excerpt(data))
    return data[key]
