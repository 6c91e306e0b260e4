"""The BigCommerce driver: the BigCommerce sandbox app in-process, its HTTP routed by the
channel registry, seeded through its v3 API the way the kind's own end-to-end tests seed it
(a tee with a Size option, a simple mug, stock at a Leeds location); the channel is connected
with the store's API token. Orders, refunds and publishing are not declared yet: their
connector work is under way, and the driver declares them when it lands."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from decimal import Decimal
from typing import ClassVar

from stockbridge.channels import services
from stockbridge.inventory.models import Location
from stockbridge_sandboxes.bigcommerce import BigCommerceApp
from tests.channels.test_bigcommerce import api, seeded
from tests.support.bigcommerce_stores import BASE, routed_bigcommerce

from .protocol import CATALOG, NotYet, Seeded

LEEDS = 2  # the location the seed adds and stocks


class BigCommerceDriver(NotYet):
    kind: ClassVar[str] = "bigcommerce"
    supports: ClassVar[frozenset[str]] = frozenset()
    catalog: Mapping[str, Seeded] = CATALOG

    def __init__(self, hub: Location, app: BigCommerceApp) -> None:
        self.app = app
        self.ids = seeded(app)
        channel = services.add_channel(
            kind="bigcommerce", name="BigCommerce store", domain=app.store_hash, base_url=BASE
        )
        self.channel = services.connect_with_token(channel=channel, token=app.token)
        services.map_location(channel=self.channel, location=hub.pk, remote_location_id=str(LEEDS))

    def level(self, sku: str) -> int:
        return self.app.store.stock.get((self.ids[sku], LEEDS), 0)

    def set_level(self, sku: str, quantity: int) -> None:
        body = {
            "items": [{"location_id": LEEDS, "variant_id": self.ids[sku], "quantity": quantity}]
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


def open_store(hub: Location) -> Iterator[BigCommerceDriver]:
    for app in routed_bigcommerce(BigCommerceApp()):
        yield BigCommerceDriver(hub, app)
