"""Orders from channels at the command line: `channel webhooks --orders` subscribes the
order, refund and customer topics; `sync run CH get_orders` and `sync legacy-orders CH
--days N` import a sandbox store's orders (in-process against a sandbox store)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from stockbridge.cli.main import main
from stockbridge.orders.models import Order
from tests.support.shopify_stores import Stores, routed_stores
from tests.sync.orders_in_shop import open_shop

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def stores(channel_fanout: None) -> Iterator[Stores]:
    yield from routed_stores()


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_webhooks_with_orders_subscribes_orders_refunds_and_customers(
    capsys: pytest.CaptureFixture[str], stores: Stores
) -> None:
    shop = open_shop(stores.add("cli-a"), subscribe=False)
    name = shop.channel.name
    code, out, _ = run(
        capsys, "channel", "webhooks", name, "--url", "https://hub.example.com", "--orders"
    )
    assert code == 0
    assert out.splitlines()[1:] == [
        "app/uninstalled: subscribed",
        "orders/create: subscribed",
        "orders/updated: subscribed",
        "orders/cancelled: subscribed",
        "orders/fulfilled: subscribed",
        "refunds/create: subscribed",
        "customers/create: subscribed",
        "customers/update: subscribed",
    ]


def test_get_orders_and_the_legacy_pull_from_the_command_line(
    capsys: pytest.CaptureFixture[str], stores: Stores
) -> None:
    shop = open_shop(stores.add("cli-b"), subscribe=False)
    name = shop.channel.name
    shop.order({"TEE-S": 1})
    code, out, _ = run(capsys, "sync", "run", name, "get_orders")
    assert (code, out.split(" ", 2)[2].split(":")[0]) == (0, "get_orders ok")
    assert "get_orders ok: created 1: 1 order(s) updated since" in out
    shop.order({"TEE-M": 1})
    code, out, _ = run(capsys, "sync", "legacy-orders", name, "--days", "7")
    assert code == 0
    assert "legacy_orders ok: created 1, unchanged 1" in out
    assert Order.objects.count() == 2
    code, _, err = run(capsys, "sync", "legacy-orders", name, "--days", "61")
    assert code == 2
    assert err.startswith("stockbridge: days: the channel serves only the last 60 days")
