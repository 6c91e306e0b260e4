"""Test connection and locations.

`shop_info` reads the Store Information API (`GET /v2/store`: the store hash as `id`, name,
currency, plan),
then finds what the token may do: reading the catalog and inventory, and writing (a batch
variant update with no variants: refused with 403 when the token cannot modify products).
The granted "scopes" are `read` and `write`."""

from __future__ import annotations

from typing import Any

from stockbridge.channels.errors import Rejected, ScopeMissing, Unavailable
from stockbridge.channels.port import RemoteLocation, ShopInfo

from .client import BigCommerceClient
from .errors import excerpt


def shop_info(client: BigCommerceClient) -> ShopInfo:
    store = client.json(client.call("GET", "/store", version="v2"), "the store information")
    client.call("GET", "/catalog/products", params={"limit": "1"})
    scopes = {"read"}
    try:
        client.call("PUT", "/catalog/variants", body=[])
    except ScopeMissing:
        pass
    except Rejected:  # an empty batch is invalid, but the token was allowed to send it
        scopes.add("write")
    else:
        scopes.add("write")
    return ShopInfo(
        name=str(_required(store, "name")),
        # a BigCommerce channel is named by its store hash (the API's `/stores/{hash}`), which
        # the Store Information API answers as its `id`
        domain=str(_required(store, "id")),
        plan=str(store.get("plan_name") or "BigCommerce"),
        currency=str(_required(store, "currency")),
        scopes=frozenset(scopes),
    )


def locations(client: BigCommerceClient) -> list[RemoteLocation]:
    return [
        RemoteLocation(remote_id=str(loc["id"]), name=str(loc["label"]), active=loc["enabled"])
        for loc in client.pages("/inventory/locations")
    ]


def _required(obj: Any, key: str) -> Any:
    if not isinstance(obj, dict) or obj.get(key) in (None, ""):
        raise Unavailable(f"BigCommerce's answer lacks {key}", excerpt=excerpt(obj))
    return obj[key]
