"""The Shopify driver: the Shopify sandbox app in-process (`tests.support.shopify_stores`),
seeded through its Admin GraphQL API; the channel is subscribed to the order webhooks, which
the sandbox delivers to the hub's test client."""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from decimal import Decimal
from typing import Any, ClassVar
from uuid import uuid4

from django.test import Client

from stockbridge.channels import services
from stockbridge.inventory.models import Location
from stockbridge_sandboxes.shopify.webhooks import sign
from tests.support.shopify_stores import Stores, routed_stores
from tests.support.shops import seed_shop
from tests.sync.channels_shop import (
    Remote,
    add_location,
    available,
    map_location,
    real_time,
    set_in_shop,
)
from tests.sync.orders_in_shop import HUB, ORDER_KINDS, add_product, connect, deliver_to

from .forging import answers
from .protocol import CATALOG, ORDERS, PUBLISH, REFUNDS, Seeded

VARIANT = "query($id: ID!) { productVariant(id: $id) { price product { status } } }"
BY_SKU = """query($q: String!) { productVariants(first: 5, query: $q) {
  nodes { sku product { status } } } }"""
PRICE = """mutation($productId: ID!, $variants: [ProductVariantsBulkInput!]!) {
  productVariantsBulkUpdate(productId: $productId, variants: $variants) {
    userErrors { field message } } }"""
ORDER = """query($id: ID!) { order(id: $id) {
  fulfillments { createdAt trackingInfo { number } }
  refunds { refundLineItems(first: 10) { nodes { quantity lineItem { sku } } } } } }"""
FAULTS = {"error_rate": 0.2, "throttle_burst": 2, "http_429_burst": 1, "latency_ms": 5}


class ShopifyDriver:
    kind: ClassVar[str] = "shopify"
    supports: ClassVar[frozenset[str]] = frozenset({PUBLISH, ORDERS, REFUNDS})
    catalog: Mapping[str, Seeded] = CATALOG

    def __init__(self, hub: Location, stores: Stores) -> None:
        store = real_time(stores.add("crosskind"))
        seed_shop(store, currency="USD")
        self.store = store
        self.warehouse = add_location(store, 1, "Warehouse")
        self.remote: dict[str, Remote] = {}
        for title in ("Tee", "Mug"):
            skus = [sku for sku, seeded in CATALOG.items() if seeded.title == title]
            price = str(CATALOG[skus[0]].price)
            self.remote |= add_product(store, title, skus, self.warehouse, 0, price=price)
        for sku, seeded in CATALOG.items():
            self.set_level(sku, seeded.quantity)
        self.channel = connect(store, "Shopify store")
        map_location(self.channel, hub, self.warehouse, "Warehouse")
        store.app.webhooks.transport = deliver_to(Client())
        made = services.subscribe_webhooks(channel=self.channel, base_url=HUB, kinds=ORDER_KINDS)
        assert all(r.ok for r in made), made

    def level(self, sku: str) -> int:
        found = available(self.store, self.remote[sku], self.warehouse)
        assert found is not None, sku
        return found

    def set_level(self, sku: str, quantity: int) -> None:
        set_in_shop(self.store, self.remote[sku], self.warehouse, quantity, str(uuid4()))

    def price(self, sku: str) -> Decimal:
        found = self.store.gql(VARIANT, {"id": self.remote[sku].variant_id})["productVariant"]
        return Decimal(found["price"])

    def set_price(self, sku: str, price: Decimal) -> None:
        remote = self.remote[sku]
        answer = self.store.gql(
            PRICE,
            {
                "productId": remote.product_id,
                "variants": [{"id": remote.variant_id, "price": str(price)}],
            },
        )
        assert answer["productVariantsBulkUpdate"]["userErrors"] == []

    def faults(self, on: bool) -> None:
        self.store.control("faults", FAULTS if on else {"error_rate": 0, "latency_ms": 0})

    def faults_met(self) -> bool:
        return (
            self.store.app.faults.http_429_burst == 0 and self.store.app.faults.throttle_burst == 0
        )

    def status(self, sku: str) -> str:
        nodes = self.store.gql(BY_SKU, {"q": f"sku:{sku}"})["productVariants"]["nodes"]
        found = [n["product"]["status"] for n in nodes if n["sku"] == sku]
        return found[0].lower() if found else ""

    def order(self, lines: Mapping[str, int]) -> str:
        body = {
            "lineItems": [
                {"variantId": self._variant(sku), "quantity": q} for sku, q in lines.items()
            ]
        }
        placed = self.store.control("orders", body)
        self.store.control("tick")
        return str(placed["id"]).rsplit("/", 1)[-1]

    def fulfil(self, order: str) -> None:
        self.store.control(f"orders/{order}/fulfil", {"number": "1Z1"})
        self.store.control("tick")

    def refund(self, order: str) -> None:
        self.store.control(f"orders/{order}/refund", {"restockType": "RETURN"})
        self.store.control("tick")

    def deliver(self) -> None:
        self.store.control("tick")

    def tracking(self, order: str) -> list[str]:
        found = self._order(order)["fulfillments"]
        shipped = sorted(found, key=lambda f: str(f["createdAt"]))
        return [t["number"] for f in shipped for t in f["trackingInfo"]]

    def refunded(self, order: str) -> dict[str, int]:
        units: dict[str, int] = {}
        for refund in self._order(order)["refunds"]:
            for line in refund["refundLineItems"]["nodes"]:
                sku = line["lineItem"]["sku"]
                units[sku] = units.get(sku, 0) + int(line["quantity"])
        return units

    def forge(self, resource_id: str) -> list[int]:
        body = json.dumps({"id": int(resource_id), "financial_status": "paid"}).encode()
        headers = {"X-Shopify-Topic": "orders/create", "X-Shopify-Event-Id": f"forged-{uuid4()}"}
        return answers(
            self.channel,
            body,
            [{**headers, "X-Shopify-Hmac-Sha256": sign(body, "not-the-apps-secret")}, headers],
        )

    def _order(self, order: str) -> dict[str, Any]:
        found: dict[str, Any] = self.store.gql(ORDER, {"id": f"gid://shopify/Order/{order}"})
        return found["order"]

    def _variant(self, sku: str) -> str:
        return self.remote[sku].variant_id


def open_store(hub: Location) -> Iterator[ShopifyDriver]:
    for stores in routed_stores():
        yield ShopifyDriver(hub, stores)
