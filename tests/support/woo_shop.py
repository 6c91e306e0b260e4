"""Set-up for the WooCommerce order tests: a sandbox store selling a variable tee (TEE-S,
TEE-M) and a simple mug, 10 of each in stock; a connected channel whose one location is the
hub's WH, its catalog imported (hub stock 10 of each, listings linked); and the store's
webhooks subscribed for orders and customers, delivered to the hub's endpoint (the hub's test
client) when the store pumps them."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import httpx
from django.test import Client

from stockbridge.channels import services
from stockbridge.channels.models import Channel
from stockbridge.inventory.models import Location, StockLevel
from stockbridge.sync.operations import run_operation
from tests.channels.importing import location
from tests.support.woo_stores import WooStore, WooStores, seed_tee_and_mug
from tests.sync.orders_in_shop import HUB, ORDER_KINDS, deliver_to

__all__ = ["HUB", "ORDER_KINDS", "WooShop", "open_shop"]

STOCK = 10


@dataclass
class WooShop:
    store: WooStore
    channel: Channel
    wh: Location
    ids: dict[str, int]  # sku (and "TEE") -> the store's id

    def control(self, path: str, body: Any = None) -> Any:
        with httpx.Client(
            transport=httpx.WSGITransport(app=self.store.app), base_url=self.store.base_url
        ) as http:
            answer = http.post(f"/__sandbox/{path}", json=body or {})
        assert answer.status_code < 300, answer.text
        return answer.json()

    def line(self, sku: str, quantity: int) -> dict[str, int]:
        if sku.startswith("TEE"):
            return {
                "product_id": self.ids["TEE"],
                "variation_id": self.ids[sku],
                "quantity": quantity,
            }
        return {"product_id": self.ids[sku], "quantity": quantity}

    def order(self, lines: dict[str, int], *, deliver: bool = True, **extra: Any) -> dict[str, Any]:
        """A shopper checks out `lines` ({sku: quantity}), paid; the store's webhooks go out."""
        placed: dict[str, Any] = self.control(
            "shopper_orders",
            {"line_items": [self.line(s, q) for s, q in lines.items()], **extra},
        )
        if deliver:
            self.store.app.pump()
        return placed

    def shown(self, sku: str) -> int:
        """The store's stock figure of `sku`."""
        if sku.startswith("TEE"):
            path = f"/products/{self.ids['TEE']}/variations/{self.ids[sku]}"
        else:
            path = f"/products/{self.ids[sku]}"
        return int(self.store.api("GET", path)["stock_quantity"])

    def level(self, sku: str) -> tuple[int, int]:
        row = StockLevel.objects.get(variant__sku=sku, location=self.wh)
        return row.on_hand, row.committed


def open_shop(woo: WooStores, name: str = "woo-orders", *, subscribe: bool = True) -> WooShop:
    store = woo.add(name)
    channel = services.add_channel(
        kind="woocommerce", name=name, domain=store.domain, base_url=store.base_url
    )
    channel = services.connect_with_token(channel=channel, token=store.token)
    ids = seed_tee_and_mug(
        store, {"TEE-S": STOCK, "TEE-M": STOCK, "MUG": STOCK}, {"regular_price": "8.00"}
    )
    wh = location("WH")
    services.map_location(channel=channel, location=wh.pk)
    run = run_operation(channel_id=channel.pk, operation="import_listings")
    assert (run.status, run.counts) == ("ok", {"created": 5}), run.counts
    if subscribe:
        store.app.outbox.transport = deliver_to(Client())
        results = services.subscribe_webhooks(channel=channel, base_url=HUB, kinds=ORDER_KINDS)
        assert all(r.ok for r in results), results
        store.app.pump()  # the pings
    store.sent.clear()
    return WooShop(store, channel, wh, ids)
