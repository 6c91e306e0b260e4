"""Benchmark: available lookups stay fast with a big ledger, because levels are maintained rows
and never summed from the ledger at read time.

    python3 -m uv run python bench/ledger_scale.py [--db sqlite|postgres] [--variants 100000]
        [--movements 1000000] [--lookups 1000]

Builds a fresh database with `variants` variants x 3 locations and `movements` ledger rows
(bulk-loaded, each level equal to the sum of its movements; a sample is checked), then times
`inventory.queries.available_by_sku` for `lookups` random SKUs, and 2,000 real ledger writes
(`services.adjust`) on the full tables. Prints one JSON object:
    {"db", "variants", "levels", "movements", "build_seconds", "lookups",
     "lookup_ms": {"p50", "p99", "max"}, "ledger_writes_per_s", "ledger_sum_checked"}
Target (issue 3): lookup p99 < 5 ms.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

DEFAULT_PG = "postgres://postgres@127.0.0.1:5432/stockbridge_bench_ledger"
LOCATIONS = 3
BATCH = 20_000


def fresh_database(db: str, url: str) -> None:
    """Point the settings at a new, empty database and migrate it (before Django starts)."""
    os.environ["STOCKBRIDGE_QUEUE"] = "immediate"
    os.environ["STOCKBRIDGE_DATA_DIR"] = tempfile.mkdtemp(prefix="stockbridge-bench-")
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


def build(variants: int, movements: int, rng: random.Random) -> tuple[list[str], list[int]]:
    """Bulk-load catalog, locations, levels and movements; returns (skus, location ids)."""
    from decimal import Decimal

    from django.db import connection, transaction

    from stockbridge.catalog.models import Product, Variant
    from stockbridge.inventory.models import Location, Movement, StockLevel
    from stockbridge.platform import clock

    now = clock.now()
    locations = [
        Location.objects.create(name=f"Location {n}", code=f"L{n}", priority=n).pk
        for n in range(LOCATIONS)
    ]
    per_product = 10
    with transaction.atomic():
        Product.objects.bulk_create(
            (
                Product(title=f"Bench {p}", handle=f"bench-{p}")
                for p in range(-(-variants // per_product))
            ),
            batch_size=BATCH,
        )
    product_ids = list(Product.objects.order_by("pk").values_list("pk", flat=True))
    skus = [f"BENCH-{n:07d}" for n in range(variants)]
    with transaction.atomic():
        for start in range(0, variants, BATCH):
            Variant.objects.bulk_create(
                Variant(
                    product_id=product_ids[n // per_product],
                    sku=skus[n],
                    currency="USD",
                    price=Decimal("10"),
                    position=n % per_product + 1,
                )
                for n in range(start, min(start + BATCH, variants))
            )
    variant_ids = list(Variant.objects.order_by("pk").values_list("pk", flat=True))
    pairs = [(v, loc) for v in variant_ids for loc in locations]
    on_hand = [0] * len(pairs)
    rows = []
    for i in range(movements):
        k = i % len(pairs)
        delta = rng.randint(1, 12) if on_hand[k] < 3 else rng.randint(-3, 9) or 1
        on_hand[k] += delta
        v, loc = pairs[k]
        reason = "received" if delta > 0 else "adjusted"
        rows.append((v, loc, reason, delta, 0, on_hand[k], 0, "bench", "bench", "", now))
    with transaction.atomic():
        StockLevel.objects.bulk_create(
            (
                StockLevel(variant_id=v, location_id=loc, on_hand=on_hand[k])
                for k, (v, loc) in enumerate(pairs)
            ),
            batch_size=BATCH,
        )
    table = Movement._meta.db_table
    columns = (
        "variant_id, location_id, reason, on_hand_delta, committed_delta, on_hand_after, "
        "committed_after, reference, actor, note, created_at"
    )
    marks = ", ".join(["%s"] * 11)
    with transaction.atomic(), connection.cursor() as cursor:
        for start in range(0, len(rows), BATCH):
            cursor.executemany(
                f"INSERT INTO {table} ({columns}) VALUES ({marks})",  # noqa: S608 (our names)
                rows[start : start + BATCH],
            )
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    return skus, locations


def check_ledger_sums(rng: random.Random, samples: int = 200) -> int:
    from django.db.models import Sum

    from stockbridge.inventory.models import Movement, StockLevel

    levels = list(StockLevel.objects.order_by("?")[:samples]) if samples < 1000 else []
    for level in levels:
        total = Movement.objects.filter(
            variant_id=level.variant_id, location_id=level.location_id
        ).aggregate(s=Sum("on_hand_delta"))["s"]
        if total != level.on_hand:
            raise SystemExit(f"ledger sum {total} != on_hand {level.on_hand} for {level}")
    return len(levels)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", choices=("sqlite", "postgres"), default="sqlite")
    parser.add_argument("--database-url", default=DEFAULT_PG)
    parser.add_argument("--variants", type=int, default=100_000)
    parser.add_argument("--movements", type=int, default=1_000_000)
    parser.add_argument("--lookups", type=int, default=1_000)
    parser.add_argument("--seed", type=int, default=3)
    args = parser.parse_args()
    rng = random.Random(args.seed)

    fresh_database(args.db, args.database_url)
    from stockbridge.inventory import queries, services
    from stockbridge.inventory.models import Movement, StockLevel

    began = time.perf_counter()
    skus, locations = build(args.variants, args.movements, rng)
    build_seconds = time.perf_counter() - began
    checked = check_ledger_sums(rng)

    for sku in rng.sample(skus, 50):  # warm the connection and the caches
        queries.available_by_sku(sku=sku)
    timings = []
    for sku in rng.sample(skus, args.lookups):
        t = time.perf_counter()
        result = queries.available_by_sku(sku=sku)
        timings.append((time.perf_counter() - t) * 1000)
        assert len(result) == LOCATIONS
    timings.sort()

    from stockbridge.catalog.models import Variant

    writes = 2_000
    targets = list(
        Variant.objects.filter(sku__in=rng.sample(skus, writes)).values_list("pk", flat=True)
    )
    t = time.perf_counter()
    for variant_id in targets:
        services.adjust(variant_id=variant_id, location_id=rng.choice(locations), delta=1)
    write_seconds = time.perf_counter() - t

    print(
        json.dumps(
            {
                "db": args.db,
                "variants": args.variants,
                "levels": StockLevel.objects.count(),
                "movements": Movement.objects.count(),
                "build_seconds": round(build_seconds, 1),
                "lookups": args.lookups,
                "lookup_ms": {
                    "p50": round(statistics.median(timings), 3),
                    "p99": round(timings[int(len(timings) * 0.99) - 1], 3),
                    "max": round(timings[-1], 3),
                },
                "ledger_writes_per_s": round(writes / write_seconds, 1),
                "ledger_sum_checked": checked,
            }
        )
    )


if __name__ == "__main__":
    main()
