"""The BigCommerce driver: the BigCommerce sandbox app in-process, its HTTP routed by the
channel registry, seeded through its v3 API the way the kind's own end-to-end tests seed it
(a tee with a Size option, a simple mug); the channel is connected with the store's API
token and subscribed to the order, refund and customer callbacks, which the store delivers
to the hub's endpoint when asked (`BcShop.deliver`).

The suite's stock sits at the store's default location, the one a shopper's checkout draws
from. BigCommerce's refunds take no restock (the API has no such flag), so the kind does not
declare REFUNDS: a refund with restock is made in the hub and pushed to the store."""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from decimal import Decimal
from typing import ClassVar

from stockbridge.channels import services
from stockbridge.inventory.models import Location
from stockbridge_sandboxes.bigcommerce import BigCommerceApp
from tests.support.bigcommerce_shop import HUB, KINDS, BcShop
from tests.support.bigcommerce_stores import BASE, api, routed_bigcommerce, seeded

from .forging import answers
from .protocol import CATALOG, ORDERS, PUBLISH, NotYet, Seeded

DEFAULT = 1  # the store's default location: checkouts draw from it; the seed stocks it


class BigCommerceDriver(NotYet):
    kind: ClassVar[str] = "bigcommerce"
    supports: ClassVar[frozenset[str]] = frozenset({PUBLISH, ORDERS})
    catalog: Mapping[str, Seeded] = CATALOG

    def __init__(self, hub: Location, app: BigCommerceApp) -> None:
        self.app = app
        self.ids = seeded(app, location=DEFAULT)
        app.deliveries.queue.clear()  # the seed's own callbacks: nobody subscribed yet
        channel = services.add_channel(
            kind="bigcommerce", name="BigCommerce store", domain=app.store_hash, base_url=BASE
        )
        self.channel = services.connect_with_token(channel=channel, token=app.token)
        services.map_location(
            channel=self.channel, location=hub.pk, remote_location_id=str(DEFAULT)
        )
        made = services.subscribe_webhooks(channel=self.channel, base_url=HUB, kinds=KINDS)
        assert all(r.ok for r in made), made
        self.shop = BcShop(app, self.channel, hub, self.ids)

    def level(self, sku: str) -> int:
        return self.app.store.stock.get((self.ids[sku], DEFAULT), 0)

    def set_level(self, sku: str, quantity: int) -> None:
        body = {
            "items": [{"location_id": DEFAULT, "variant_id": self.ids[sku], "quantity": quantity}]
        }
        api(self.app, "PUT", "/inventory/adjustments/absolute", body)

    def price(self, sku: str) -> Decimal:
        variant = self.app.store.variants[self.ids[sku]]
        own = variant.get("price")
        if own is None:
            own = self.app.store.products[variant["product_id"]]["price"]
        return Decimal(str(own)).quantize(Decimal("0.01"))

    def set_price(self, sku: str, price: Decimal) -> None:
        api(self.app, "PUT", "/catalog/variants", [{"id": self.ids[sku], "price": float(price)}])

    def faults(self, on: bool) -> None:
        # every fifth API call answers 500 (20%)
        self.app.fault_status, self.app.fault_every = (500, 5) if on else (0, 0)

    def faults_met(self) -> bool:
        return any(entry.get("status") == 500 for entry in self.app.log)

    def status(self, sku: str) -> str:
        store = self.app.store
        found = [v for v in store.variants.values() if v.get("sku") == sku]
        if not found:
            return ""
        return "active" if store.products[found[0]["product_id"]]["is_visible"] else "draft"

    def order(self, lines: Mapping[str, int]) -> str:
        placed = self.shop.order(dict(lines))
        assert self.shop.deliver() == 1
        return str(placed["id"])

    def deliver(self) -> None:
        self.shop.deliver()

    def tracking(self, order: str) -> list[str]:
        return [s["tracking_number"] for s in self.app.store.shipments.get(int(order), [])]

    def refunded(self, order: str) -> dict[str, int]:
        lines = self.app.store.order_products.get(int(order), [])
        return {x["sku"]: x["quantity_refunded"] for x in lines if x["quantity_refunded"]}

    def forge(self, resource_id: str) -> list[int]:
        body = {
            "scope": "store/order/created",
            "store_id": "1001",
            "hash": "f" * 40,
            "created_at": 1_796_600_000,
            "producer": f"stores/{self.app.store_hash}",
            "data": {"type": "order", "id": int(resource_id)},
        }
        guessed = {"X-Stockbridge-Hook-Secret": "guessed"}
        return answers(self.channel, json.dumps(body).encode(), [guessed, {}])


def open_store(hub: Location) -> Iterator[BigCommerceDriver]:
    for app in routed_bigcommerce(BigCommerceApp()):
        yield BigCommerceDriver(hub, app)
