"""Sandbox WooCommerce stores for channel tests: each store is an in-process sandbox app; the
channel registry routes a channel's HTTP to the store whose base URL it names, and every
request is written down (method, path, JSON body) so tests can check what the connector sent.
Nothing of our own code is faked: the connector speaks REST (OAuth 1.0a over HTTP) to the
sandbox."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import httpx

from stockbridge.channels import registry
from stockbridge.channels.access import seal
from stockbridge.channels.models import Channel, ChannelStatus
from stockbridge.channels.port import Credentials, Endpoint
from stockbridge.platform import clock
from stockbridge_sandboxes.woocommerce import Site, WooSandbox


class Recording(httpx.WSGITransport):
    def __init__(self, app: WooSandbox, sent: list[tuple[str, str, Any]]) -> None:
        super().__init__(app=app)
        self.sent = sent

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        body = request.read()
        self.sent.append((request.method, request.url.path, json.loads(body) if body else None))
        return super().handle_request(request)


@dataclass
class WooStore:
    app: WooSandbox
    base_url: str
    sent: list[tuple[str, str, Any]] = field(default_factory=list)

    @property
    def domain(self) -> str:
        return self.base_url.removeprefix("http://")

    @property
    def token(self) -> str:
        return f"{self.app.consumer_key}:{self.app.consumer_secret}"

    def api(self, method: str, path: str, body: Any = None) -> Any:
        """A call as the store's key (set-up and assertions; not recorded)."""
        status, answer = self.app.call(method, path, body)
        assert status < 300, answer
        return answer

    def channel(self, name: str = "Woo") -> Channel:
        """A connected channel of this store (made directly, as the connect tests prove the
        service)."""
        return Channel.objects.create(
            kind="woocommerce",
            name=name,
            domain=self.domain,
            base_url=self.base_url,
            credentials=seal(Credentials(access_token=self.token)),
            status=ChannelStatus.CONNECTED,
            created_at=clock.now(),
        )

    def writes(self) -> list[tuple[str, str, Any]]:
        return [s for s in self.sent if s[0] != "GET"]


@dataclass
class WooStores:
    by_url: dict[str, WooStore] = field(default_factory=dict)

    def add(self, name: str, *, currency: str = "USD", permissions: str = "read_write") -> WooStore:
        base = f"http://{name}.sandbox.test"
        app = WooSandbox(
            site=Site(name=f"{name} store", home_url=base, currency=currency),
            consumer_key=f"ck_{name}",
            consumer_secret=f"cs_{name}_secret",
            permissions=permissions,
        )
        store = WooStore(app=app, base_url=base)
        self.by_url[base] = store
        return store

    def route(self, endpoint: Endpoint) -> httpx.BaseTransport | None:
        store = self.by_url.get(endpoint.base_url.rstrip("/"))
        return Recording(store.app, store.sent) if store is not None else None


def routed_woo_stores() -> Iterator[WooStores]:
    stores = WooStores()
    registry.use_transport(stores.route)
    try:
        yield stores
    finally:
        registry.use_transport(None)


def seed_tee_and_mug(
    store: WooStore, stock: dict[str, int], mug_prices: dict[str, str]
) -> dict[str, int]:
    """A variable tee (sizes S, M at 20.00) and a simple mug (`mug_prices`), their managed
    stock `stock` by SKU, made through the store's own REST API. Answers the store's ids by
    SKU (and "TEE", the tee)."""
    tee = store.api(
        "POST",
        "/products",
        {
            "name": "Tee",
            "type": "variable",
            "attributes": [{"name": "Size", "options": ["S", "M"], "variation": True}],
        },
    )
    ids = {"TEE": tee["id"]}
    for size in ("S", "M"):
        made = store.api(
            "POST",
            f"/products/{tee['id']}/variations",
            {
                "sku": f"TEE-{size}",
                "regular_price": "20.00",
                "manage_stock": True,
                "stock_quantity": stock[f"TEE-{size}"],
                "attributes": [{"name": "Size", "option": size}],
            },
        )
        ids[f"TEE-{size}"] = made["id"]
    mug = store.api(
        "POST",
        "/products",
        {
            "name": "Mug",
            "sku": "MUG",
            **mug_prices,
            "manage_stock": True,
            "stock_quantity": stock["MUG"],
        },
    )
    ids["MUG"] = mug["id"]
    return ids


def seed_tee_and_sale_mug(store: WooStore) -> dict[str, int]:
    """A variable tee (sizes S, M: 5 and 3 in stock) and a simple mug (7, on sale), through
    the store's own REST API. Answers the remote ids by SKU."""
    return seed_tee_and_mug(
        store,
        {"TEE-S": 5, "TEE-M": 3, "MUG": 7},
        {"regular_price": "9.00", "sale_price": "7.50"},
    )
