"""Benchmark: Import listings of a Shopify store with N variants into a fresh SQLite database.

Times our own processing from the moment the bulk results are downloadable: the two JSONL
files Shopify's bulk operations produce for `catalog_products` (grouped) and `catalog_levels`
are generated, served over HTTP by a local server (in this process), and a child process runs
the real path from the download on: `bulk.lines` streaming over httpx, `catalog.CatalogExport`
joining levels by inventory item id, and the import job's `import_products` (planning,
`catalog.services.upsert_products`, listing links, stock counts through the inventory
services, run items). The bulk operations themselves (Shopify's side) are not timed, nor is
the child's warm-up (importing the HTTP stack and building its TLS context, which a running
worker has done already: a one-line result is read before the clock starts).

The stock outbox the import fills is drained by the worker after commit, not by the import
(queue "sqlite": the nudges wait in the queue as they would for `serve`'s worker); that drain
(the fan-out of every changed level to the channels' pushes) is timed on its own after the
import and printed as `drain_seconds` / `drain_cpu_seconds`, outside `seconds`.

Prints one JSON object:
    {"variants": N, "runs": [...], "seconds": S, "variants_per_s": R, "cpu_seconds": C,
     "variants_per_cpu_s": RC, "peak_rss_mb": M, "drain_seconds": D, "drain_cpu_seconds": DC}
with the median of `--repeat` runs (each on a fresh database); `cpu_seconds` is the child's
own CPU time over the same span (what the figure would be on an idle machine: the wall time
counts other processes' turns on a shared one); `peak_rss_mb` is the child's peak resident
memory (Django included). Targets (issue 13): >= 10,000 variants/s, < 500 MB.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

SIZES = ("XS", "S", "M", "L", "XL")
COLORS = ("Black", "White", "Navy", "Olive")
PER_PRODUCT = len(SIZES) * len(COLORS)
LOCATION = "gid://shopify/Location/1"
TOKEN = "shpat_bench"  # noqa: S105 (the local server checks none)


def write_jsonl(directory: Path, variants: int) -> int:
    """The two bulk results for a store of `variants` variants (products of 20: Size x Color,
    the last one possibly smaller); answers the number of products."""
    products = 0
    dumps = partial(json.dumps, separators=(",", ":"))
    with (
        (directory / "products.jsonl").open("w", encoding="utf-8") as out,
        (directory / "levels.jsonl").open("w", encoding="utf-8") as levels,
    ):
        levels.write(dumps({"id": LOCATION}) + "\n")
        for n in range(variants):
            p, i = divmod(n, PER_PRODUCT)
            product_id = f"gid://shopify/Product/{p + 1}"
            if i == 0:
                products += 1
                out.write(
                    dumps(
                        {
                            "id": product_id,
                            "title": f"Bench Tee {p}",
                            "handle": f"bench-tee-{p}",
                            "status": "ACTIVE",
                            "publishedAt": "2026-01-05T10:00:00Z",
                            "vendor": "Bench Co",
                            "productType": "T-shirt",
                            "descriptionHtml": "<p>Organic cotton tee, regular fit.</p>",
                            "tags": ["bench", "cotton"],
                            "options": [
                                {"name": "Size", "position": 1},
                                {"name": "Color", "position": 2},
                            ],
                            "category": None,
                        }
                    )
                    + "\n"
                )
                out.write(
                    dumps(
                        {
                            "id": f"gid://shopify/MediaImage/{p + 1}",
                            "mediaContentType": "IMAGE",
                            "image": {
                                "url": f"https://cdn.shopify.com/s/files/1/bench/{p}.jpg",
                                "altText": None,
                            },
                            "__parentId": product_id,
                        }
                    )
                    + "\n"
                )
                out.write(
                    dumps(
                        {
                            "id": f"gid://shopify/Metafield/{p + 1}",
                            "namespace": "custom",
                            "key": "fabric",
                            "type": "single_line_text_field",
                            "value": "Organic cotton",
                            "__parentId": product_id,
                        }
                    )
                    + "\n"
                )
            size, color = SIZES[i % len(SIZES)], COLORS[i // len(SIZES)]
            item = f"gid://shopify/InventoryItem/{n + 1}"
            out.write(
                dumps(
                    {
                        "id": f"gid://shopify/ProductVariant/{n + 1}",
                        "title": f"{size} / {color}",
                        "sku": f"BT-{p}-{size}-{color[:3].upper()}",
                        "barcode": f"{2000000000000 + n}",
                        "price": "24.90",
                        "compareAtPrice": "29.90",
                        "position": i + 1,
                        "selectedOptions": [
                            {"name": "Size", "value": size},
                            {"name": "Color", "value": color},
                        ],
                        "image": None,
                        "inventoryItem": {
                            "id": item,
                            "tracked": True,
                            "unitCost": {"amount": "8.1", "currencyCode": "USD"},
                            "measurement": {"weight": {"value": 180.0, "unit": "GRAMS"}},
                        },
                        "__parentId": product_id,
                    }
                )
                + "\n"
            )
            levels.write(
                dumps(
                    {
                        "id": f"gid://shopify/InventoryLevel/{n + 1}?inventory_item_id={n + 1}",
                        "item": {"id": item},
                        "quantities": [{"name": "available", "quantity": 1 + n % 40}],
                        "__parentId": LOCATION,
                    }
                )
                + "\n"
            )
    return products


def _env(data_dir: Path) -> dict[str, str]:
    env = {
        k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "DJANGO_SETTINGS_MODULE")
    }
    env["STOCKBRIDGE_DATA_DIR"] = str(data_dir)
    env["STOCKBRIDGE_QUEUE"] = "sqlite"  # jobs wait for a worker (the drain is timed apart)
    return env


def child(base_url: str, products: int, variants: int) -> None:
    """In a fresh data directory: migrate, create the channel and a location, then time the
    import from the download on."""
    from stockbridge import bootstrap

    bootstrap.configure()
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=0)

    from stockbridge.catalog.models import Variant
    from stockbridge.channels.access import seal
    from stockbridge.channels.models import Channel
    from stockbridge.channels.port import Credentials, Endpoint
    from stockbridge.connectors.shopify.bulk import BulkResult
    from stockbridge.connectors.shopify.catalog import CatalogExport
    from stockbridge.connectors.shopify.client import ShopifyClient
    from stockbridge.inventory.locations import LocationSpec, create_location
    from stockbridge.inventory.models import StockLevel
    from stockbridge.platform import clock
    from stockbridge.sync.jobs.import_listings import import_products, load_context
    from stockbridge.sync.runs import close_run, open_run

    create_location(spec=LocationSpec(name="Warehouse", code="WH"))
    channel = Channel.objects.create(
        kind="shopify",
        name="bench",
        domain="bench.myshopify.com",
        base_url=base_url,
        credentials=seal(Credentials(access_token=TOKEN)),
        status="connected",
        created_at=clock.now(),
    )
    client = ShopifyClient(endpoint=Endpoint(domain=channel.domain, base_url=base_url), token=TOKEN)

    def result(name: str, roots: int) -> BulkResult:
        return BulkResult(
            id=f"gid://shopify/BulkOperation/{name}",
            status="COMPLETED",
            object_count=0,
            url=f"{base_url}/{name}.jsonl",
            root_object_count=roots,
        )

    # A worker has its HTTP stack imported and its TLS context built before it imports: the
    # one-line result is read before the clock starts.
    from stockbridge.connectors.shopify import bulk

    list(bulk.lines(client, result("warm", 1)))

    started, cpu = time.perf_counter(), time.process_time()
    context = load_context(channel.pk)
    run = open_run(channel_id=channel.pk, operation="import_listings")
    export = CatalogExport(client, result("products", products), result("levels", 1))
    import_products(run, context, export, dry_run=False)
    run = close_run(run)
    seconds = time.perf_counter() - started
    cpu_seconds = time.process_time() - cpu
    peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    from stockbridge.sync import outbox

    drain_started, drain_cpu = time.perf_counter(), time.process_time()
    for consumer in outbox.consumers():
        outbox.drain(consumer.name)
    drain_seconds = time.perf_counter() - drain_started
    drain_cpu_seconds = time.process_time() - drain_cpu
    stored = Variant.objects.count()
    levels = StockLevel.objects.filter(on_hand__gt=0).count()
    if (run.status, stored, levels) != ("ok", variants, variants):
        raise SystemExit(f"import incomplete: {run.status} {run.counts} {stored} {levels}")
    print(
        json.dumps(
            {
                "seconds": seconds,
                "cpu_seconds": cpu_seconds,
                "peak_rss_mb": peak_kb / 1024,
                "drain_seconds": drain_seconds,
                "drain_cpu_seconds": drain_cpu_seconds,
            }
        )
    )


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        return None


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--variants", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--child", nargs=3, metavar=("URL", "PRODUCTS", "VARIANTS"))
    args = parser.parse_args()
    if args.child:
        url, products, variants = args.child
        child(url, int(products), int(variants))
        return 0
    with tempfile.TemporaryDirectory(prefix="stockbridge-bench-") as tmp:
        served = Path(tmp) / "served"
        served.mkdir()
        products = write_jsonl(served, args.variants)
        (served / "warm.jsonl").write_text('{"id": "gid://shopify/Location/1"}\n')
        server = ThreadingHTTPServer(("127.0.0.1", 0), partial(_Quiet, directory=str(served)))
        threading.Thread(target=server.serve_forever, daemon=True).start()
        url = f"http://127.0.0.1:{server.server_address[1]}"
        runs = []
        try:
            for n in range(args.repeat):
                data_dir = Path(tmp) / f"data-{n}"
                data_dir.mkdir()
                done = subprocess.run(
                    [
                        sys.executable,
                        __file__,
                        "--child",
                        url,
                        str(products),
                        str(args.variants),
                    ],
                    env=_env(data_dir),
                    capture_output=True,
                    text=True,
                )
                if done.returncode != 0:
                    sys.stderr.write(done.stderr[-4000:] + done.stdout[-2000:])
                    return 1
                runs.append(json.loads(done.stdout.strip().splitlines()[-1]))
        finally:
            server.shutdown()
    seconds = statistics.median(r["seconds"] for r in runs)
    cpu_seconds = statistics.median(r["cpu_seconds"] for r in runs)
    print(
        json.dumps(
            {
                "variants": args.variants,
                "runs": [round(r["seconds"], 2) for r in runs],
                "seconds": round(seconds, 2),
                "variants_per_s": round(args.variants / seconds),
                "cpu_seconds": round(cpu_seconds, 2),
                "variants_per_cpu_s": round(args.variants / cpu_seconds),
                "peak_rss_mb": round(max(r["peak_rss_mb"] for r in runs), 1),
                "drain_seconds": round(statistics.median(r["drain_seconds"] for r in runs), 2),
                "drain_cpu_seconds": round(
                    statistics.median(r["drain_cpu_seconds"] for r in runs), 2
                ),
            }
        )
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
