"""Benchmark: the wholesale portal channel's hourly work against the portal sandbox served over
HTTP on loopback: N tagged products (one colour, S sizes each) pushed as styles, their stock by
date (each size on hand, half with a purchase order due in 30 days) pushed, the same push again
(nothing changed), and K approved orders taken.

    python3 -m uv run python bench/wholesale_push.py --products 200 --sizes 4 --orders 20

Set-up (not timed): a fresh SQLite database in a temp dir, the products through the catalog
service, a connected channel, a mapped warehouse. Each step prints its wall and CPU seconds
(`time.process_time`: this process, the in-process sandbox's threads included) and CPU
milliseconds per item. One JSON object:
    {"products", "sizes", "orders", "steps": {step: {"items", "calls", "seconds", "cpu_seconds",
     "cpu_ms_per_item"}}, "load_average"}
`calls` counts the portal requests of the step. Expected: push_products 1 call per style;
push_stock_by_date (first) one PUT per warehouse and one flags PUT (nothing to remove yet);
the second push 0 calls; the nightly reconcile one DELETE per size more; take_orders 1 list
+ 1 product read per style ordered + 1 mark per order."""

from __future__ import annotations

import argparse
import json
import logging
import os
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any


def configure(data_dir: Path) -> None:
    os.environ.pop("DATABASE_URL", None)
    os.environ["STOCKBRIDGE_DATA_DIR"] = str(data_dir)
    os.environ["STOCKBRIDGE_QUEUE"] = "immediate"
    os.environ["STOCKBRIDGE_ALLOW_SANDBOX_CHANNELS"] = "1"
    from stockbridge import bootstrap

    bootstrap.configure()
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=0)


def main() -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--products", type=int, default=200)
    parser.add_argument("--sizes", type=int, default=4)
    parser.add_argument("--orders", type=int, default=20)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="stockbridge-bench-") as tmp:
        configure(Path(tmp))
        return run(args.products, args.sizes, args.orders)


def run(products: int, sizes: int, orders: int) -> int:
    from stockbridge.catalog.services import create_product
    from stockbridge.catalog.specs import AttributeSpec, ProductSpec, VariantSpec
    from stockbridge.channels import services
    from stockbridge.customers.services import create_customer
    from stockbridge.customers.specs import CustomerSpec
    from stockbridge.inventory.models import Location
    from stockbridge.inventory.services.adjusting import adjust
    from stockbridge.platform import clock
    from stockbridge.purchasing.models import Supplier
    from stockbridge.purchasing.services import LineSpec, create_purchase_order
    from stockbridge.sync.operations import run_operation
    from stockbridge_sandboxes.serving import BackgroundServer
    from stockbridge_sandboxes.wholesale import PortalApp
    from stockbridge_sandboxes.wholesale import orders as portal_orders

    logging.getLogger("httpx").setLevel(logging.WARNING)
    logging.getLogger("huey").setLevel(logging.WARNING)
    logging.getLogger("stockbridge").setLevel(logging.ERROR)
    app = PortalApp()
    labels = [f"S{n}" for n in range(sizes)]
    main_location = Location.objects.create(name="Main", code="MAIN", priority=1)
    supplier = Supplier.objects.create(name="Mill", code="MILL")
    due = clock.now().date() + timedelta(days=30)
    variant_ids: list[int] = []
    for p in range(products):
        made = create_product(
            spec=ProductSpec(
                title=f"Style {p}",
                handle=f"style-{p}",
                tags=("wholesale", "season:FW26", "category:Tops", "department:Women"),
                attributes=(
                    AttributeSpec(name="Color", values=("Black",)),
                    AttributeSpec(name="Size", values=tuple(labels)),
                ),
                variants=tuple(
                    VariantSpec(
                        sku=f"ST{p}-{label}",
                        price=Decimal("40.00"),
                        wholesale_price=Decimal("18.50"),
                        attribute_values=("Black", label),
                    )
                    for label in labels
                ),
            )
        )
        for variant in made.variants.all():
            adjust(variant_id=variant.pk, location_id=main_location.pk, delta=10)
            variant_ids.append(variant.pk)
    create_purchase_order(
        supplier_id=supplier.pk,
        location_id=main_location.pk,
        lines=[LineSpec(variant_id=v, quantity=5, expected_on=due) for v in variant_ids[::2]],
        place=True,
    )
    create_customer(
        spec=CustomerSpec(
            kind="wholesale", account_code="ACME", company="Acme", tags=("wholesale",)
        )
    )
    steps: dict[str, Any] = {}
    with BackgroundServer(app, name="portal") as server:
        grant = app.issue_token()
        channel = services.add_channel(
            kind="wholesale",
            name="Portal",
            domain="wholesale.sandbox1.nuorder.com",
            base_url=server.base_url,
        )
        token = f"{app.consumer_key}:{app.consumer_secret}:{grant.token}:{grant.secret}"
        channel = services.connect_with_token(channel=channel, token=token)
        warehouse = app.portal.new_id()
        app.portal.warehouses[warehouse] = {"_id": warehouse, "name": "Main", "code": "MAIN"}
        services.set_operation(
            channel=channel,
            operation="push_stock_by_date",
            settings={"warehouses": {"MAIN": warehouse}},
        )

        def step(name: str, operation: str, items: Callable[[], int]) -> None:
            before = len(app.log)
            wall, cpu = time.perf_counter(), time.process_time()
            done = run_operation(channel_id=channel.pk, operation=operation)
            wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
            count = items()
            steps[name] = {
                "status": done.status,
                "items": count,
                "calls": len(app.log) - before,
                "seconds": round(wall, 3),
                "cpu_seconds": round(cpu, 3),
                "cpu_ms_per_item": round(cpu * 1000 / count, 2) if count else None,
            }

        step("push_products", "push_products", lambda: products)
        run_operation(channel_id=channel.pk, operation="push_accounts")
        step("push_stock_by_date", "push_stock_by_date", lambda: products * sizes)
        step("push_stock_by_date_unchanged", "push_stock_by_date", lambda: products * sizes)
        step("reconcile_stock_by_date", "reconcile_stock_by_date", lambda: products * sizes)
        styles = list(app.portal.products.values())
        for n in range(orders):
            style = styles[n % len(styles)]
            made_order = portal_orders.create_draft(
                app.portal,
                {"line_items": [{"product_id": style["_id"], "sizes": [
                    {"size": labels[0], "quantity": 2, "price": 18.5}]}]},
            )  # fmt: skip
            company = app.portal.company_by_code("ACME")
            assert company is not None
            portal_orders.attach_company(app.portal, made_order, company)
            portal_orders.move(app.portal, made_order, "review")
            portal_orders.move(app.portal, made_order, "approved")
        step("take_orders", "take_orders", lambda: orders)
    print(
        json.dumps(
            {
                "products": products,
                "sizes": sizes,
                "orders": orders,
                "steps": steps,
                "load_average": round(os.getloadavg()[0], 2),
            }
        )
    )
    ok = all(s["status"] == "ok" for s in steps.values())
    return 0 if ok and steps["push_stock_by_date_unchanged"]["calls"] == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
