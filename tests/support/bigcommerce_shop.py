"""Set-up for the BigCommerce order tests: a sandbox store reached through the registry's
transport, seeded with a product with options and a simple product at its default location,
connected, its location mapped and its products imported; shopper orders placed there, and
its light callbacks delivered to the hub's webhook endpoint."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

import httpx
from django.test import Client

from stockbridge.catalog.models import Variant
from stockbridge.channels import services
from stockbridge.channels.models import Channel
from stockbridge.channels.port import InboundKind
from stockbridge.inventory.models import Location, StockLevel
from stockbridge.sync.operations import run_operation
from stockbridge_sandboxes.bigcommerce import BigCommerceApp
from tests.channels.importing import location
from tests.support.bigcommerce_stores import BASE

HUB = "http://hub.test"
V3 = "/stores/sandbox1/v3"
KINDS = [InboundKind.ORDER, InboundKind.REFUND, InboundKind.CUSTOMER]


@dataclass
class BcShop:
    app: BigCommerceApp
    channel: Channel
    wh: Location
    ids: dict[str, int]  # SKU -> the store's variant id

    def call(self, method: str, path: str, body: Any = None) -> Any:
        with httpx.Client(transport=httpx.WSGITransport(app=self.app), base_url=BASE,
                          headers={"X-Auth-Token": self.app.token}) as http:  # fmt: skip
            answer = http.request(method, path, json=body)
            assert answer.status_code < 300, answer.text
            return answer.json() if answer.content else None

    def order(self, lines: dict[str, int], **buyer: Any) -> dict[str, Any]:
        """A shopper's checkout in the store (its callbacks are queued, not yet delivered)."""
        body = {"lines": [{"sku": s, "quantity": q} for s, q in lines.items()], **buyer}
        placed: dict[str, Any] = self.call("POST", "/__sandbox/orders", body)
        return placed

    def deliver(self) -> int:
        """Send the queued callbacks to the hub's endpoint; how many it accepted."""
        return self.app.deliveries.pump(post_to_hub)

    def available(self, sku: str, location_id: int = 1) -> int:
        return self.app.store.stock.get((self.ids[sku], location_id), 0)

    def level(self, sku: str) -> tuple[int, int]:
        row = StockLevel.objects.get(variant=Variant.objects.get(sku=sku), location=self.wh)
        return row.on_hand, row.committed


def post_to_hub(url: str, body: bytes, headers: dict[str, str]) -> int:
    assert url.startswith(HUB), url
    extra = {k: v for k, v in headers.items() if k.lower() != "content-type"}
    answer = Client().post(
        url[len(HUB) :], data=body, content_type="application/json", headers=extra
    )
    return int(answer.status_code)


def open_shop(app: BigCommerceApp, *, stock: int = 10, subscribe: bool = True) -> BcShop:
    shop = BcShop(app, None, None, {})  # type: ignore[arg-type]
    tee = shop.call("POST", f"{V3}/catalog/products", {
        "name": "Tee", "type": "physical", "weight": 0.2, "price": 20,
        "inventory_tracking": "variant",
        "variants": [{"sku": f"TEE-{s}", "option_values": [
            {"option_display_name": "Size", "label": s}]} for s in ("S", "M")],
    })["data"]  # fmt: skip
    mug = shop.call("POST", f"{V3}/catalog/products", {
        "name": "Mug", "type": "physical", "weight": 0.4, "price": 9, "sku": "MUG",
        "inventory_tracking": "product",
    })["data"]  # fmt: skip
    shop.ids = {v["sku"]: v["id"] for v in tee["variants"]} | {"MUG": mug["base_variant_id"]}
    shop.call("PUT", f"{V3}/inventory/adjustments/absolute", {"items": [
        {"location_id": 1, "variant_id": i, "quantity": stock} for i in shop.ids.values()
    ]})  # fmt: skip
    app.deliveries.queue.clear()  # the products' own callbacks: nobody subscribed yet
    channel = services.add_channel(kind="bigcommerce", name="BC", domain="sandbox1", base_url=BASE)
    shop.channel = services.connect_with_token(channel=channel, token=app.token)
    shop.wh = location("WH")
    services.map_location(channel=shop.channel, location=shop.wh.pk, remote_location_id="1")
    run = run_operation(channel_id=shop.channel.pk, operation="import_listings")
    assert (run.status, run.counts) == ("ok", {"created": 5}), run.counts
    if subscribe:
        results = services.subscribe_webhooks(channel=shop.channel, base_url=HUB, kinds=KINDS)
        assert all(r.ok for r in results), results
    return shop


def sent_bodies(app: BigCommerceApp) -> list[tuple[str, str, Any]]:
    """(method, path, body) of each API call the store received with a JSON body."""
    return [
        (entry["method"], entry["path"], json.loads(entry["body"]))
        for entry in app.log
        if entry.get("body")
    ]
