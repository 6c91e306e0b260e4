"""Benchmark: N processes, each with its own database connection, race to reserve units of one
variant through `inventory.services.reserve` until the stock is gone.

    python3 -m uv run python bench/reserve_race.py --db sqlite|postgres --processes 8 --units 1000

Sets up a fresh database (SQLite: a file in a temp dir; PostgreSQL: the database named by
--database-url, dropped and created), stocks `units` units spread over two locations, then
forks the processes; together they make `attempts` one-unit reservations (25% more than
there are units, so the last units are fought over). Prints one JSON object:
    {"db", "processes", "units", "attempts", "reserved", "refused", "oversold",
     "seconds", "reservations_per_s", "load_average"}
`oversold` compares successes and the committed figures in the database with the stock:
it must be 0. `load_average` is the machine's 1-minute load average when the race started
(the figure depends on what else runs on the 2 cores). Targets (issue 3): oversold 0 always;
>= 500 reservations/s on PostgreSQL with 8 processes on the reference machine.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

DEFAULT_PG = "postgres://postgres@127.0.0.1:5432/stockbridge_bench_race"


def fresh_database(db: str, url: str) -> None:
    """Point the settings at a new, empty database and migrate it (before Django starts)."""
    os.environ["STOCKBRIDGE_QUEUE"] = "immediate"
    data_dir = Path(tempfile.mkdtemp(prefix="stockbridge-bench-"))
    os.environ["STOCKBRIDGE_DATA_DIR"] = str(data_dir)
    if db == "postgres":
        import psycopg

        name = url.rsplit("/", 1)[1]
        admin = url.rsplit("/", 1)[0] + "/postgres"
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            conn.execute(f'CREATE DATABASE "{name}"')
        os.environ["DATABASE_URL"] = url
    else:
        os.environ.pop("DATABASE_URL", None)
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))
    from stockbridge import bootstrap

    bootstrap.configure()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def stock(units: int) -> int:
    from decimal import Decimal

    from stockbridge.catalog.models import Product, Variant
    from stockbridge.inventory import services
    from stockbridge.inventory.models import Location

    product = Product.objects.create(title="Race Tee", handle="race-tee")
    variant = Variant.objects.create(
        product=product, sku="RACE-1", currency="USD", price=Decimal("10")
    )
    first = Location.objects.create(name="Warehouse", code="WH", priority=1)
    second = Location.objects.create(name="Shop", code="SHOP", priority=2)
    services.adjust(variant_id=variant.pk, location_id=first.pk, delta=units - units // 4)
    services.adjust(variant_id=variant.pk, location_id=second.pk, delta=units // 4)
    return variant.pk


def racer(
    worker: int, variant_id: int, attempts: int, sync_commit: str, start: Any, results: Any
) -> None:
    from django.db import connection, connections

    from stockbridge.inventory import services
    from stockbridge.inventory.errors import InsufficientStock

    if connection.vendor == "postgresql" and sync_commit == "off":
        with connection.cursor() as cursor:  # a deployment choice, see --synchronous-commit
            cursor.execute("SET synchronous_commit TO off")
    start.wait()
    won = refused = 0
    for n in range(attempts):
        try:
            services.reserve(variant_id=variant_id, quantity=1, reference=f"ol:{worker}:{n}")
            won += 1
        except InsufficientStock:
            refused += 1
    results.put((won, refused, time.perf_counter()))
    connections.close_all()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", choices=("sqlite", "postgres"), default="sqlite")
    parser.add_argument("--database-url", default=DEFAULT_PG)
    parser.add_argument("--processes", type=int, default=8)
    parser.add_argument("--units", type=int, default=1000)
    parser.add_argument(
        "--synchronous-commit",
        choices=("on", "off"),
        default="on",
        help="PostgreSQL only: 'off' (set per session, as a role setting would) lets a commit "
        "return before its WAL is flushed; a crash may lose the last few hundred ms of "
        "reservations (atomically, never half) but never oversells",
    )
    args = parser.parse_args()

    fresh_database(args.db, args.database_url)
    from django.db import connections
    from django.db.models import Sum

    from stockbridge.inventory.models import Reservation, StockLevel

    variant_id = stock(args.units)
    attempts_each = -(-(args.units * 5 // 4) // args.processes)
    ctx = multiprocessing.get_context("fork")
    start, results = ctx.Event(), ctx.Queue()
    connections.close_all()
    procs = [
        ctx.Process(
            target=racer,
            args=(i, variant_id, attempts_each, args.synchronous_commit, start, results),
        )
        for i in range(args.processes)
    ]
    for p in procs:
        p.start()
    time.sleep(0.5)  # let every child reach the start line
    load = os.getloadavg()[0]
    began = time.perf_counter()
    start.set()
    outcomes = [results.get(timeout=600) for _ in procs]
    for p in procs:
        p.join()
    seconds = max(o[2] for o in outcomes) - began
    reserved = sum(o[0] for o in outcomes)
    refused = sum(o[1] for o in outcomes)
    totals = StockLevel.objects.filter(variant_id=variant_id).aggregate(
        on_hand=Sum("on_hand"), committed=Sum("committed")
    )
    held = Reservation.objects.filter(variant_id=variant_id).count()
    oversold = max(
        reserved - args.units, (totals["committed"] or 0) - args.units, held - args.units, 0
    )
    print(
        json.dumps(
            {
                "db": args.db,
                "synchronous_commit": args.synchronous_commit if args.db == "postgres" else None,
                "processes": args.processes,
                "units": args.units,
                "attempts": reserved + refused,
                "reserved": reserved,
                "refused": refused,
                "committed_in_db": totals["committed"],
                "oversold": oversold,
                "seconds": round(seconds, 3),
                "reservations_per_s": round(reserved / seconds, 1),
                "load_average": round(load, 2),
            }
        )
    )


if __name__ == "__main__":
    main()
