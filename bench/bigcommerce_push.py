"""`push_inventory.py --channel bigcommerce`: N variant levels pushed to a BigCommerce sandbox
store (standard plan: 150 requests a 30 s window) over HTTP on loopback by the channel drain.

The store holds `levels` variants, 100 per product with options, at its default location; the
channel maps our warehouse to it. Prints {"channel", "levels", "calls", "rate_limited",
"seconds", "levels_per_s", "pushed", "wrong", "bound", "load_average"}: `calls` counts every
REST request the store served during the drain, `rate_limited` its 429 answers. The bound is
the batch limit's: one absolute inventory adjustment takes 2,000 items, so the fewest calls are
ceil(levels / 2000) = 5 for 10,000. Targets: calls == bound, rate_limited == 0."""

from __future__ import annotations

import json
import logging
import math
import os
import time
from decimal import Decimal

PER_PRODUCT = 100
BATCH = 2000


def run_bigcommerce(levels: int) -> int:
    from django.db import transaction

    from stockbridge.catalog.models import Product, Variant
    from stockbridge.channels.access import seal
    from stockbridge.channels.models import (
        Channel,
        ChannelStatus,
        Listing,
        ListingLevel,
        LocationMapping,
    )
    from stockbridge.channels.port import Credentials
    from stockbridge.inventory import services as inventory
    from stockbridge.inventory.models import Location
    from stockbridge.platform import clock
    from stockbridge.sync import drains, pushes
    from stockbridge_sandboxes.bigcommerce import BigCommerceApp
    from stockbridge_sandboxes.bigcommerce.catalog import create_product
    from stockbridge_sandboxes.serving import BackgroundServer

    app = BigCommerceApp()
    remote: list[dict[str, object]] = []
    for p in range(math.ceil(levels / PER_PRODUCT)):
        count = min(PER_PRODUCT, levels - p * PER_PRODUCT)
        made = create_product(app.store, {
            "name": f"Bench {p}", "type": "physical", "weight": 1, "price": 10,
            "inventory_tracking": "variant",
            "variants": [{"sku": f"B{p}-{v}", "inventory_level": 10, "option_values": [
                {"option_display_name": "Size", "label": f"V{v}"}]} for v in range(count)],
        })  # fmt: skip
        remote += [v for v in app.store.variants.values() if v["product_id"] == made["id"]]

    logging.getLogger("httpx").setLevel(logging.WARNING)
    drains.stop_listening_to_domains()
    now = clock.now()
    warehouse = Location.objects.create(name="Warehouse", code="WH")
    with BackgroundServer(app, name="bigcommerce-sandbox") as server:
        channel = Channel.objects.create(
            kind="bigcommerce",
            name="Bench",
            domain=app.store_hash,
            base_url=server.base_url,
            credentials=seal(Credentials(access_token=app.token)),
            status=ChannelStatus.CONNECTED,
            buffer=1,
            percentage=Decimal(90),
            created_at=now,
        )
        LocationMapping.objects.create(channel=channel, location=warehouse, remote_location_id="1")
        with transaction.atomic():
            hub_products = Product.objects.bulk_create(
                Product(title=f"Bench {n}", handle=f"bench-{n}")
                for n in range(math.ceil(levels / PER_PRODUCT))
            )
            variants = Variant.objects.bulk_create(
                Variant(
                    product=hub_products[n // PER_PRODUCT],
                    sku=str(r["sku"]),
                    currency="USD",
                    price=Decimal("10.00"),
                )
                for n, r in enumerate(remote)
            )
            listings = Listing.objects.bulk_create(
                Listing(
                    channel=channel,
                    variant=variant,
                    remote_product_id=str(r["product_id"]),
                    remote_variant_id=str(r["id"]),
                    remote_inventory_item_id=str(r["id"]),
                    created_at=now,
                    updated_at=now,
                )
                for variant, r in zip(variants, remote, strict=True)
            )
            ListingLevel.objects.bulk_create(
                ListingLevel(
                    listing=listing, remote_location_id="1", confirmed=10, confirmed_at=now
                )
                for listing in listings
            )
            for n, variant in enumerate(variants):
                inventory.adjust(variant_id=variant.pk, location_id=warehouse.pk, delta=50 + n % 7)
        pushes.mark_pending([(listing.pk, channel.pk) for listing in listings])
        app.log.clear()

        started = time.perf_counter()
        result = pushes.drain(channel_id=channel.pk)
        seconds = time.perf_counter() - started

    wanted = {v.pk: int((50 + n % 7 - 1) * 0.9) for n, v in enumerate(variants)}
    wrong = sum(
        1
        for listing in listings
        if app.store.stock.get((int(listing.remote_variant_id), 1)) != wanted[listing.variant_id]
    )
    bound = math.ceil(levels / BATCH)
    print(
        json.dumps(
            {
                "channel": "bigcommerce",
                "levels": levels,
                "calls": len(app.log),
                "rate_limited": sum(1 for entry in app.log if entry.get("status") == 429),
                "seconds": round(seconds, 2),
                "levels_per_s": round(levels / seconds),
                "pushed": result.pushed,
                "wrong": wrong,
                "bound": bound,
                "load_average": round(os.getloadavg()[0], 2),
            }
        )
    )
    return 0 if wrong == 0 and result.pushed == levels and len(app.log) == bound else 1
