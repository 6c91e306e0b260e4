"""Benchmark: seed 100,000 variants into the Shopify sandbox, then look variants up by SKU and
by id through GraphQL.

Seeds `--products` x `--variants-per-product` (default 10,000 x 10; `--products 100000
--variants-per-product 1` is the other shape), three times on fresh sandboxes, and prints one
JSON object with the medians: seconds (wall time of a seed), cpu_seconds (the process's CPU
time of a seed: on a shared machine wall time also counts other processes' turns),
sku_lookup_ms and id_lookup_ms (mean per lookup: `productVariants(query: "sku:...")` from the
store's SKU index, `productVariant(id:)` and `nodes(ids:)` from the store's objects by id).
Target: seconds < 10.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time

from stockbridge_sandboxes.shopify import SandboxApp
from stockbridge_sandboxes.shopify.clock import FrozenClock
from stockbridge_sandboxes.shopify.seed import seed_generated

BY_SKU = "query($q: String!) { productVariants(first: 1, query: $q) { nodes { id sku } } }"
BY_ID = "query($id: ID!) { productVariant(id: $id) { id sku } }"
BY_IDS = "query($ids: [ID!]!) { nodes(ids: $ids) { ... on ProductVariant { id sku } } }"
RUNS = 3


def _sku(n: int, products: int, per_product: int) -> str:
    product = (n * 37) % products + 1
    return f"GEN-{product:06d}-{n % per_product + 1}" if per_product > 1 else f"GEN-{product:06d}"


def run(products: int, per_product: int, lookups: int) -> dict[str, float]:
    app = SandboxApp(clock=FrozenClock())
    wall, cpu = time.perf_counter(), time.process_time()
    variants = seed_generated(app.store, products, per_product)
    seconds, cpu_seconds = time.perf_counter() - wall, time.process_time() - cpu
    assert len(app.store.all("ProductVariant")) == variants

    started = time.perf_counter()
    ids: list[str] = []
    for n in range(lookups):
        sku = _sku(n, products, per_product)
        found = app.execute(BY_SKU, {"q": f"sku:{sku}"})["data"]["productVariants"]["nodes"]
        assert [v["sku"] for v in found] == [sku], found
        ids.append(found[0]["id"])
    by_sku = time.perf_counter() - started

    started = time.perf_counter()
    for gid in ids:
        assert app.execute(BY_ID, {"id": gid})["data"]["productVariant"]["id"] == gid
    answered = app.execute(BY_IDS, {"ids": ids[:250]})["data"]["nodes"]
    assert [v["id"] for v in answered] == ids[:250]
    by_id = time.perf_counter() - started
    return {
        "variants": variants,
        "seconds": seconds,
        "cpu_seconds": cpu_seconds,
        "sku_lookup_ms": by_sku * 1000 / lookups,
        "id_lookup_ms": by_id * 1000 / (lookups + 1),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--products", type=int, default=10_000)
    parser.add_argument("--variants-per-product", type=int, default=10)
    parser.add_argument("--lookups", type=int, default=200)
    args = parser.parse_args()
    runs = [run(args.products, args.variants_per_product, args.lookups) for _ in range(RUNS)]
    median = {key: statistics.median(r[key] for r in runs) for key in runs[0]}
    print(
        json.dumps(
            {
                "variants": int(median["variants"]),
                "seconds": round(median["seconds"], 2),
                "cpu_seconds": round(median["cpu_seconds"], 2),
                "sku_lookup_ms": round(median["sku_lookup_ms"], 2),
                "id_lookup_ms": round(median["id_lookup_ms"], 2),
                "runs": RUNS,
                "targets": {"seconds": 10},
            }
        )
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
