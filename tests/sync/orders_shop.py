"""Set-up for the "sync orders" tests: a sandbox store with two locations and priced products,
an order placed there by a shopper, the same order imported in the hub (confirmed, invoiced,
paid), and readings of what the sandbox holds."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from stockbridge.catalog.models import Variant
from stockbridge.channels.models import Channel, OperationSettings
from stockbridge.inventory import services as inventory
from stockbridge.inventory.models import Location
from stockbridge.orders import services as orders
from stockbridge.orders.models import Order, OrderLine
from stockbridge.orders.specs import LineSpec, OrderSpec
from stockbridge.sync.models import OrderPush
from stockbridge_sandboxes.shopify.resolvers.inventory import level_for, quantity
from tests.inventory.conftest import make_location, make_variant
from tests.support.shopify_stores import Store

from .channels_shop import Remote, add_location, connect, link, map_location, real_time

PRODUCT = """mutation($input: ProductSetInput!) {
  productSet(input: $input, synchronous: true) {
    product { variants(first: 5) { nodes { id sku inventoryItem { id } product { id } } } }
    userErrors { field message }
  }
}"""

ORDER = """query($id: ID!) {
  order(id: $id) {
    displayFulfillmentStatus displayFinancialStatus closed cancelledAt
    fulfillments {
      status
      location { id }
      trackingInfo { company number url }
      fulfillmentLineItems(first: 10) { nodes { quantity lineItem { sku } } }
    }
    refunds { id refundLineItems(first: 10) { nodes { quantity restockType } } }
  }
}"""


@dataclass
class Shop:
    store: Store
    channel: Channel
    warehouse: str  # remote location ids
    street: str
    wh: Location  # ours
    outlet: Location
    tee: Variant
    cap: Variant
    remote: dict[str, Remote]


def _product(store: Store, sku: str, location: str, quantity: int) -> Remote:
    data = store.gql(
        PRODUCT,
        {
            "input": {
                "title": sku.title(),
                "productOptions": [{"name": "Title", "values": [{"name": "Default Title"}]}],
                "variants": [
                    {
                        "optionValues": [{"optionName": "Title", "name": "Default Title"}],
                        "sku": sku,
                        "price": "10.00",
                        "inventoryItem": {"tracked": True},
                        "inventoryQuantities": [
                            {"locationId": location, "name": "available", "quantity": quantity}
                        ],
                    }
                ],
            }
        },
    )["productSet"]
    assert data["userErrors"] == [], data
    node = data["product"]["variants"]["nodes"][0]
    return Remote(node["product"]["id"], node["id"], node["inventoryItem"]["id"])


def make_shop(store: Store, name: str = "Shop O") -> Shop:
    """TEE is stocked (10) only at Shopify's warehouse, CAP (10) only at its high-street shop;
    ours: WH feeds the warehouse, OUTLET the high street. Stock sync is off for the channel:
    only what the orders move changes the sandbox's figures."""
    store = real_time(store)
    warehouse = add_location(store, 1, "Warehouse")
    street = add_location(store, 2, "High Street")
    remote = {
        "TEE": _product(store, "TEE", warehouse, 10),
        "CAP": _product(store, "CAP", street, 10),
    }
    tee, cap = make_variant("TEE"), make_variant("CAP")
    wh, outlet = make_location("WH"), make_location("OUTLET")
    inventory.adjust(variant_id=tee.pk, location_id=wh.pk, delta=10)
    inventory.adjust(variant_id=cap.pk, location_id=outlet.pk, delta=10)
    channel = connect(store, name)
    OperationSettings.objects.create(channel=channel, operation="sync_listings", enabled=False)
    map_location(channel, wh, warehouse, "Warehouse")
    map_location(channel, outlet, street, "High Street")
    link(channel, tee, remote["TEE"])
    link(channel, cap, remote["CAP"])
    return Shop(store, channel, warehouse, street, wh, outlet, tee, cap, remote)


def shopper_order(shop: Shop, lines: dict[str, int]) -> tuple[Order, dict[str, OrderLine]]:
    """A shopper orders `lines` (SKU: quantity) in the sandbox; the hub imports it."""
    placed = shop.store.control(
        "orders",
        {
            "lineItems": [
                {"variantId": shop.remote[sku].variant_id, "quantity": q}
                for sku, q in lines.items()
            ],
            "email": "ann@example.com",
        },
    )
    variants = {"TEE": shop.tee, "CAP": shop.cap}
    order, created = orders.import_channel_order(
        spec=OrderSpec(
            currency="USD",
            lines=tuple(
                LineSpec(q, variant_id=variants[sku].pk, unit_price=Decimal("10.00"))
                for sku, q in lines.items()
            ),
            channel=shop.channel.name,
            external_id=placed["id"],
            external_name=placed["name"],
            email="ann@example.com",
        )
    )
    assert created
    return order, {line.sku: line for line in order.lines.all()}


def remote_order(shop: Shop, order: Order) -> dict[str, Any]:
    data: dict[str, Any] = shop.store.gql(ORDER, {"id": order.external_id})["order"]
    return data


def level(shop: Shop, sku: str, location: str) -> dict[str, int]:
    """The sandbox's available / committed / on_hand of a SKU at a remote location."""
    store = shop.store.app.store
    item = store.get(shop.remote[sku].item_id)
    found = level_for(store, item, location)
    assert found is not None
    return {n: quantity(found, n) for n in ("available", "committed", "on_hand")}


def sent(shop: Shop, operation: str) -> int:
    """How many requests of `operation` the sandbox ran."""
    return sum(
        1
        for entry in shop.store.app.request_log
        if entry["operation"] == operation and not entry["throttled"]
    )


def pushes(shop: Shop) -> list[tuple[str, str, int]]:
    return [
        (p.kind, p.state, len(p.remote_ids))
        for p in OrderPush.objects.filter(channel=shop.channel).order_by("id")
    ]
