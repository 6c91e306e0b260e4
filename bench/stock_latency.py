"""Benchmark: from a stock change in the hub to the new level in a Shopify sandbox store, with
`stockbridge serve` running (web + job worker + scheduler, the embedded default).

    python3 -m uv run python bench/stock_latency.py --changes 100 [--queue sqlite|redis]

Set-up: a fresh SQLite database in a temp dir, the sandbox served on a loopback port (in this
process), a connected channel mapping our warehouse to the sandbox's location and one linked
listing; then `stockbridge serve` in a child process. Each change is one stock adjustment made
here through the inventory service (its commit nudges the queue the worker reads: the stock
outbox drain, the channel fan-out, the channel's drain); the clock stops when the sandbox
holds the new figure. Prints one JSON object:
    {"changes", "queue", "p50_s", "p95_s", "max_s", "load_average"}
Target (issue 13): p95 < 2 s. `--queue redis` needs REDIS_URL.
"""

from __future__ import annotations

import argparse
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

TIMEOUT = 30.0


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--changes", type=int, default=100)
    parser.add_argument("--queue", choices=("sqlite", "redis"), default="sqlite")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="stockbridge-bench-") as tmp:
        os.environ.pop("DATABASE_URL", None)
        os.environ.pop("DJANGO_SETTINGS_MODULE", None)
        os.environ["STOCKBRIDGE_DATA_DIR"] = tmp
        os.environ["STOCKBRIDGE_QUEUE"] = args.queue
        return run(args.changes, args.queue, Path(tmp))


def run(changes: int, queue: str, data_dir: Path) -> int:
    from stockbridge import bootstrap

    bootstrap.configure()
    from decimal import Decimal

    from django.core.management import call_command

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
    from stockbridge_sandboxes.shopify import SandboxApp
    from stockbridge_sandboxes.shopify.clock import Clock
    from stockbridge_sandboxes.shopify.resolvers.inventory import level_for, quantity
    from stockbridge_sandboxes.shopify.seed import seed_generated
    from stockbridge_sandboxes.shopify.server import BackgroundServer

    call_command("migrate", interactive=False, verbosity=0)
    app = SandboxApp(clock=Clock(), plan="standard", shop_domain="latency.myshopify.com")
    seed_generated(app.store, 1, 1)
    remote_location = "gid://shopify/Location/1"
    sandbox_variant = app.store.all("ProductVariant")[0]
    item = app.store.deref(sandbox_variant["inventoryItem"])
    assert item is not None

    def shown() -> int:
        return int(quantity(level_for(app.store, item, remote_location), "available"))

    app.execute("{ shop { name } }")  # the sandbox builds its schema once
    now = clock.now()
    with BackgroundServer(app) as server:
        warehouse = Location.objects.create(name="Warehouse", code="WH")
        product = Product.objects.create(title="Tee", handle="tee")
        variant = Variant.objects.create(
            product=product, sku="TEE", currency="USD", price=Decimal("10.00")
        )
        channel = Channel.objects.create(
            kind="shopify",
            name="Latency",
            domain=app.shop_domain,
            base_url=server.base_url,
            credentials=seal(Credentials(access_token=app.token)),
            status=ChannelStatus.CONNECTED,
            created_at=now,
        )
        LocationMapping.objects.create(
            channel=channel, location=warehouse, remote_location_id=remote_location
        )
        listing = Listing.objects.create(
            channel=channel,
            variant=variant,
            remote_product_id=str((app.store.deref(sandbox_variant["product"]) or {})["id"]),
            remote_variant_id=sandbox_variant["id"],
            remote_inventory_item_id=str(item["id"]),
            created_at=now,
            updated_at=now,
        )
        ListingLevel.objects.create(
            listing=listing,
            remote_location_id=remote_location,
            confirmed=shown(),
            confirmed_at=now,
        )
        served = _serve(data_dir, queue)
        try:
            latencies = []
            for n in range(changes):
                started = time.perf_counter()
                inventory.adjust(variant_id=variant.pk, location_id=warehouse.pk, delta=1)
                while shown() != n + 1:
                    if time.perf_counter() - started > TIMEOUT:
                        print(json.dumps({"error": f"change {n + 1} not seen in {TIMEOUT} s"}))
                        return 1
                    time.sleep(0.005)
                latencies.append(time.perf_counter() - started)
        finally:
            served.terminate()
            served.wait(timeout=30)
    ordered = sorted(latencies)
    print(
        json.dumps(
            {
                "changes": changes,
                "queue": queue,
                "p50_s": round(statistics.median(ordered), 3),
                "p95_s": round(ordered[max(int(len(ordered) * 0.95) - 1, 0)], 3),
                "max_s": round(ordered[-1], 3),
                "load_average": round(os.getloadavg()[0], 2),
            }
        )
    )
    return 0


def _serve(data_dir: Path, queue: str) -> Any:
    """`stockbridge serve` on a free port, once its worker has run its start-up job."""
    import sqlite3

    env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    env |= {"STOCKBRIDGE_DATA_DIR": str(data_dir), "STOCKBRIDGE_QUEUE": queue}
    process = subprocess.Popen(
        [sys.executable, "-m", "stockbridge.cli.main", "serve", "--port", str(free_port())],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    database = _database_file(data_dir)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            with sqlite3.connect(database) as conn:
                rows = conn.execute(
                    "SELECT runs FROM sync_jobheartbeat WHERE name = 'prune_old_data'"
                ).fetchall()
            if rows and rows[0][0] >= 1:
                return process
        except sqlite3.OperationalError:
            pass
        time.sleep(0.2)
    process.terminate()
    raise RuntimeError("stockbridge serve did not start within 60 s")


def _database_file(data_dir: Path) -> str:
    from django.conf import settings

    name = str(settings.DATABASES["default"]["NAME"])
    return name if os.path.isabs(name) else str(data_dir / name)


if __name__ == "__main__":
    sys.exit(main())
