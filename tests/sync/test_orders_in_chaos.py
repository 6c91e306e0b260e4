"""Chaos: shopper orders while the sandbox duplicates 30% of webhooks, reorders them, drops
10%, and fails 20% of the app's API calls; a second worker process applies the inbox beside
the web's after-commit processing and is SIGKILLed and restarted twice (the test database
is a file on SQLite too, WAL, shared with the worker process). Then Get Orders (the safety net) runs until a
run is not stopped by a failed call, and a reconciliation. Afterwards exactly the orders
placed exist, none twice, every committed quantity is what was ordered, and the store and
the hub show the same available quantity for every variant.

Bounded: `STOCKBRIDGE_CHAOS_ORDERS` orders; by default the issue's 500 on SQLite and 100 on
PostgreSQL (each order took about four times as long there, measured below). The store is
on the Plus plan (a higher API rate budget), so what is measured is surviving the faults,
not waiting for the throttle. Measured on the two-core reference machine while loaded by
other runs (load average 6 to 8): 500 orders in 310 s on SQLite and 1373 s on PostgreSQL
(so about 275 s for PostgreSQL's 100).
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Iterator
from random import Random

import pytest
from django.conf import settings as django_settings
from django.db import connection

from stockbridge.inventory import services as inventory
from stockbridge.inventory.models import StockLevel
from stockbridge.orders.models import Order
from stockbridge.sync import inbox
from stockbridge.sync.models import InboundEvent
from stockbridge.sync.operations import run_operation
from tests.inventory.conftest import make_variant
from tests.support.shopify_stores import Stores, routed_stores

from .channels_shop import available, link
from .orders_in_shop import Shop, add_product, open_shop

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.live_nudges]

ORDERS_BY_DEFAULT = {"sqlite": 500, "postgresql": 100}
SKUS = ("TEE-S", "TEE-M", "CAP", "MUG")
STOCK = 10_000
WORKER = """
import signal, sys, time
from stockbridge import bootstrap
bootstrap.configure()
from stockbridge.sync import inbox
while True:
    inbox.process_pending()
    time.sleep(0.05)
"""


@pytest.fixture
def stores(channel_fanout: None) -> Iterator[Stores]:
    yield from routed_stores()


def spawn_worker() -> subprocess.Popen[bytes] | None:
    """A second worker applying the inbox, on the test database."""
    env = dict(os.environ)
    db = django_settings.DATABASES["default"]
    if connection.vendor == "sqlite":
        env["DATABASE_URL"] = f"sqlite:///{db['NAME']}"
    else:
        env["DATABASE_URL"] = f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}"
    env.pop("DJANGO_SETTINGS_MODULE", None)
    return subprocess.Popen([sys.executable, "-c", WORKER], env=env)


def kill(worker: subprocess.Popen[bytes] | None) -> None:
    if worker is not None:
        worker.send_signal(signal.SIGKILL)
        worker.wait(timeout=10)


def test_orders_survive_duplicates_reordering_drops_api_failures_and_killed_workers(
    stores: Stores,
) -> None:
    orders = int(os.environ.get("STOCKBRIDGE_CHAOS_ORDERS", ORDERS_BY_DEFAULT[connection.vendor]))
    shop: Shop = open_shop(stores.add("chaos", plan="plus"), stock=STOCK)
    for sku in ("CAP", "MUG"):
        extra = add_product(shop.store, sku.title(), [sku], shop.warehouse, STOCK)

        shop.remote.update(extra)
        shop.tees[sku] = make_variant(sku)
        inventory.adjust(variant_id=shop.tees[sku].pk, location_id=shop.wh.pk, delta=STOCK)
        link(shop.channel, shop.tees[sku], extra[sku], confirmed={shop.warehouse: STOCK})
    shop.store.control(
        "faults",
        {
            "error_rate": 0.2,
            "webhooks": {"duplicate_rate": 0.3, "reorder": True, "drop_rate": 0.1},
        },
    )
    random = Random(15)
    ordered: Counter[str] = Counter()
    kills = {orders // 3, 2 * orders // 3}
    worker = spawn_worker()
    try:
        for n in range(orders):
            lines = {sku: random.randint(1, 3) for sku in random.sample(SKUS, 2)}
            ordered.update(lines)
            shop.order(lines)
            if n in kills:
                kill(worker)
                worker = spawn_worker()
        shop.store.control("clock/advance", {"seconds": 10})
        deadline = time.monotonic() + 60
        while inbox.pending() and time.monotonic() < deadline:
            inbox.process_pending()
            time.sleep(0.1)
    finally:
        kill(worker)

    for _attempt in range(10):
        run = run_operation(channel_id=shop.channel.pk, operation="get_orders")
        if run.status == "ok":
            break
    assert run.status == "ok", run.message
    dropped = sum(1 for d in shop.store.app.webhooks.log if d.status == "dropped")
    assert dropped > 0  # the faults were there to be survived

    imported = list(Order.objects.values_list("external_id", flat=True))
    assert (len(imported), len(set(imported))) == (orders, orders)
    committed = {
        sku: StockLevel.objects.get(variant=shop.tees[sku], location=shop.wh).committed
        for sku in SKUS
    }
    assert committed == {sku: ordered[sku] for sku in SKUS}
    assert InboundEvent.objects.filter(processed_at__isnull=True).count() == 0

    shop.store.control("faults", {"error_rate": 0.0})
    reconciled = run_operation(channel_id=shop.channel.pk, operation="reconcile")
    assert reconciled.status == "ok", reconciled.message
    hub = {sku: STOCK - committed[sku] for sku in SKUS}
    shown = {sku: available(shop.store, shop.remote[sku], shop.warehouse) for sku in SKUS}
    assert shown == hub
