"""The WooCommerce driver: the WooCommerce sandbox in-process (`tests.support.woo_stores`),
seeded through its REST API the way the kind's own end-to-end tests seed it (a variable tee,
a simple mug on sale); the channel is connected with the store's REST key and subscribed to
the order and customer webhooks, which the store delivers (signed) to the hub's endpoint.

WooCommerce has no shipment object: the merchant ships by completing the order, and the
hub's shipments show as order notes carrying their tracking (`Tracking: <number> <url>`)."""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from decimal import Decimal
from typing import Any, ClassVar
from uuid import uuid4

from django.test import Client

from stockbridge.channels import services
from stockbridge.connectors.woocommerce.webhooks import signature
from stockbridge.inventory.models import Location
from stockbridge_sandboxes.woocommerce.control import set_stock
from tests.support.woo_shop import HUB, ORDER_KINDS, WooShop
from tests.support.woo_stores import WooStores, routed_woo_stores, seed_tee_and_sale_mug
from tests.sync.orders_in_shop import deliver_to

from .forging import answers
from .protocol import CATALOG, ORDERS, PUBLISH, REFUNDS, Seeded

# the seed puts the mug on sale: it sells at 7.50 (regular 9.00)
SEEDED = {**CATALOG, "MUG": Seeded("Mug", Decimal("7.50"), 7)}
TRACKING = re.compile(r"^Tracking: (\S+)", re.MULTILINE)


class WooDriver:
    kind: ClassVar[str] = "woocommerce"
    supports: ClassVar[frozenset[str]] = frozenset({PUBLISH, ORDERS, REFUNDS})
    catalog: Mapping[str, Seeded] = SEEDED

    def __init__(self, hub: Location, stores: WooStores) -> None:
        self.store = stores.add("crosskind")
        self.ids = seed_tee_and_sale_mug(self.store)
        channel = services.add_channel(
            kind="woocommerce",
            name="WooCommerce store",
            domain=self.store.domain,
            base_url=self.store.base_url,
        )
        self.channel = services.connect_with_token(channel=channel, token=self.store.token)
        services.map_location(channel=self.channel, location=hub.pk)
        self.store.app.outbox.transport = deliver_to(Client())
        made = services.subscribe_webhooks(channel=self.channel, base_url=HUB, kinds=ORDER_KINDS)
        assert all(r.ok for r in made), made
        self.store.app.pump()  # the pings
        self.shop = WooShop(self.store, self.channel, hub, self.ids)

    def _path(self, sku: str) -> str:
        if sku.startswith("TEE-"):
            return f"/products/{self.ids['TEE']}/variations/{self.ids[sku]}"
        return f"/products/{self.ids[sku]}"

    def _read(self, sku: str) -> dict[str, Any]:
        found: dict[str, Any] = self.store.api("GET", self._path(sku))
        return found

    def level(self, sku: str) -> int:
        return int(self._read(sku)["stock_quantity"])

    def set_level(self, sku: str, quantity: int) -> None:
        set_stock(self.store.app, self.ids[sku], quantity)

    def price(self, sku: str) -> Decimal:
        return Decimal(self._read(sku)["price"])

    def set_price(self, sku: str, price: Decimal) -> None:
        self.store.api("PUT", self._path(sku), {"regular_price": str(price)})

    def faults(self, on: bool) -> None:
        self.store.app.faults.error_rate = 0.2 if on else 0.0
        self.store.app.faults.http_429_burst = 1 if on else 0

    def faults_met(self) -> bool:
        refused = {e["status"] for e in self.store.app.request_log if e["status"] >= 400}
        return {429, 500} <= refused

    def status(self, sku: str) -> str:
        for product in self.store.api("GET", "/products?per_page=100"):
            skus = {product["sku"]}
            if product["type"] == "variable":
                variations = self.store.api("GET", f"/products/{product['id']}/variations")
                skus |= {v["sku"] for v in variations}
            if sku in skus:
                return "active" if product["status"] == "publish" else str(product["status"])
        return ""

    def order(self, lines: Mapping[str, int]) -> str:
        return str(self.shop.order(dict(lines))["id"])

    def fulfil(self, order: str) -> None:
        self.store.api("PUT", f"/orders/{order}", {"status": "completed"})
        self.store.app.pump()

    def refund(self, order: str) -> None:
        placed = self.store.api("GET", f"/orders/{order}")
        lines = [
            {"id": x["id"], "quantity": x["quantity"], "refund_total": x["total"]}
            for x in placed["line_items"]
        ]
        total = sum(Decimal(x["total"]) for x in placed["line_items"])
        body = {"amount": str(total), "api_refund": False, "line_items": lines}
        self.store.api("POST", f"/orders/{order}/refunds", body)  # restocked: api_restock
        self.store.app.pump()

    def deliver(self) -> None:
        self.store.app.pump()

    def tracking(self, order: str) -> list[str]:
        notes = sorted(self.store.api("GET", f"/orders/{order}/notes"), key=lambda n: n["id"])
        return [number for n in notes for number in TRACKING.findall(n["note"])]

    def refunded(self, order: str) -> dict[str, int]:
        units: dict[str, int] = {}
        for refund in self.store.api("GET", f"/orders/{order}/refunds"):
            for line in refund["line_items"]:
                units[line["sku"]] = units.get(line["sku"], 0) - int(line["quantity"])
        return units

    def forge(self, resource_id: str) -> list[int]:
        body = f'{{"id":{int(resource_id)},"status":"processing"}}'.encode()
        headers = {
            "X-WC-Webhook-Topic": "order.created",
            "X-WC-Webhook-Delivery-ID": f"forged-{uuid4()}",
        }
        wrong = {**headers, "X-WC-Webhook-Signature": signature(body, "not-the-secret")}
        return answers(self.channel, body, [wrong, headers])


def open_store(hub: Location) -> Iterator[WooDriver]:
    for stores in routed_woo_stores():
        yield WooDriver(hub, stores)
