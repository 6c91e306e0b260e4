"""Benchmark: import N generated variants from our own CSV format into a fresh SQLite database.

Generates the CSV, migrates a fresh data directory (STOCKBRIDGE_DATA_DIR in a temp dir, SQLite),
then times `stockbridge catalog import FILE --quiet` in a child process (the CLI's own code
path) and prints one JSON object:
    {"variants": N, "seconds": S, "variants_per_s": R, "peak_rss_mb": M}
`seconds` is the child's whole run, interpreter and Django start-up included; `peak_rss_mb` is
the child's peak resident memory. Targets (issue 2): >= 5,000 variants/s, < 300 MB.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

SIZES = ("XS", "S", "M", "L", "XL")
COLORS = ("Black", "White", "Navy", "Olive")
PER_PRODUCT = len(SIZES) * len(COLORS)


def write_csv(path: Path, variants: int) -> None:
    """`variants` rows: products of 20 variants (Size x Color), the last one possibly smaller."""
    from stockbridge.catalog.spreadsheet.stockbridge_format import HEADER

    with path.open("w", encoding="utf-8", newline="") as f:
        out = csv.DictWriter(f, fieldnames=HEADER, lineterminator="\n")
        out.writeheader()
        for n in range(variants):
            p, i = divmod(n, PER_PRODUCT)
            size, color = SIZES[i % len(SIZES)], COLORS[i // len(SIZES)]
            out.writerow(
                {
                    "handle": f"bench-tee-{p}",
                    "title": f"Bench Tee {p}",
                    "status": "active",
                    "description_html": "<p>Organic cotton tee, regular fit.</p>",
                    "vendor": "Bench Co",
                    "product_type": "T-shirt",
                    "season": "SS26",
                    "tags": "bench, cotton",
                    "images": f"https://cdn.example.com/bench/{p}.jpg Bench Tee {p}",
                    "attribute1_name": "Size",
                    "attribute1_values": "|".join(SIZES),
                    "attribute1_value": size,
                    "attribute2_name": "Color",
                    "attribute2_values": "|".join(COLORS),
                    "attribute2_value": color,
                    "variant_sku": f"BT-{p}-{size}-{color[:3].upper()}",
                    "variant_barcode": f"{2000000000000 + n}",
                    "variant_price": "24.90",
                    "variant_compare_at_price": "29.90",
                    "variant_cost": "8.10",
                    "variant_weight": "180",
                    "variant_weight_unit": "g",
                }
            )


def prepare_database(data_dir: Path) -> None:
    """Migrate the fresh data directory and create the season the rows refer to."""
    code = (
        "from stockbridge import bootstrap; bootstrap.configure();"
        "from django.core.management import call_command;"
        "call_command('migrate', interactive=False, verbosity=0);"
        "from stockbridge.catalog.services import create_season;"
        "create_season(name='SS26')"
    )
    subprocess.run([sys.executable, "-c", code], check=True, env=_env(data_dir))


def _env(data_dir: Path) -> dict[str, str]:
    env = {
        k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "DJANGO_SETTINGS_MODULE")
    }
    env["STOCKBRIDGE_DATA_DIR"] = str(data_dir)
    env["STOCKBRIDGE_QUEUE"] = "sqlite"
    return env


def count_variants(data_dir: Path) -> int:
    code = (
        "from stockbridge import bootstrap; bootstrap.configure();"
        "from stockbridge.catalog.models import Variant; print(Variant.objects.count())"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], check=True, env=_env(data_dir), capture_output=True, text=True
    )
    return int(out.stdout.strip())


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--variants", type=int, default=100_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="stockbridge-bench-") as tmp:
        data_dir = Path(tmp)
        csv_path = data_dir / "catalog.csv"
        write_csv(csv_path, args.variants)
        prepare_database(data_dir)
        command = [sys.executable, "-m", "stockbridge.cli.main", "catalog", "import"]
        started = time.perf_counter()
        run = subprocess.run(
            [*command, str(csv_path), "--quiet"], env=_env(data_dir), capture_output=True, text=True
        )
        seconds = time.perf_counter() - started
        peak_kb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
        if run.returncode != 0:
            sys.stderr.write(run.stderr[-4000:])
            return 1
        stored = count_variants(data_dir)
        if stored != args.variants:
            print(f"expected {args.variants} variants stored, found {stored}", file=sys.stderr)
            return 1
    print(
        json.dumps(
            {
                "variants": args.variants,
                "seconds": round(seconds, 2),
                "variants_per_s": round(args.variants / seconds),
                "peak_rss_mb": round(peak_kb / 1024, 1),
            }
        )
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
