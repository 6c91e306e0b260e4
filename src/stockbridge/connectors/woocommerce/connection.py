"""Test connection and the one location.

`shop_info` reads the WordPress index (`/wp-json/`: the site's name and home URL, no key
needed) and the system status (`/wp-json/wc/v3/system_status`: WooCommerce's version and the
store currency; needs the key's read permission), then asks whether the key may write with a
batch that writes nothing (`POST /products/batch {}`): a read-only key is refused it. The
granted "scopes" are WooCommerce's key permissions, `read` and `write`."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from stockbridge.channels.errors import ScopeMissing, Unavailable
from stockbridge.channels.port import RemoteLocation, ShopInfo

from .client import WooClient
from .errors import excerpt
from .ids import STOCK, STOCK_NAME


def shop_info(client: WooClient) -> ShopInfo:
    index = client.json(client.call("GET", "/wp-json/", api=False), "the site index")
    status = client.json(client.get("/system_status"), "the system status")
    environment = _required(status, "environment")
    settings = _required(status, "settings")
    scopes = {"read"}
    try:
        client.post("/products/batch", {})
        scopes.add("write")
    except ScopeMissing:
        pass
    home = str(_required(index, "home"))
    return ShopInfo(
        name=str(_required(index, "name")),
        domain=urlsplit(home).hostname or home,
        plan=f"WooCommerce {_required(environment, 'version')}",
        currency=str(_required(settings, "currency")),
        scopes=frozenset(scopes),
    )


def locations() -> list[RemoteLocation]:
    """WooCommerce has no locations: one stock figure per item, shown as one location."""
    return [RemoteLocation(remote_id=STOCK, name=STOCK_NAME)]


def _required(obj: Any, key: str) -> Any:
    if not isinstance(obj, dict) or obj.get(key) is None:
        raise Unavailable(f"WooCommerce's answer lacks {key}", excerpt=excerpt(obj))
    return obj[key]
