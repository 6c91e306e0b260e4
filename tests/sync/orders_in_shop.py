"""Set-up for the order intake tests: a sandbox store selling two tees from one location,
a hub with the same tees in stock at a mapped location, listings linking them, and the
store's order webhooks delivered to the hub's endpoint (the hub's test client)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from django.test import Client

from stockbridge.catalog.models import Variant
from stockbridge.channels import services
from stockbridge.channels.access import seal
from stockbridge.channels.models import Channel, ChannelStatus
from stockbridge.channels.port import Credentials, InboundKind
from stockbridge.inventory import services as inventory
from stockbridge.inventory.models import Location
from stockbridge.platform import clock
from tests.inventory.conftest import make_location, make_variant
from tests.support.shopify_stores import Store
from tests.support.shops import seed_shop

from .channels_shop import PRODUCT_SET, Remote, add_location, link, map_location, real_time

HUB = "https://hub.example.com"
ORDER_KINDS = (InboundKind.ORDER, InboundKind.REFUND, InboundKind.CUSTOMER)


def deliver_to(client: Client) -> Callable[[str, dict[str, str], bytes], int]:
    """The sandbox's webhook transport: POST to the hub's test client at the URL's path."""

    def transport(url: str, headers: dict[str, str], body: bytes) -> int:
        rest = {k: v for k, v in headers.items() if k != "Content-Type"}
        answer = client.post(
            urlsplit(url).path, data=body, content_type=headers["Content-Type"], headers=rest
        )
        return int(answer.status_code)

    return transport


@dataclass
class Shop:
    store: Store
    channel: Channel
    warehouse: str  # the store's location gid
    wh: Location
    tees: dict[str, Variant]
    remote: dict[str, Remote]

    def order(self, lines: dict[str, int], **extra: Any) -> dict[str, Any]:
        """A shopper checks out `lines` ({sku: quantity}); the store's webhooks go out."""
        body = {
            "lineItems": [
                {"variantId": self.remote[sku].variant_id, "quantity": q}
                for sku, q in lines.items()
            ],
            **extra,
        }
        placed: dict[str, Any] = self.store.control("orders", body)
        self.store.control("tick")
        return placed

    def number(self, placed: dict[str, Any]) -> str:
        return str(placed["id"]).rsplit("/", 1)[-1]


def add_product(
    store: Store, title: str, skus: list[str], location: str, quantity: int, price: str = "10.00"
) -> dict[str, Remote]:
    """A product with one variant per SKU at `price`, stocked at `location`."""
    data = store.gql(
        PRODUCT_SET,
        {
            "input": {
                "title": title,
                "productOptions": [{"name": "SKU", "values": [{"name": s} for s in skus]}],
                "variants": [
                    {
                        "optionValues": [{"optionName": "SKU", "name": sku}],
                        "sku": sku,
                        "price": price,
                        "inventoryPolicy": "DENY",
                        "inventoryItem": {"tracked": True},
                        "inventoryQuantities": [
                            {"locationId": location, "name": "available", "quantity": quantity}
                        ],
                    }
                    for sku in skus
                ],
            }
        },
    )["productSet"]
    assert data["userErrors"] == [], data
    product = data["product"]
    return {
        v["sku"]: Remote(product["id"], v["id"], v["inventoryItem"]["id"])
        for v in product["variants"]["nodes"]
    }


def connect(store: Store, name: str) -> Channel:
    return Channel.objects.create(
        kind="shopify",
        name=name,
        domain=store.domain,
        base_url=store.base_url,
        credentials=seal(
            Credentials(
                access_token=store.token, webhook_secret=store.app.credentials.client_secret
            )
        ),
        status=ChannelStatus.CONNECTED,
        created_at=clock.now(),
        connected_at=clock.now(),
    )


def open_shop(store: Store, *, stock: int = 10, subscribe: bool = True) -> Shop:
    real_time(store)
    seed_shop(store, currency="USD")
    warehouse = add_location(store, 1, "Stockbridge Warehouse")
    remote = add_product(store, "Tee", ["TEE-S", "TEE-M"], warehouse, stock)
    wh = make_location("WH")
    tees = {sku: make_variant(sku) for sku in remote}
    channel = connect(store, f"Shop {store.domain}")
    map_location(channel, wh, warehouse, "Stockbridge Warehouse")
    for sku, variant in tees.items():
        inventory.adjust(variant_id=variant.pk, location_id=wh.pk, delta=stock)
        link(channel, variant, remote[sku], confirmed={warehouse: stock})
    if subscribe:
        store.app.webhooks.transport = deliver_to(Client())
        results = services.subscribe_webhooks(channel=channel, base_url=HUB, kinds=ORDER_KINDS)
        assert all(r.ok for r in results), results
    return Shop(store, channel, warehouse, wh, tees, remote)
