"""Benchmark: `bench/order_intake.py` counted in CPU time, so the figure holds on a loaded
machine: the same signed `orders/create` webhooks posted to `stockbridge serve` (web + one
worker, SQLite) until every order is imported, and the CPU the serve process used meanwhile
(user + system, all its threads: the web's acks, the worker's imports, the queue), read from
/proc (Linux).

    python3 -m uv run python bench/order_intake_cpu.py --orders 2000 [--clients 4]

`cpu_ms_per_order` is the serve process's CPU per order, ack and import together;
`orders_per_cpu_s` its inverse (the orders per second one free core would import, the issue
15 target being >= 50). Wall-clock figures are printed beside it, with the load average they
were measured under. Prints one JSON object:
    {"orders", "clients", "cpu_seconds", "cpu_ms_per_order", "orders_per_cpu_s",
     "ack_p50_ms", "ack_p99_ms", "orders_per_s", "seconds", "load_average_before",
     "load_average"}
"""

from __future__ import annotations

import json
import os
import statistics
import sys
import tempfile
from pathlib import Path

# the bench beside this one (bench/ is on sys.path)
from order_intake import arguments, drive, embedded


def main() -> int:
    args = arguments(__doc__.splitlines()[0])
    with tempfile.TemporaryDirectory(prefix="stockbridge-bench-") as tmp:
        embedded(tmp)
        load_before = os.getloadavg()[0]
        driven = drive(args.orders, args.clients, Path(tmp))
        if driven is None:
            return 1
    ordered = sorted(driven.acks)
    print(
        json.dumps(
            {
                "orders": args.orders,
                "clients": args.clients,
                "cpu_seconds": round(driven.cpu_seconds, 2),
                "cpu_ms_per_order": round(driven.cpu_seconds / args.orders * 1000, 2),
                "orders_per_cpu_s": round(args.orders / driven.cpu_seconds, 1),
                "ack_p50_ms": round(statistics.median(ordered) * 1000, 1),
                "ack_p99_ms": round(ordered[max(int(len(ordered) * 0.99) - 1, 0)] * 1000, 1),
                "orders_per_s": round(args.orders / driven.seconds, 1),
                "seconds": round(driven.seconds, 2),
                "load_average_before": round(load_before, 2),
                "load_average": round(os.getloadavg()[0], 2),
            }
        )
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
