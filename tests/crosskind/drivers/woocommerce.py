"""The WooCommerce driver: the WooCommerce sandbox in-process (`tests.support.woo_stores`),
seeded through its REST API the way the kind's own end-to-end tests seed it (a variable tee,
a simple mug on sale); the channel is connected with the store's REST key. Orders, refunds
and publishing are not declared yet: their connector work is under way, and the driver
declares them (and implements `order`, `fulfil`, `refund`, `status`) when it lands."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from decimal import Decimal
from typing import Any, ClassVar

from stockbridge.channels import services
from stockbridge.inventory.models import Location
from stockbridge_sandboxes.woocommerce.control import set_stock
from tests.channels.test_woocommerce import seed
from tests.support.woo_stores import WooStores, routed_woo_stores

from .protocol import CATALOG, NotYet, Seeded

# the seed puts the mug on sale: it sells at 7.50 (regular 9.00)
SEEDED = {**CATALOG, "MUG": Seeded("Mug", Decimal("7.50"), 7)}


class WooDriver(NotYet):
    kind: ClassVar[str] = "woocommerce"
    supports: ClassVar[frozenset[str]] = frozenset()
    catalog: Mapping[str, Seeded] = SEEDED

    def __init__(self, hub: Location, stores: WooStores) -> None:
        self.store = stores.add("crosskind")
        self.ids = seed(self.store)
        channel = services.add_channel(
            kind="woocommerce",
            name="WooCommerce store",
            domain=self.store.domain,
            base_url=self.store.base_url,
        )
        self.channel = services.connect_with_token(channel=channel, token=self.store.token)
        services.map_location(channel=self.channel, location=hub.pk)

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


def open_store(hub: Location) -> Iterator[WooDriver]:
    for stores in routed_woo_stores():
        yield WooDriver(hub, stores)
