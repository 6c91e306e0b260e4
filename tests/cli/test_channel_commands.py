"""`stockbridge channel ...` and `stockbridge sync ...` in-process against sandbox stores."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from stockbridge.channels.models import Channel
from stockbridge.cli.main import main
from stockbridge.inventory.models import Location
from stockbridge.platform import clock
from stockbridge.sync.models import Run
from stockbridge_sandboxes.shopify.oauth import DEMO_CLIENT_ID, DEMO_CLIENT_SECRET
from tests.support import probe_job
from tests.support.shopify_stores import Stores, routed_stores
from tests.support.shops import grant, seed_shop

pytestmark = pytest.mark.django_db


@pytest.fixture
def stores() -> Iterator[Stores]:
    yield from routed_stores()


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def added(capsys: pytest.CaptureFixture[str], stores: Stores) -> str:
    store = stores.add("shop-a")
    seed_shop(store)
    code, out, _ = run(
        capsys,
        "channel",
        "add",
        "shopify",
        "--name",
        "Moor",
        "--domain",
        store.domain,
        "--base-url",
        store.base_url,
    )
    assert code == 0
    assert out == "added channel Moor (shopify, shop-a.myshopify.com): pending\n"
    return grant(store, "shpat_cli", "read_products,write_inventory,read_locations")


def test_add_connect_list_and_disconnect(
    capsys: pytest.CaptureFixture[str], stores: Stores
) -> None:
    token = added(capsys, stores)
    code, out, _ = run(capsys, "channel", "connect", "Moor", "--token", token)
    assert (code, out) == (
        0,
        "connected Moor: Moor Outfitters (shop-a.myshopify.com), plan Grow, currency GBP\n",
    )
    code, out, _ = run(capsys, "channel", "list")
    assert out.splitlines()[1].split() == [
        "Moor",
        "shopify",
        "shop-a.myshopify.com",
        "connected",
        "Moor",
        "Outfitters",
    ]
    code, out, _ = run(capsys, "channel", "disconnect", "Moor", "--reason", "closing down")
    assert (code, out) == (0, "disconnected Moor: closing down\n")


def test_refusals_print_field_and_reason(
    capsys: pytest.CaptureFixture[str], stores: Stores
) -> None:
    code, _, err = run(
        capsys, "channel", "add", "shopify", "--name", "M", "--domain", "m.example.com"
    )
    assert (code, err) == (
        2,
        "stockbridge: domain: 'm.example.com' is not a Shopify store domain "
        "(like your-store.myshopify.com)\n",
    )
    code, _, err = run(capsys, "channel", "test", "Nope")
    assert (code, err) == (2, "stockbridge: channel: no channel named 'Nope'\n")
    added(capsys, stores)
    code, _, err = run(capsys, "channel", "connect", "Moor", "--token", "shpat_wrong")
    assert (code, err) == (
        2,
        "stockbridge: token: Shopify refused the access token (revoked, expired or app uninstalled)\n",
    )
    code, _, err = run(capsys, "channel", "connect", "Moor")
    assert code == 2
    assert err.startswith("stockbridge: token: give --token TOKEN")


def test_connect_by_oauth_prints_the_install_url(
    capsys: pytest.CaptureFixture[str], stores: Stores, settings: object
) -> None:
    settings.STOCKBRIDGE_SHOPIFY_CLIENT_ID = DEMO_CLIENT_ID  # type: ignore[attr-defined]
    settings.STOCKBRIDGE_SHOPIFY_CLIENT_SECRET = DEMO_CLIENT_SECRET  # type: ignore[attr-defined]
    added(capsys, stores)
    code, out, _ = run(
        capsys,
        "channel",
        "connect",
        "Moor",
        "--oauth",
        "--redirect-uri",
        "http://localhost:8000/auth/callback",
    )
    state = Channel.objects.get().install_state
    assert code == 0
    assert out == (
        "http://shop-a.sandbox.test/admin/oauth/authorize?client_id=sandbox-client-id&scope="
        "read_customers%2Cread_inventory%2Cread_locations%2Cread_orders%2Cread_products%2C"
        "write_inventory%2Cwrite_merchant_managed_fulfillment_orders%2Cwrite_orders%2C"
        f"write_products&redirect_uri=http%3A%2F%2Flocalhost%3A8000%2Fauth%2Fcallback&state={state}\n"
    )


def test_test_reports_missing_scopes_and_exits_1(
    capsys: pytest.CaptureFixture[str], stores: Stores
) -> None:
    store = stores.add("shop-a")
    seed_shop(store)
    token = grant(store, "shpat_narrow", "read_products,write_inventory")
    run(
        capsys,
        "channel",
        "add",
        "shopify",
        "--name",
        "Moor",
        "--domain",
        store.domain,
        "--base-url",
        store.base_url,
    )
    run(capsys, "channel", "connect", "Moor", "--token", token)
    code, out, _ = run(capsys, "channel", "test", "Moor")
    assert code == 1
    assert out == (
        "shop:     Moor Outfitters (shop-a.myshopify.com)\n"
        "plan:     Grow\n"
        "currency: GBP\n"
        "scopes:   read_inventory, read_products, write_inventory\n"
        "webhooks: webhooks are not subscribed: STOCKBRIDGE_PUBLIC_URL is not set, so the "
        "store has no address to send its events to (an uninstall is only noticed at the next "
        "call). Set STOCKBRIDGE_PUBLIC_URL to where the store reaches this hub (e.g. "
        "https://hub.example.com) and connect again, or run `stockbridge channel webhooks "
        "Moor --url https://hub.example.com`\n"
        "missing:  import_listings needs read_locations\n"
        "missing:  reconcile needs read_locations\n"
        "missing:  sync_listings needs read_locations\n"
    )


def test_locations_and_mapping(capsys: pytest.CaptureFixture[str], stores: Stores) -> None:
    token = added(capsys, stores)
    stores.by_url["http://shop-a.sandbox.test"].control("seed", {"sample": True})
    run(capsys, "channel", "connect", "Moor", "--token", token)
    Location.objects.create(
        name="Leeds", code="LDS", created_at=clock.now(), updated_at=clock.now()
    )
    code, out, _ = run(
        capsys,
        "channel",
        "map",
        "Moor",
        "--location",
        "LDS",
        "--remote",
        "gid://shopify/Location/1",
    )
    assert (code, out) == (0, "LDS -> gid://shopify/Location/1 (Stockbridge Warehouse)\n")
    code, out, _ = run(capsys, "channel", "locations", "Moor")
    assert [line.split() for line in out.splitlines()] == [
        ["REMOTE", "ID", "NAME", "ACTIVE", "MAPPED", "FROM"],
        ["gid://shopify/Location/2", "High", "Street", "Shop", "yes", "-"],
        ["gid://shopify/Location/1", "Stockbridge", "Warehouse", "yes", "LDS"],
    ]
    code, _, err = run(capsys, "channel", "map", "Moor", "--location", "NOPE", "--remote", "x")
    assert (code, err) == (2, "stockbridge: location: no location 'NOPE'\n")


def test_settings_show_and_change_schedule(capsys: pytest.CaptureFixture[str]) -> None:
    main(["channel", "add", "shopify", "--name", "Moor", "--domain", "moor.myshopify.com"])
    capsys.readouterr()
    code, out, _ = run(
        capsys, "channel", "settings", "Moor", "reconcile", "--schedule", "every:30", "--disable"
    )
    assert (code, out) == (
        0,
        "operation: reconcile\nenabled:   no\nschedule:  every 30 minutes\nnext run:  -\nsettings:  {}\n",
    )
    code, _, err = run(capsys, "channel", "settings", "Moor", "reconcile", "--schedule", "weekly")
    assert (code, err) == (
        2,
        "stockbridge: schedule: expected off, hourly, every:N or daily:HH:MM, got 'weekly'\n",
    )
    code, _, err = run(capsys, "channel", "settings", "Moor", "reconcile", "--set", "x=1")
    assert (code, err) == (2, "stockbridge: settings: reconcile takes no settings (got x)\n")


def test_sync_run_shows_progress_runs_items_and_retry(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    probe_job.install(monkeypatch)
    main(["channel", "add", "shopify", "--name", "Moor", "--domain", "moor.myshopify.com"])
    capsys.readouterr()
    code, out, err = run(capsys, "sync", "run", "Moor", "sync_listings", "--dry-run")
    first = Run.objects.get()
    assert code == 1
    assert (
        out == f"run {first.pk} sync_listings (dry run) partial: failed 1, unchanged 1, updated 1\n"
    )
    assert err == ("\r[####################..........] 2/3\r[##############################] 3/3\n")
    code, out, _ = run(capsys, "sync", "run-items", str(first.pk), "--outcome", "failed")
    assert out.splitlines()[1:] == [
        "  LS-S: failed [Rejected]: quantity: must be at most 1000000000"
    ]
    code, out, _ = run(capsys, "sync", "run-items", str(first.pk))
    assert out.splitlines()[1:] == [
        "  LS-M: updated",
        "    quantity: 3 -> 5",
        "  LS-L: unchanged",
        "  LS-S: failed [Rejected]: quantity: must be at most 1000000000",
    ]
    code, out, _ = run(capsys, "sync", "retry", str(first.pk))
    retry = Run.objects.exclude(pk=first.pk).get()
    assert (code, out) == (0, f"run {retry.pk} sync_listings ok: updated 1\n")
    assert (retry.trigger, retry.retry_of_id) == ("retry", first.pk)
    code, out, _ = run(capsys, "sync", "runs", "--failed")
    assert [line.split()[:5] for line in out.splitlines()[1:]] == [
        [str(first.pk), "Moor", "sync_listings", "user", "partial"]
    ]
    code, _, err = run(capsys, "sync", "retry", str(retry.pk))
    assert (code, err) == (2, f"stockbridge: run: run {retry.pk} has no failed items to retry\n")
    code, _, err = run(capsys, "sync", "run-items", "999999")
    assert (code, err) == (2, "stockbridge: run: no run 999999\n")
    code, _, err = run(capsys, "sync", "run", "Moor", "publish_everything")
    assert code == 2
    assert err.startswith("stockbridge: operation: unknown operation 'publish_everything'")


def test_explain_refuses_an_unknown_channel(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "sync", "explain", "LS-M", "--channel", "Nope")
    assert (code, err) == (2, "stockbridge: channel: no channel named 'Nope'\n")
