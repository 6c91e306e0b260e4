"""The hub side of the chaos test, run in the hub's own environment (its data directory, not
the test database) as `python -m tests.sync.chaos_hub seed|report`, given a JSON spec on
stdin and answering JSON on stdout.

- `seed`: migrate; a warehouse holding `stock` of each SKU; the store added as a channel and
  connected by token (the app's secret signs its webhooks), the warehouse mapped to the
  store's location, each variant linked to the store's (as an import leaves them: the
  store's quantity confirmed), and the order webhooks subscribed at the hub's public URL.
  Every write goes through the services the CLI and the API use, but the links (an import
  would create the variants too). Answers {"channel": name}.
- `report`: the orders imported (their external ids), the committed quantity of each SKU at
  the warehouse, and the inbox's events not processed.
"""

from __future__ import annotations

import json
import sys
from decimal import Decimal
from typing import Any

CHANNEL = "Chaos store"
WAREHOUSE = "WH"


def seed(spec: dict[str, Any]) -> dict[str, Any]:
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=0)
    from stockbridge.catalog.models import Product, Variant
    from stockbridge.channels.models import Listing, ListingLevel
    from stockbridge.channels.services.adding import add_channel
    from stockbridge.channels.services.connecting import connect_with_token
    from stockbridge.channels.services.locations import map_location
    from stockbridge.channels.services.webhooks import (
        ORDER_EVENTS,
        public_url,
        subscribe_webhooks,
    )
    from stockbridge.inventory import services as inventory
    from stockbridge.inventory.locations import LocationSpec, create_location
    from stockbridge.platform import clock

    warehouse = create_location(spec=LocationSpec(name="Warehouse", code=WAREHOUSE))
    channel = add_channel(
        kind="shopify", name=CHANNEL, domain=spec["domain"], base_url=spec["base_url"]
    )
    channel = connect_with_token(
        channel=channel, token=spec["token"], webhook_secret=spec["webhook_secret"]
    )
    map_location(channel=channel, location=warehouse.pk, remote_location_id=spec["remote_location"])
    now = clock.now()
    for sku, remote in spec["remote"].items():
        product = Product.objects.create(title=sku.title(), handle=sku.lower())
        variant = Variant.objects.create(
            product=product, sku=sku, currency="USD", price=Decimal("10.00")
        )
        inventory.adjust(variant_id=variant.pk, location_id=warehouse.pk, delta=spec["stock"])
        listing = Listing.objects.create(
            channel=channel,
            variant=variant,
            remote_product_id=remote["product_id"],
            remote_variant_id=remote["variant_id"],
            remote_inventory_item_id=remote["item_id"],
            created_at=now,
            updated_at=now,
        )
        ListingLevel.objects.create(
            listing=listing,
            remote_location_id=spec["remote_location"],
            confirmed=spec["stock"],
            confirmed_at=now,
        )
    results = subscribe_webhooks(channel=channel, base_url=public_url(), kinds=ORDER_EVENTS)
    assert all(r.ok for r in results), results
    return {"channel": channel.name}


def report(spec: dict[str, Any]) -> dict[str, Any]:
    from stockbridge.inventory.models import StockLevel
    from stockbridge.orders.models import Order
    from stockbridge.sync.models import InboundEvent

    levels = StockLevel.objects.filter(location__code=WAREHOUSE).select_related("variant")
    return {
        "orders": list(Order.objects.values_list("external_id", flat=True)),
        "committed": {level.variant.sku: level.committed for level in levels},
        "pending_events": InboundEvent.objects.filter(processed_at__isnull=True).count(),
    }


def main() -> int:
    from stockbridge import bootstrap

    bootstrap.configure()
    command = {"seed": seed, "report": report}[sys.argv[1]]
    print(json.dumps(command(json.loads(sys.stdin.read() or "{}"))))
    return 0


if __name__ == "__main__":
    sys.exit(main())
