"""Benchmark: push N orders through create -> confirm -> fulfil on a fresh database.

`--db sqlite` migrates a fresh SQLite file in a temp data directory; `--db postgres` creates a
fresh database on the server named by DATABASE_URL (default postgres://postgres@127.0.0.1:5432)
and drops it afterwards. Each order has two lines (two of 50 variants stocked at one location)
and goes through the real services: `create_order(confirm=True)` (reservations through the
inventory service) then `fulfil_order` (on_hand and committed down through the ledger), each
its own transaction. Prints one JSON object:
    {"orders": N, "seconds": S, "orders_per_s": R, "db": "sqlite"|"postgres",
     "queries_per_order": Q, "cpu_ms_per_order": C, "load_avg": [1, 5, 15 min]}
`seconds` covers the orders only (not migrations or seeding). `queries_per_order` is counted
afterwards on SAMPLE more orders (statements sent, BEGIN/COMMIT/SAVEPOINT included), so
counting never slows the timed run. `cpu_ms_per_order` is this process's CPU time over the
timed run (SQLite runs in it; a PostgreSQL server's own CPU is not counted). `load_avg` is
the machine's load when the run started.
Target (issue 4): >= 200 orders/s on SQLite.
`--profile FILE` writes a cProfile of the timed orders to FILE (read it with pstats); the
figures printed are then the profiled run's, slower than a plain one.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

VARIANTS = 50
SAMPLE = 20


def _postgres_url(base: str, name: str) -> str:
    parts = urlsplit(base)
    return urlunsplit((parts.scheme, parts.netloc, f"/{name}", parts.query, parts.fragment))


def _admin(base: str, sql: str) -> None:
    import psycopg

    with psycopg.connect(_postgres_url(base, "postgres"), autocommit=True) as conn:
        conn.execute(sql)


def _seed(orders: int) -> tuple[list[int], int]:
    from stockbridge.catalog.models import Product, Variant
    from stockbridge.inventory import services as inventory
    from stockbridge.inventory.models import Location

    location = Location.objects.create(name="Bench WH", code="BENCH", priority=1)
    ids = []
    for n in range(VARIANTS):
        product = Product.objects.create(title=f"Bench Tee {n}", handle=f"bench-tee-{n}")
        variant = Variant.objects.create(
            product=product, sku=f"BENCH-{n}", currency="USD", price=Decimal("24.90")
        )
        inventory.adjust(
            variant_id=variant.pk, location_id=location.pk, delta=orders * 4, reason="received"
        )
        ids.append(variant.pk)
    return ids, location.pk


def run(orders: int, profile: str | None = None) -> tuple[float, float, float]:
    """(seconds for `orders` orders, this process's CPU seconds for them, queries per order
    over SAMPLE more). With `profile`, the timed orders run under cProfile, saved there."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from stockbridge.orders import services
    from stockbridge.orders.specs import LineSpec, OrderSpec, ShippingSpec

    variant_ids, location_id = _seed(orders + SAMPLE)
    shipping = (ShippingSpec("Standard", Decimal("4.95")),)

    def push(n: int) -> None:
        spec = OrderSpec(
            currency="USD",
            lines=(
                LineSpec(variant_id=variant_ids[n % VARIANTS], quantity=2),
                LineSpec(variant_id=variant_ids[(n + 7) % VARIANTS], quantity=1),
            ),
            shipping_lines=shipping,
        )
        order = services.create_order(spec=spec, confirm=True, actor="bench")
        services.fulfil_order(order_id=order.pk, location_id=location_id, actor="bench")

    profiler = None
    if profile:
        import cProfile

        profiler = cProfile.Profile()
        profiler.enable()
    started, cpu = time.perf_counter(), time.process_time()
    for n in range(orders):
        push(n)
    seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
    if profiler is not None:
        profiler.disable()
        profiler.dump_stats(profile)
    with CaptureQueriesContext(connection) as captured:
        for n in range(orders, orders + SAMPLE):
            push(n)
    return seconds, cpu, len(captured.captured_queries) / SAMPLE


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", choices=("sqlite", "postgres"), default="sqlite")
    parser.add_argument("--orders", type=int, default=10_000)
    parser.add_argument("--profile", metavar="FILE", help="write a cProfile of the timed orders")
    args = parser.parse_args()
    load = [round(x, 2) for x in os.getloadavg()]
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))
    with tempfile.TemporaryDirectory(prefix="sb-bench-orders-") as tmp:
        os.environ["STOCKBRIDGE_DATA_DIR"] = tmp
        os.environ["STOCKBRIDGE_QUEUE"] = "immediate"
        base = os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/postgres")
        db_name = f"sb_bench_orders_{os.getpid()}"
        if args.db == "postgres":
            _admin(base, f'CREATE DATABASE "{db_name}"')
            os.environ["DATABASE_URL"] = _postgres_url(base, db_name)
        else:
            os.environ.pop("DATABASE_URL", None)
        try:
            from stockbridge import bootstrap

            bootstrap.configure()
            from django.core.management import call_command
            from django.db import connections

            call_command("migrate", interactive=False, verbosity=0)
            seconds, cpu, queries = run(args.orders, args.profile)
            connections.close_all()
        finally:
            if args.db == "postgres":
                _admin(base, f'DROP DATABASE IF EXISTS "{db_name}" WITH (FORCE)')
    print(
        json.dumps(
            {
                "orders": args.orders,
                "seconds": round(seconds, 3),
                "orders_per_s": round(args.orders / seconds, 1),
                "db": args.db,
                "queries_per_order": round(queries, 1),
                "cpu_ms_per_order": round(cpu * 1000 / args.orders, 2),
                "load_avg": load,
            }
        )
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
