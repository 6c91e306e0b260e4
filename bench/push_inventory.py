"""Benchmark: N changed variant x location levels pushed to a Shopify sandbox store on the
standard plan (or a WooCommerce sandbox store, `--channel woocommerce`) by the channel drain
(`sync.pushes.drain`), the path every hub stock change takes.

    python3 -m uv run python bench/push_inventory.py --levels 10000
    python3 -m uv run python bench/push_inventory.py --channel woocommerce --levels 10000
    python3 -m uv run python bench/push_inventory.py --channel bigcommerce --levels 10000

Set-up (not timed): a fresh SQLite database in a temp dir; a sandbox store seeded with
`levels` variants stocked at one location, served over HTTP on a loopback port; a connected
channel mapping our warehouse to it; one linked listing per variant with the sandbox's figure
recorded as last confirmed; new stock in the hub for every variant (through the ledger) and a
pending push per listing. Timed: one drain pushing them all. Prints one JSON object:
    {"levels", "calls", "throttled", "seconds", "levels_per_s", "pushed", "wrong",
     "load_average"}
`calls` counts every GraphQL request the sandbox served, `throttled` those it refused for
budget (THROTTLED or 429); `wrong` counts sandbox levels that differ from what the hub wants
(must be 0); `load_average` is the machine's 1-minute load when it finished (the figure
depends on what else runs on the cores).
Targets (issue 13): calls <= 45, throttled == 0, seconds < 15.

WooCommerce (issue 17): the store holds `levels` variations, 100 per variable product, served
over HTTP on loopback with OAuth 1.0a; the channel maps our warehouse to the store's one stock
figure. Prints {"channel", "levels", "calls", "rate_limited", "seconds", "levels_per_s",
"pushed", "wrong", "bound", "load_average"}: `calls` counts every REST request the sandbox
served during the drain, `rate_limited` its 429 answers. The bound is the batch limit's:
WooCommerce takes 100 items a batch, and a variation is written through its own product, so
the fewest calls are the sum over products of ceil(variations / 100) = ceil(10000 / 100) = 100
here. Targets: calls == bound, rate_limited == 0.

BigCommerce (issue 17, `--channel bigcommerce`, bench/bigcommerce_push.py): bound
ceil(levels / 2000) absolute-adjustment calls (5 for 10,000), rate_limited == 0.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

PER_PRODUCT = 100


def configure(data_dir: Path) -> None:
    os.environ.pop("DATABASE_URL", None)
    os.environ["STOCKBRIDGE_DATA_DIR"] = str(data_dir)
    os.environ["STOCKBRIDGE_QUEUE"] = "immediate"
    from stockbridge import bootstrap

    bootstrap.configure()
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=0)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--levels", type=int, default=10_000)
    parser.add_argument(
        "--channel", choices=("shopify", "woocommerce", "bigcommerce"), default="shopify"
    )
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="stockbridge-bench-") as tmp:
        configure(Path(tmp))
        if args.channel == "woocommerce":
            return run_woocommerce(args.levels)
        if args.channel == "bigcommerce":
            from bigcommerce_push import run_bigcommerce  # bench/ beside this script

            return run_bigcommerce(args.levels)
        return run(args.levels)


def run(levels: int) -> int:
    from decimal import Decimal

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
    from stockbridge_sandboxes.shopify import SandboxApp
    from stockbridge_sandboxes.shopify.clock import Clock
    from stockbridge_sandboxes.shopify.seed import seed_generated
    from stockbridge_sandboxes.shopify.server import BackgroundServer

    app = SandboxApp(clock=Clock(), plan="standard", shop_domain="bench.myshopify.com")
    products, rest = divmod(levels, PER_PRODUCT)
    seed_generated(app.store, products, PER_PRODUCT)
    if rest:
        seed_generated(app.store, 1, rest)
    remote_location = "gid://shopify/Location/1"
    sandbox_variants = [v for v in app.store.all("ProductVariant")][:levels]

    logging.getLogger("httpx").setLevel(logging.WARNING)
    drains.stop_listening_to_domains()  # the set-up's stock changes are pushed by the timed drain
    now = clock.now()
    warehouse = Location.objects.create(name="Warehouse", code="WH")
    with BackgroundServer(app) as server:
        channel = Channel.objects.create(
            kind="shopify",
            name="Bench",
            domain=app.shop_domain,
            base_url=server.base_url,
            credentials=seal(Credentials(access_token=app.token)),
            status=ChannelStatus.CONNECTED,
            buffer=1,
            percentage=Decimal(90),
            created_at=now,
        )
        LocationMapping.objects.create(
            channel=channel, location=warehouse, remote_location_id=remote_location
        )
        with transaction.atomic():
            hub_products = Product.objects.bulk_create(
                Product(title=f"Bench {n}", handle=f"bench-{n}")
                for n in range(products + (1 if rest else 0))
            )
            variants = Variant.objects.bulk_create(
                Variant(
                    product=hub_products[n // PER_PRODUCT],
                    sku=remote["sku"],
                    currency="USD",
                    price=Decimal("10.00"),
                )
                for n, remote in enumerate(sandbox_variants)
            )
            listings = Listing.objects.bulk_create(
                Listing(
                    channel=channel,
                    variant=variant,
                    remote_product_id=str((app.store.deref(remote["product"]) or {}).get("id", "")),
                    remote_variant_id=remote["id"],
                    remote_inventory_item_id=str(app.store.deref(remote["inventoryItem"])["id"]),
                    created_at=now,
                    updated_at=now,
                )
                for variant, remote in zip(variants, sandbox_variants, strict=True)
            )
            ListingLevel.objects.bulk_create(
                ListingLevel(
                    listing=listing,
                    remote_location_id=remote_location,
                    confirmed=_available(app, listing.remote_inventory_item_id),
                    confirmed_at=now,
                )
                for listing in listings
            )
            for n, variant in enumerate(variants):
                inventory.adjust(variant_id=variant.pk, location_id=warehouse.pk, delta=50 + n % 7)
        pushes.mark_pending([(listing.pk, channel.pk) for listing in listings])
        app.execute("{ shop { name } }")  # the sandbox builds its schema once, untimed
        app.request_log.clear()

        started = time.perf_counter()
        if os.environ.get("BENCH_PROFILE"):
            import cProfile
            import pstats

            profile = cProfile.Profile()
            result = profile.runcall(pushes.drain, channel_id=channel.pk)
            pstats.Stats(profile, stream=sys.stderr).sort_stats("cumulative").print_stats(35)
        else:
            result = pushes.drain(channel_id=channel.pk)
        seconds = time.perf_counter() - started

    wanted = {v.pk: int((50 + n % 7 - 1) * 0.9) for n, v in enumerate(variants)}
    wrong = sum(
        1
        for listing in listings
        if _available(app, listing.remote_inventory_item_id) != wanted[listing.variant_id]
    )
    log = app.request_log
    print(
        json.dumps(
            {
                "levels": levels,
                "calls": len(log),
                "throttled": sum(1 for entry in log if entry["throttled"]),
                "seconds": round(seconds, 2),
                "levels_per_s": round(levels / seconds),
                "pushed": result.pushed,
                "wrong": wrong,
                "load_average": round(os.getloadavg()[0], 2),
            }
        )
    )
    return 0 if wrong == 0 and result.pushed == levels else 1


def run_woocommerce(levels: int) -> int:
    import math
    from decimal import Decimal

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
    from stockbridge_sandboxes.woocommerce import Site, WooSandbox
    from stockbridge_sandboxes.woocommerce.seed import seed_generated
    from stockbridge_sandboxes.woocommerce.server import BackgroundServer

    app = WooSandbox(site=Site(name="Bench", home_url="http://bench.sandbox.test"))
    products, rest = divmod(levels, PER_PRODUCT)
    stocked = seed_generated(app.catalog, products, PER_PRODUCT, stock=10)
    if rest:
        stocked += seed_generated(app.catalog, 1, rest, stock=10, prefix="REST")
    parent = app.store.parent_of
    bound = sum(math.ceil(n / 100) for n in ([PER_PRODUCT] * products + ([rest] if rest else [])))

    logging.getLogger("httpx").setLevel(logging.WARNING)
    drains.stop_listening_to_domains()
    now = clock.now()
    warehouse = Location.objects.create(name="Warehouse", code="WH")
    with BackgroundServer(app) as server:
        channel = Channel.objects.create(
            kind="woocommerce",
            name="Bench",
            domain="bench.sandbox.test",
            base_url=server.base_url,
            credentials=seal(Credentials(access_token=f"{app.consumer_key}:{app.consumer_secret}")),
            status=ChannelStatus.CONNECTED,
            buffer=1,
            percentage=Decimal(90),
            created_at=now,
        )
        LocationMapping.objects.create(
            channel=channel, location=warehouse, remote_location_id="stock"
        )
        with transaction.atomic():
            hub_products = Product.objects.bulk_create(
                Product(title=f"Bench {n}", handle=f"bench-{n}")
                for n in range(products + (1 if rest else 0))
            )
            variants = Variant.objects.bulk_create(
                Variant(
                    product=hub_products[n // PER_PRODUCT],
                    sku=remote["sku"],
                    currency="USD",
                    price=Decimal("10.00"),
                )
                for n, remote in enumerate(stocked)
            )
            listings = Listing.objects.bulk_create(
                Listing(
                    channel=channel,
                    variant=variant,
                    remote_product_id=str(parent[remote["id"]]),
                    remote_variant_id=str(remote["id"]),
                    remote_inventory_item_id=f"{parent[remote['id']]}/{remote['id']}",
                    created_at=now,
                    updated_at=now,
                )
                for variant, remote in zip(variants, stocked, strict=True)
            )
            ListingLevel.objects.bulk_create(
                ListingLevel(
                    listing=listing, remote_location_id="stock", confirmed=10, confirmed_at=now
                )
                for listing in listings
            )
            for n, variant in enumerate(variants):
                inventory.adjust(variant_id=variant.pk, location_id=warehouse.pk, delta=50 + n % 7)
        pushes.mark_pending([(listing.pk, channel.pk) for listing in listings])
        app.request_log.clear()

        started = time.perf_counter()
        result = pushes.drain(channel_id=channel.pk)
        seconds = time.perf_counter() - started

    wanted = {v.pk: int((50 + n % 7 - 1) * 0.9) for n, v in enumerate(variants)}
    wrong = sum(
        1
        for listing in listings
        if app.store.variations[int(listing.remote_variant_id)]["stock_quantity"]
        != wanted[listing.variant_id]
    )
    log = app.request_log
    print(
        json.dumps(
            {
                "channel": "woocommerce",
                "levels": levels,
                "calls": len(log),
                "rate_limited": sum(1 for entry in log if entry["status"] == 429),
                "seconds": round(seconds, 2),
                "levels_per_s": round(levels / seconds),
                "pushed": result.pushed,
                "wrong": wrong,
                "bound": bound,
                "load_average": round(os.getloadavg()[0], 2),
            }
        )
    )
    return 0 if wrong == 0 and result.pushed == levels and len(log) == bound else 1


def _available(app: Any, item_id: str) -> int:
    from stockbridge_sandboxes.shopify.resolvers.inventory import level_for, quantity

    item = app.store.get(item_id, "InventoryItem")
    level = level_for(app.store, item, "gid://shopify/Location/1")
    return int(quantity(level, "available"))


if __name__ == "__main__":
    sys.exit(main())
