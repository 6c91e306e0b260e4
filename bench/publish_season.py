"""Benchmark: a season of N new products (V variants each, two images each, one shared by all)
published to a Shopify sandbox store on the standard plan by "Publish listings", the path of
"Push All Products".

    python3 -m uv run python bench/publish_season.py --products 2000 --variants-per-product 10

Set-up (not timed): a fresh SQLite database in a temp dir; the products written through the
catalog's bulk upsert; a sandbox store on the standard plan (2,000-point bucket restoring 100
points a second, its throttle on the real clock) served over HTTP on a loopback port; a
connected channel. Timed: one run of `publish_listings`. Prints one JSON object:
    {"products", "variants", "seconds", "calls", "cost_points", "throttled", "created",
     "bound_seconds", "rate_vs_bound", "load_average"}
`bulk_operations` counts the bulk mutations run (a season of more than `--bulk-threshold`
products goes by bulk: `calls` and `cost_points` then count the requests around them, which
Shopify does not charge per product), `cpu_seconds` the CPU time of this process (hub and
in-process sandbox) during the run.
`calls` counts every GraphQL request the sandbox served; `cost_points` sums their actual cost
(what the bucket is charged); `throttled` counts requests refused for budget (THROTTLED or
429). The plan's cost bound: with a bucket of B points restoring R points a second, spending
C points takes at least max(0, C - B) / R seconds (`bound_seconds`); `rate_vs_bound` =
bound_seconds / seconds (1.0 = as fast as the plan allows).
Targets (issue 14): throttled == 0, rate_vs_bound >= 0.9 when the run is cost-bound.
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

BUCKET = 2000.0
RESTORE = 100.0


def configure(data_dir: Path) -> None:
    os.environ.pop("DATABASE_URL", None)
    os.environ["STOCKBRIDGE_DATA_DIR"] = str(data_dir)
    os.environ["STOCKBRIDGE_QUEUE"] = "immediate"
    from stockbridge import bootstrap

    bootstrap.configure()
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=0)


def main() -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--products", type=int, default=2000)
    parser.add_argument("--variants-per-product", type=int, default=10)
    parser.add_argument(
        "--bulk-threshold",
        type=int,
        default=None,
        help="the publish setting bulk_threshold (default: the setting's default, 100); "
        "a season of more products goes by bulk mutation, else one productSet per product",
    )
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="stockbridge-bench-") as tmp:
        configure(Path(tmp))
        return run(args.products, args.variants_per_product, args.bulk_threshold)


def _specs(products: int, per_product: int) -> list[Any]:
    from decimal import Decimal

    from stockbridge.catalog.specs import AttributeSpec, ImageSpec, ProductSpec, VariantSpec

    sizes = tuple(f"S{n:02d}" for n in range(per_product))
    return [
        ProductSpec(
            title=f"Bench Coat {p}",
            handle=f"bench-coat-{p}",
            description_html="<p>Waxed cotton.</p>",
            status="active",
            vendor="Bench Co",
            product_type=f"Type {p % 5}",
            season="SS27",
            tags=("bench",),
            attributes=(AttributeSpec("Size", sizes),),
            variants=tuple(
                VariantSpec(
                    sku=f"BC-{p}-{s}",
                    price=Decimal("54.00"),
                    cost=Decimal("20.00"),
                    currency="USD",
                    attribute_values=(s,),
                    weight=Decimal("0.8"),
                    weight_unit="kg",
                )
                for s in sizes
            ),
            images=(
                ImageSpec(url="https://cdn.example.com/bench/logo.png", md5="b" * 32),
                ImageSpec(url=f"https://cdn.example.com/bench/{p}.png"),
            ),
        )
        for p in range(products)
    ]


def run(products: int, per_product: int, bulk_threshold: int | None = None) -> int:
    from stockbridge.catalog.services import create_season, upsert_products
    from stockbridge.channels.access import seal
    from stockbridge.channels.models import Channel, ChannelStatus, Listing, OperationSettings
    from stockbridge.channels.port import Credentials
    from stockbridge.platform import clock
    from stockbridge.sync.operations import run_operation
    from stockbridge_sandboxes.shopify import SandboxApp
    from stockbridge_sandboxes.shopify.clock import Clock
    from stockbridge_sandboxes.shopify.server import BackgroundServer

    logging.getLogger("httpx").setLevel(logging.WARNING)
    create_season(name="SS27")
    specs = _specs(products, per_product)
    for start in range(0, len(specs), 500):
        upsert_products(specs=specs[start : start + 500])
    app = SandboxApp(clock=Clock(), plan="standard", shop_domain="bench.myshopify.com")
    with BackgroundServer(app) as server:
        channel = Channel.objects.create(
            kind="shopify",
            name="Bench",
            domain=app.shop_domain,
            base_url=server.base_url,
            credentials=seal(Credentials(access_token=app.token)),
            status=ChannelStatus.CONNECTED,
            currency="USD",
            created_at=clock.now(),
        )
        if bulk_threshold is not None:
            OperationSettings.objects.create(
                channel=channel,
                operation="publish_listings",
                settings={"bulk_threshold": bulk_threshold},
            )
        app.execute("{ shop { name } }")  # the sandbox builds its schema once, untimed
        app.request_log.clear()
        started = time.perf_counter()
        cpu = time.process_time()
        result = run_operation(
            channel_id=channel.pk,
            operation="publish_listings",
            arguments={"season": "SS27"},
        )
        seconds = time.perf_counter() - started
    log = app.request_log
    cost = sum(float(e.get("actualQueryCost") or 0) for e in log)
    bound = max(0.0, cost - BUCKET) / RESTORE
    linked = Listing.objects.filter(channel=channel, status="linked").count()
    images = len(app.store.all("MediaImage"))
    print(
        json.dumps(
            {
                "products": products,
                "variants": products * per_product,
                "seconds": round(seconds, 2),
                "calls": len(log),
                "cost_points": round(cost, 1),
                "throttled": sum(1 for e in log if e["throttled"]),
                "created": int(result.counts.get("created", 0)),
                "bulk_operations": len(app.store.all("BulkOperation")),
                "cpu_seconds": round(time.process_time() - cpu, 2),
                "linked": linked,
                "images": images,
                "bound_seconds": round(bound, 2),
                "rate_vs_bound": round(bound / seconds, 3) if seconds else None,
                "load_average": round(os.getloadavg()[0], 2),
            }
        )
    )
    ok = linked == products * per_product and images == products + 1
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
