"""Chaos: shopper orders while the sandbox duplicates 30% of webhooks, reorders them, drops
10%, and fails 20% of the app's API calls, while a worker is SIGKILLed and restarted twice.
Then Get Orders (the safety net) runs until a run is not stopped by a failed call, and a
reconciliation. Afterwards exactly the orders placed exist, none twice, every committed
quantity is what was ordered, and the store and the hub show the same available quantity for
every variant.

Two tests, one per database of the suite's run:

- SQLite (`sqlite_only`): the hub runs as real processes on its own SQLite files and SQLite
  job queue, as `stockbridge serve` would scaled out: `stockbridge web` takes the webhooks,
  the one `stockbridge worker` (two threads and the scheduler) does all the rest (the inbox,
  the stock pushes to the store) and is SIGKILLed and restarted twice; the store is a
  sandbox served over HTTP on a loopback port by the test, sending its webhooks to the web.
  Get Orders and the reconciliation run as `stockbridge sync run`; the hub's figures are
  read by a process of its own (`chaos_hub report`).
- PostgreSQL (`postgres_only`): the hub in the test process (the web is the test client,
  after-commit processing there too) and a second worker process applying the inbox on the
  test database, SIGKILLed and restarted twice.

Bounded: `STOCKBRIDGE_CHAOS_ORDERS` orders; by default the issue's 500 on SQLite and 100 on
PostgreSQL (an order took about four times as long there, in the test process). The store is
on the Plus plan (a higher API rate budget), so what is measured is surviving the faults, not
waiting for the throttle. Measured on the two-core reference machine, shared (load average 4
to 5): SQLite, 500 orders in 106 to 129 s (median 125 s over four runs; 49 s of CPU, the hub's
processes included): the orders and their processing take 10 to 30 s, Get Orders under 20%
failed calls about 75 s. PostgreSQL, 100 orders in 83 s (500 took 1373 s at load 6 to 8).
Before, the SQLite test ran 500 orders in the test process in 310 s (273 s with a second
worker process beside it).
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from random import Random

import pytest
from django.conf import settings as django_settings

from stockbridge.inventory import services as inventory
from stockbridge.inventory.models import StockLevel
from stockbridge.orders.models import Order
from stockbridge.sync import inbox
from stockbridge.sync.models import InboundEvent
from stockbridge.sync.operations import run_operation
from stockbridge_sandboxes.shopify import SandboxApp
from stockbridge_sandboxes.shopify.clock import Clock
from stockbridge_sandboxes.shopify.server import BackgroundServer
from tests.inventory.conftest import make_variant
from tests.support.hub_processes import Hub, kill, running_hub, stop
from tests.support.shopify_stores import Store, Stores, routed_stores
from tests.support.shops import seed_shop

from .channels_shop import Remote, add_location, available, link
from .orders_in_shop import Shop, add_product, open_shop

ORDERS_BY_DEFAULT = {"sqlite": 500, "postgresql": 100}
SKUS = ("TEE-S", "TEE-M", "CAP", "MUG")
STOCK = 10_000
FAULTS = {
    "error_rate": 0.2,
    "webhooks": {"duplicate_rate": 0.3, "reorder": True, "drop_rate": 0.1},
}
DRAIN_WAIT = 150.0  # seconds for the last webhooks and the inbox (a sweep runs every minute)
WORKER = """
import signal, sys, time
from stockbridge import bootstrap
bootstrap.configure()
from stockbridge.sync import inbox
while True:
    inbox.process_pending()
    time.sleep(0.05)
"""


def orders_wanted(vendor: str) -> int:
    return int(os.environ.get("STOCKBRIDGE_CHAOS_ORDERS", ORDERS_BY_DEFAULT[vendor]))


def shopper_orders(orders: int) -> Iterator[dict[str, int]]:
    """Each order's lines, {sku: quantity}: two SKUs, one to three of each (the same ones on
    every run)."""
    random = Random(15)
    for _ in range(orders):
        yield {sku: random.randint(1, 3) for sku in random.sample(SKUS, 2)}


def dropped(store: Store) -> int:
    return sum(1 for d in store.app.webhooks.log if d.status == "dropped")


# -- SQLite: the hub as processes -------------------------------------------------------------


def place(store: Store, remote: dict[str, Remote], lines: dict[str, int]) -> None:
    """A shopper checks out `lines`; the store's webhooks go out."""
    items = [{"variantId": remote[sku].variant_id, "quantity": q} for sku, q in lines.items()]
    store.control("orders", {"lineItems": items})
    store.control("tick")


def applied(hub: Hub) -> int:
    """The events the hub's inbox has applied (only its worker applies them)."""
    return hub.count("SELECT COUNT(*) FROM sync_inboundevent WHERE processed_at IS NOT NULL")


def kill_at_work(hub: Hub, worker: subprocess.Popen[bytes], applied_before: int) -> int:
    """SIGKILL `worker` once it has applied events since it started (`applied_before` were
    applied then): it dies at work, not while it starts. Its exit status."""
    deadline = time.monotonic() + 60
    while applied(hub) <= applied_before and time.monotonic() < deadline:
        time.sleep(0.05)
    assert applied(hub) > applied_before, "the worker applied nothing in 60 s"
    return kill(worker)


def drained(hub: Hub, store: Store) -> bool:
    """The store has nothing left to send and the hub's inbox nothing left to apply."""
    if store.app.webhooks.pending():
        return False
    return hub.count("SELECT COUNT(*) FROM sync_inboundevent WHERE processed_at IS NULL") == 0


@pytest.mark.sqlite_only
def test_orders_survive_the_chaos_with_the_hub_in_processes_and_its_worker_killed(
    tmp_path: Path,
) -> None:
    orders = orders_wanted("sqlite")
    token = "shpat_chaos"
    app = SandboxApp(clock=Clock(), plan="plus", shop_domain="chaos.myshopify.com", token=token)
    with BackgroundServer(app) as sandbox, running_hub(tmp_path / "hub") as hub:
        store = Store(app=app, base_url=sandbox.base_url, token=token)
        seed_shop(store, currency="USD")
        warehouse = add_location(store, 1, "Stockbridge Warehouse")
        remote = add_product(store, "Tee", ["TEE-S", "TEE-M"], warehouse, STOCK)
        for sku in ("CAP", "MUG"):
            remote |= add_product(store, sku.title(), [sku], warehouse, STOCK)
        channel = hub.script(
            "tests.sync.chaos_hub",
            "seed",
            {
                "domain": app.shop_domain,
                "base_url": sandbox.base_url,
                "token": token,
                "webhook_secret": app.credentials.client_secret,
                "remote_location": warehouse,
                "remote": {
                    sku: {
                        "product_id": r.product_id,
                        "variant_id": r.variant_id,
                        "item_id": r.item_id,
                    }
                    for sku, r in remote.items()
                },
                "stock": STOCK,
            },
        )["channel"]
        hub.start_web()
        worker, started_at = hub.start("worker", "--workers", "2"), applied(hub)
        store.control("faults", FAULTS)
        ordered: Counter[str] = Counter()
        kills = {orders // 3, 2 * orders // 3}
        killed = []
        for n, lines in enumerate(shopper_orders(orders)):
            ordered.update(lines)
            place(store, remote, lines)
            if n in kills:
                killed.append(kill_at_work(hub, worker, started_at))
                worker, started_at = hub.start("worker", "--workers", "2"), applied(hub)
        store.control("clock/advance", {"seconds": 10})
        deadline = time.monotonic() + DRAIN_WAIT
        while not drained(hub, store) and time.monotonic() < deadline:
            time.sleep(0.5)
        assert drained(hub, store)
        for child in hub.children:
            stop(child)  # Get Orders and the reconciliation run alone

        for _attempt in range(10):
            run = hub.cli("sync", "run", channel, "get_orders")
            if run.returncode == 0:
                break
        assert run.returncode == 0, run.stdout + run.stderr[-3000:]
        assert killed == [-signal.SIGKILL, -signal.SIGKILL]
        assert dropped(store) > 0  # the faults were there to be survived

        figures = hub.script("tests.sync.chaos_hub", "report")
        imported = figures["orders"]
        assert (len(imported), len(set(imported))) == (orders, orders)
        assert figures["committed"] == {sku: ordered[sku] for sku in SKUS}
        assert figures["pending_events"] == 0

        store.control("faults", {"error_rate": 0.0})
        reconciled = hub.cli("sync", "run", channel, "reconcile")
        assert reconciled.returncode == 0, reconciled.stdout + reconciled.stderr[-3000:]
        hub_available = {sku: STOCK - ordered[sku] for sku in SKUS}
        shown = {sku: available(store, remote[sku], warehouse) for sku in SKUS}
        assert shown == hub_available


# -- PostgreSQL: the hub in the test process, a second worker process --------------------------


@pytest.fixture
def stores(channel_fanout: None) -> Iterator[Stores]:
    yield from routed_stores()


def spawn_worker() -> subprocess.Popen[bytes]:
    """A second worker applying the inbox, on the test database."""
    env = dict(os.environ)
    db = django_settings.DATABASES["default"]
    env["DATABASE_URL"] = f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}"
    env.pop("DJANGO_SETTINGS_MODULE", None)
    return subprocess.Popen([sys.executable, "-c", WORKER], env=env)


@pytest.mark.postgres_only
@pytest.mark.live_nudges
@pytest.mark.django_db(transaction=True)
def test_orders_survive_the_chaos_with_a_second_worker_killed(stores: Stores) -> None:
    orders = orders_wanted("postgresql")
    shop: Shop = open_shop(stores.add("chaos", plan="plus"), stock=STOCK)
    for sku in ("CAP", "MUG"):
        extra = add_product(shop.store, sku.title(), [sku], shop.warehouse, STOCK)
        shop.remote.update(extra)
        shop.tees[sku] = make_variant(sku)
        inventory.adjust(variant_id=shop.tees[sku].pk, location_id=shop.wh.pk, delta=STOCK)
        link(shop.channel, shop.tees[sku], extra[sku], confirmed={shop.warehouse: STOCK})
    shop.store.control("faults", FAULTS)
    ordered: Counter[str] = Counter()
    kills = {orders // 3, 2 * orders // 3}
    worker = spawn_worker()
    try:
        for n, lines in enumerate(shopper_orders(orders)):
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
    assert dropped(shop.store) > 0  # the faults were there to be survived

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
