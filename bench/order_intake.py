"""Benchmark: Shopify `orders/create` webhooks posted, signed, to a running `stockbridge
serve` (web + one worker, SQLite), until every order is imported.

    python3 -m uv run python bench/order_intake.py --orders 2000 [--clients 4]

Set-up: a fresh SQLite database in a temp dir, a connected Shopify channel whose webhooks are
signed with a known secret, ten hub variants in stock linked to ten channel variants; then
`stockbridge serve` in a child process. Each order is a REST order body as Shopify sends it
(two lines, a discount, a tax line, a shipping line, a customer with an address), signed
with HMAC-SHA256 and posted to `/webhooks/<channel id>` by `--clients` concurrent senders,
each with one HTTP client made for the run and a new connection per delivery.
`ack` is the time until the endpoint answers (the event is stored, processing runs after);
`orders_per_s` counts from the first post until the last order is imported (confirmed, its
stock committed). Prints one JSON object:
    {"orders", "clients", "ack_p50_ms", "ack_p99_ms", "orders_per_s", "seconds", "load_average"}
Targets (issue 15): ack p99 < 100 ms, >= 50 orders/s.
"""

from __future__ import annotations

import argparse
import base64
import hashlib
import hmac
import json
import os
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx

SECRET = "bench-webhook-secret"  # noqa: S105 (signs the bench's own deliveries)
VARIANTS = 10
TIMEOUT = 600.0


def arguments(description: str) -> argparse.Namespace:
    """`--orders` and `--clients`, for this bench and the ones beside it."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--orders", type=int, default=2000)
    parser.add_argument("--clients", type=int, default=4)
    return parser.parse_args()


def main() -> int:
    args = arguments(__doc__.splitlines()[0])
    with tempfile.TemporaryDirectory(prefix="stockbridge-bench-") as tmp:
        embedded(tmp)
        return run(args.orders, args.clients, Path(tmp))


def embedded(data_dir: str) -> None:
    """Stockbridge on its embedded default in `data_dir`: SQLite, the queue in SQLite."""
    os.environ.pop("DATABASE_URL", None)
    os.environ.pop("DJANGO_SETTINGS_MODULE", None)
    os.environ["STOCKBRIDGE_DATA_DIR"] = data_dir
    os.environ["STOCKBRIDGE_QUEUE"] = "sqlite"


def money(amount: str) -> dict[str, Any]:
    side = {"amount": amount, "currency_code": "USD"}
    return {"shop_money": side, "presentment_money": side}


def order_body(n: int) -> dict[str, Any]:
    """Order n: 2 x variant a at 20.00 (a 4.00 discount, 6% tax), 1 x variant b at 10.00,
    shipping 5.00; total 20*2 - 4 + 10 + 5 + 2.76 tax = 53.76."""
    a, b = n % VARIANTS + 1, (n + 1) % VARIANTS + 1
    stamp = "2026-12-07T10:00:00Z"
    return {
        "id": 5_000_000 + n,
        "admin_graphql_api_id": f"gid://shopify/Order/{5_000_000 + n}",
        "name": f"#{1000 + n}",
        "email": f"buyer{n % 50}@example.com",
        "currency": "USD",
        "presentment_currency": "USD",
        "created_at": stamp,
        "updated_at": stamp,
        "processed_at": stamp,
        "financial_status": "paid",
        "fulfillment_status": None,
        "taxes_included": False,
        "tags": "",
        "customer": {
            "id": 7_000_000 + n % 50,
            "email": f"buyer{n % 50}@example.com",
            "first_name": "Buyer",
            "last_name": str(n % 50),
        },
        "shipping_address": {
            "name": "Buyer",
            "address1": "1 Main St",
            "city": "Leeds",
            "country_code": "GB",
            "zip": "LS1 1AA",
        },
        "line_items": [
            {
                "id": 9_000_000 + 2 * n,
                "variant_id": 100 + a,
                "product_id": 100,
                "title": "Tee",
                "sku": f"SKU-{a}",
                "quantity": 2,
                "price": "20.00",
                "price_set": money("20.00"),
                "discount_allocations": [{"amount": "4.00", "amount_set": money("4.00")}],
                "tax_lines": [{"title": "VAT", "rate": 0.06, "price": "2.16"}],
                "product_exists": True,
            },
            {
                "id": 9_000_001 + 2 * n,
                "variant_id": 100 + b,
                "product_id": 100,
                "title": "Tee",
                "sku": f"SKU-{b}",
                "quantity": 1,
                "price": "10.00",
                "discount_allocations": [],
                "tax_lines": [{"title": "VAT", "rate": 0.06, "price": "0.60"}],
                "product_exists": True,
            },
        ],
        "shipping_lines": [
            {"title": "Standard", "code": "STD", "price": "5.00", "discounted_price": "5.00"}
        ],
        "subtotal_price": "46.00",
        "total_discounts": "4.00",
        "total_shipping_price_set": money("5.00"),
        "total_tax": "2.76",
        "total_price": "53.76",
        "fulfillments": [],
        "refunds": [],
    }


def signed(body: bytes) -> str:
    return base64.b64encode(hmac.new(SECRET.encode(), body, hashlib.sha256).digest()).decode()


def seed() -> int:
    """A migrated database with the connected channel, its listings and stock: its id."""
    from stockbridge import bootstrap

    bootstrap.configure()
    from decimal import Decimal

    from django.core.management import call_command

    from stockbridge.catalog.models import Product, Variant
    from stockbridge.channels.access import seal
    from stockbridge.channels.models import Channel, ChannelStatus, Listing
    from stockbridge.channels.port import Credentials
    from stockbridge.inventory import services as inventory
    from stockbridge.inventory.models import Location
    from stockbridge.platform import clock

    call_command("migrate", interactive=False, verbosity=0)
    now = clock.now()
    warehouse = Location.objects.create(name="Warehouse", code="WH")
    channel = Channel.objects.create(
        kind="shopify",
        name="Intake",
        domain="intake.myshopify.com",
        base_url="http://127.0.0.1:9",
        credentials=seal(
            Credentials(access_token="shpat_bench", webhook_secret=SECRET)  # noqa: S106
        ),
        status=ChannelStatus.CONNECTED,
        currency="USD",
        created_at=now,
    )
    product = Product.objects.create(title="Tee", handle="tee")
    for i in range(1, VARIANTS + 1):
        variant = Variant.objects.create(
            product=product, sku=f"SKU-{i}", currency="USD", price=Decimal("20.00")
        )
        inventory.adjust(variant_id=variant.pk, location_id=warehouse.pk, delta=1_000_000)
        Listing.objects.create(
            channel=channel,
            variant=variant,
            remote_product_id="gid://shopify/Product/100",
            remote_variant_id=f"gid://shopify/ProductVariant/{100 + i}",
            created_at=now,
            updated_at=now,
        )
    return int(channel.pk)


@dataclass
class Driven:
    """One run: each post's ack (seconds) and the time from the first post until the last
    order was imported, wall clock and the serve process's CPU."""

    acks: list[float]
    seconds: float
    cpu_seconds: float


def drive(orders: int, clients: int, data_dir: Path) -> Driven | None:
    """Seed, start `stockbridge serve`, post `orders` signed webhooks from `clients` senders
    and wait until every order is imported; None (saying so) when that takes over TIMEOUT."""
    channel_id = seed()
    port = free_port()
    served = _serve(data_dir, port)
    database = _database_file(data_dir)
    url = f"http://127.0.0.1:{port}/webhooks/{channel_id}"
    try:
        bodies = [json.dumps(order_body(n)).encode() for n in range(orders)]
        senders = threading.local()
        made: list[httpx.Client] = []

        def sender() -> httpx.Client:
            """The sending thread's client, made once: making one (its TLS context) costs
            about 20 ms of CPU under the bench's own interpreter lock, which other senders'
            timed posts then waited for."""
            client: httpx.Client | None = getattr(senders, "client", None)
            if client is None:
                client = senders.client = httpx.Client(timeout=30)
                made.append(client)
            return client

        def post(n: int) -> float:
            body = bodies[n]
            headers = {
                "Content-Type": "application/json",
                "X-Shopify-Topic": "orders/create",
                "X-Shopify-Event-Id": f"bench-{n}",
                "X-Shopify-Hmac-Sha256": signed(body),
                "X-Shopify-Triggered-At": "2026-12-07T10:00:00Z",
                "Connection": "close",  # each delivery on its own connection, as a store's
            }
            client = sender()
            started = time.perf_counter()
            answer = client.post(url, content=body, headers=headers)
            took = time.perf_counter() - started
            if answer.status_code != 200:
                raise RuntimeError(f"order {n}: {answer.status_code} {answer.text[:200]}")
            return took

        cpu_before = cpu_of(served.pid)
        started = time.perf_counter()
        with ThreadPoolExecutor(max_workers=clients) as pool:
            acks = list(pool.map(post, range(orders)))
        for client in made:
            client.close()
        while _imported(database) < orders:
            if time.perf_counter() - started > TIMEOUT:
                print(json.dumps({"error": f"{_imported(database)} of {orders} imported"}))
                return None
            time.sleep(0.1)
        seconds = time.perf_counter() - started
        cpu_seconds = cpu_of(served.pid) - cpu_before
    finally:
        served.terminate()
        served.wait(timeout=30)
    return Driven(acks, seconds, cpu_seconds)


def cpu_of(pid: int) -> float:
    """CPU seconds (user + system, every thread) process `pid` has used so far (Linux:
    /proc/<pid>/stat, fields 14 and 15 in clock ticks)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def run(orders: int, clients: int, data_dir: Path) -> int:
    driven = drive(orders, clients, data_dir)
    if driven is None:
        return 1
    ordered = sorted(driven.acks)
    print(
        json.dumps(
            {
                "orders": orders,
                "clients": clients,
                "ack_p50_ms": round(statistics.median(ordered) * 1000, 1),
                "ack_p99_ms": round(ordered[max(int(len(ordered) * 0.99) - 1, 0)] * 1000, 1),
                "orders_per_s": round(orders / driven.seconds, 1),
                "seconds": round(driven.seconds, 2),
                "load_average": round(os.getloadavg()[0], 2),
            }
        )
    )
    return 0


def _imported(database: str) -> int:
    try:
        with sqlite3.connect(database, timeout=30) as conn:
            row = conn.execute(
                "SELECT COUNT(*) FROM orders_order WHERE status = 'confirmed'"
            ).fetchone()
    except sqlite3.OperationalError:
        return 0
    return int(row[0])


def free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _serve(data_dir: Path, port: int) -> Any:
    """`stockbridge serve` on `port`, once its worker has run its start-up job."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    env |= {"STOCKBRIDGE_DATA_DIR": str(data_dir), "STOCKBRIDGE_QUEUE": "sqlite"}
    process = subprocess.Popen(
        [sys.executable, "-m", "stockbridge.cli.main", "serve", "--port", str(port)],
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
