"""Benchmark: bulk export of 100,000 variants with inventory levels from the Shopify sandbox.

Seeds 10,000 products x 10 variants (one stocked location each), runs `bulkOperationRunQuery`
over products -> variants -> inventory levels, polls it to completion on the sandbox clock,
fetches the JSONL from the result URL, then looks up 200 variants (or `argv[1]`) by SKU
through GraphQL (`productVariants(query: "sku:...")`, answered from the store's SKU index) and
prints one JSON object: seconds (export only), seed_seconds, sku_lookup_ms (mean per lookup), lines,
peak_rss_mb. Targets: export < 30 s, seed < 10 s, < 1 GB.
"""

from __future__ import annotations

import json
import resource
import sys
import time

from stockbridge_sandboxes.shopify import SandboxApp
from stockbridge_sandboxes.shopify.clock import FrozenClock
from stockbridge_sandboxes.shopify.seed import seed_generated

PRODUCTS = 10_000
VARIANTS_PER_PRODUCT = 10
EXPORT = '''mutation { bulkOperationRunQuery(groupObjects: false, query: """
{ products { edges { node { id title handle status
    variants { edges { node { id sku price inventoryQuantity
      inventoryItem { id tracked
        inventoryLevels { edges { node { id location { id }
          quantities(names: ["available", "committed", "on_hand"]) { name quantity }
        } } } } } } } } } } }
""") { bulkOperation { id status } userErrors { field message } } }'''
BY_SKU = "query($q: String!) { productVariants(first: 1, query: $q) { nodes { id sku } } }"
LOOKUPS = int(sys.argv[1]) if len(sys.argv) > 1 else 200
POLL = "query($id: ID!) { bulkOperation(id: $id) { status objectCount rootObjectCount url } }"


def main() -> int:
    # The operation's status follows the sandbox clock (objects per second); a frozen clock is
    # advanced to its finish, so the figure is the export work, not the modelled duration.
    clock = FrozenClock()
    app = SandboxApp(clock=clock)
    started = time.perf_counter()
    variants = seed_generated(app.store, PRODUCTS, VARIANTS_PER_PRODUCT)
    seeded = time.perf_counter()
    run = app.execute(EXPORT)
    errors = run["data"]["bulkOperationRunQuery"]["userErrors"]
    if errors:
        print(json.dumps({"error": errors}))
        return 1
    op_id = run["data"]["bulkOperationRunQuery"]["bulkOperation"]["id"]
    op = app.execute(POLL, {"id": op_id})["data"]["bulkOperation"]
    while op["status"] in ("CREATED", "RUNNING"):
        clock.advance(5)
        op = app.execute(POLL, {"id": op_id})["data"]["bulkOperation"]
    number = op_id.rsplit("/", 1)[1]
    body = app.store.bulk_results[f"gid://shopify/BulkOperation/{number}"]
    lines = body.count(b"\n")
    finished = time.perf_counter()
    for n in range(LOOKUPS):
        sku = f"GEN-{(n * 37) % PRODUCTS + 1:06d}-{n % VARIANTS_PER_PRODUCT + 1}"
        found = app.execute(BY_SKU, {"q": f"sku:{sku}"})["data"]["productVariants"]["nodes"]
        assert [v["sku"] for v in found] == [sku], found
    looked_up = time.perf_counter()
    peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(
        json.dumps(
            {
                "variants": variants,
                "status": op["status"],
                "lines": lines,
                "object_count": int(op["objectCount"]),
                "root_object_count": int(op["rootObjectCount"]),
                "jsonl_mb": round(len(body) / 1e6, 1),
                "seed_seconds": round(seeded - started, 2),
                "seconds": round(finished - seeded, 2),
                "sku_lookup_ms": round((looked_up - finished) * 1000 / LOOKUPS, 2),
                "peak_rss_mb": round(peak_kb / 1024, 1),
                "targets": {"seconds": 30, "seed_seconds": 10, "peak_rss_mb": 1024},
            }
        )
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
