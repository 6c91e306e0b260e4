"""Set-up for the channel push tests: a sandbox store with locations and products (made through
its Admin API), a connected channel with location mappings and a quantity rule, listings
linking our variants to the sandbox's, and readings of what the sandbox holds."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from stockbridge.catalog.models import Variant
from stockbridge.channels.access import seal
from stockbridge.channels.models import (
    Channel,
    ChannelStatus,
    Listing,
    ListingLevel,
    LocationMapping,
)
from stockbridge.channels.port import Credentials
from stockbridge.inventory.models import Location
from stockbridge.platform import clock
from stockbridge_sandboxes.shopify.clock import Clock
from tests.support.shopify_stores import Store

PRODUCT_SET = """mutation($input: ProductSetInput!) {
  productSet(input: $input, synchronous: true) {
    product { id variants(first: 100) { nodes { id sku inventoryItem { id } } } }
    userErrors { field message }
  }
}"""

LEVEL = """query($item: ID!, $location: ID!) {
  inventoryItem(id: $item) {
    inventoryLevel(locationId: $location) { quantities(names: ["available"]) { quantity } }
  }
}"""

SET_AVAILABLE = """mutation($input: InventorySetQuantitiesInput!) {
  inventorySetQuantities(input: $input) @idempotent(key: "%s") { userErrors { code } }
}"""

DELETE_VARIANTS = """mutation($product: ID!, $variants: [ID!]!) {
  productVariantsBulkDelete(productId: $product, variantsIds: $variants) {
    userErrors { field message }
  }
}"""


@dataclass(frozen=True)
class Remote:
    product_id: str
    variant_id: str
    item_id: str


def real_time(store: Store) -> Store:
    """The store's call budget refills in real seconds (the sandbox clock of the fixture may
    be frozen)."""
    store.app.throttle.clock = Clock()
    return store


def add_location(store: Store, number: int, name: str) -> str:
    gid = f"gid://shopify/Location/{number}"
    store.app.store.put(gid, {"name": name, "isActive": True, "legacyResourceId": str(number)})
    return gid


def add_product(
    store: Store, title: str, skus: list[str], locations: list[str], quantity: int = 0
) -> dict[str, Remote]:
    """A product with one variant per SKU, stocked (`quantity`) at every location given."""
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
                        "inventoryItem": {"tracked": True},
                        "inventoryQuantities": [
                            {"locationId": loc, "name": "available", "quantity": quantity}
                            for loc in locations
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


def connect(
    store: Store,
    name: str,
    *,
    buffer: int = 0,
    percentage: Decimal = Decimal(100),
    max_listed: int | None = None,
    out_of_stock_below: int = 0,
) -> Channel:
    return Channel.objects.create(
        kind="shopify",
        name=name,
        domain=store.domain,
        base_url=store.base_url,
        credentials=seal(Credentials(access_token=store.token)),
        status=ChannelStatus.CONNECTED,
        buffer=buffer,
        percentage=percentage,
        max_listed=max_listed,
        out_of_stock_below=out_of_stock_below,
        created_at=clock.now(),
        connected_at=clock.now(),
    )


def map_location(channel: Channel, location: Location, remote_id: str, remote_name: str) -> None:
    LocationMapping.objects.create(
        channel=channel, location=location, remote_location_id=remote_id, remote_name=remote_name
    )


def link(
    channel: Channel,
    variant: Variant,
    remote: Remote,
    confirmed: dict[str, int] | None = None,
) -> Listing:
    """A linked listing; `confirmed` = {remote location id: quantity the channel was seen
    holding} (what an import records)."""
    now = clock.now()
    listing = Listing.objects.create(
        channel=channel,
        variant=variant,
        remote_product_id=remote.product_id,
        remote_variant_id=remote.variant_id,
        remote_inventory_item_id=remote.item_id,
        created_at=now,
        updated_at=now,
    )
    for location_id, quantity in (confirmed or {}).items():
        ListingLevel.objects.create(
            listing=listing, remote_location_id=location_id, confirmed=quantity, confirmed_at=now
        )
    return listing


def available(store: Store, remote: Remote, location: str) -> int | None:
    data = store.gql(LEVEL, {"item": remote.item_id, "location": location})["inventoryItem"]
    if data is None or data["inventoryLevel"] is None:
        return None
    return int(data["inventoryLevel"]["quantities"][0]["quantity"])


def set_in_shop(store: Store, remote: Remote, location: str, quantity: int, key: str) -> None:
    """Someone changes the level in Shopify's own admin."""
    answer = store.gql(
        SET_AVAILABLE % key,
        {
            "input": {
                "name": "available",
                "reason": "correction",
                "quantities": [
                    {
                        "inventoryItemId": remote.item_id,
                        "locationId": location,
                        "quantity": quantity,
                        "changeFromQuantity": None,
                    }
                ],
            }
        },
    )
    assert answer["inventorySetQuantities"]["userErrors"] == []


def delete_variant(store: Store, remote: Remote) -> None:
    answer = store.gql(
        DELETE_VARIANTS, {"product": remote.product_id, "variants": [remote.variant_id]}
    )
    assert answer["productVariantsBulkDelete"]["userErrors"] == [], answer


def pushes_sent(store: Store) -> list[dict[str, Any]]:
    """The quantity writes the sandbox executed (not those it throttled)."""
    return [
        entry
        for entry in store.app.request_log
        if entry["operation"] == "SetInventoryQuantities" and not entry["throttled"]
    ]


def levels_applied(store: Store) -> int:
    """How many `available` levels the store changed for Stockbridge's quantity writes (its
    inventory history: adjustment groups naming a Stockbridge document)."""
    return sum(
        1
        for group in store.app.store.all("InventoryAdjustmentGroup")
        if str(group.get("referenceDocumentUri") or "").startswith("gid://stockbridge/")
        for change in group.get("changes") or []
        if change.get("name") == "available"
    )
