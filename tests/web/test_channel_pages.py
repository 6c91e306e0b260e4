"""Channel screens against a sandbox Shopify store: add and connect a channel with a token,
an operation's settings form (errors next to the setting), Preview and Run now (htmx answers
the run's summary), the run log with items filtered by outcome, and Retry failed items."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.test import Client

from tests.channels.test_import_listings import VARIANTS_UPDATE, change_variant, remote_variant
from tests.support.shopify_stores import Stores
from tests.support.shops import grant, seed_shop

from .queries import queries_of
from .test_stock_pages import rows

pytestmark = pytest.mark.django_db(transaction=True)


def added(staff: Client, stores: Stores, name: str = "moor") -> tuple[Any, Any]:
    from stockbridge.channels.models import Channel

    store = stores.add(name)
    response = staff.post(
        "/channels/",
        {
            "kind": "shopify",
            "name": "Moor Outfitters",
            "domain": store.domain,
            "base_url": store.base_url,
        },
    )
    assert response.status_code == 302, response.content.decode()[-2000:]
    channel = Channel.objects.get()
    assert response.headers["Location"] == f"/channels/{channel.pk}/"
    return store, channel


def test_add_connect_and_set_up_a_channel(staff: Client, stores: Stores) -> None:
    store, channel = added(staff, stores)
    page = staff.get(f"/channels/{channel.pk}/").content.decode()
    assert "Channel Moor Outfitters added: connect it below" in page
    assert '<span class="badge">waiting for install</span>' in page
    # every operation the kind offers, set up or not yet
    assert [r[0] for r in rows(page.split("<h2>Operations</h2>", 1)[1])] == [
        "get_orders",
        "import_listings",
        "publish_listings",
        "reconcile",
        "sync_listings",
        "sync_orders",
    ]
    bad = staff.post(f"/channels/{channel.pk}/connect", {"token": "shpat_wrong"})
    assert bad.status_code == 400
    assert 'id="id_token_error"' in bad.content.decode()
    seed_shop(store)
    token = grant(store, "shpat_moor_custom")
    response = staff.post(f"/channels/{channel.pk}/connect", {"token": token})
    assert response.status_code == 302
    page = staff.get(f"/channels/{channel.pk}/").content.decode()
    assert "Moor Outfitters is connected" in page
    assert '<span class="badge">connected</span>' in page

    url = f"/channels/{channel.pk}/operations/import_listings/"
    form = staff.get(url).content.decode()
    assert '<label for="id_pause_new_listings">Pause new listings</label>' in form
    assert '<label for="id_mode">Mode</label>' in form
    settings = {
        "enabled": "on",
        "schedule": "every",
        "every_minutes": "",
        "daily_at": "",
        "mode": "create_only",
        "master_sku": "sku",
        "pause_new_listings": "on",
        "import_prices": "on",
        "quantities": "total",
        "season_for_published": "",
        "season_for_unpublished": "",
        "location": "",
        "metafields_as_custom_fields": "on",
        "weights": "on",
        "images": "on",
    }
    response = staff.post(url, settings)
    assert response.status_code == 400
    assert (
        '<ul class="errorlist" id="id_every_minutes_error"><li>is required for an '
        "every-N-minutes schedule</li></ul>" in response.content.decode()
    )
    response = staff.post(url, settings | {"every_minutes": "30", "mode": "bogus"})
    assert response.status_code == 400
    assert 'id="id_mode_error"' in response.content.decode()
    response = staff.post(url, settings | {"every_minutes": "30"})
    assert response.status_code == 302
    row = channel.operations.get(operation="import_listings")
    assert (row.schedule, row.every_minutes, row.settings["pause_new_listings"]) == (
        "every",
        30,
        True,
    )


def test_preview_run_filter_and_retry_failed_items(staff: Client, stores: Stores) -> None:
    from stockbridge.inventory.locations import LocationSpec, create_location
    from stockbridge.sync.models import Run

    store, channel = added(staff, stores, "moor-run")
    store.control("seed", {"sample": True})
    token = grant(store, "shpat_run_custom")
    assert staff.post(f"/channels/{channel.pk}/connect", {"token": token}).status_code == 302
    create_location(spec=LocationSpec(name="Main warehouse", code="WH"))
    doubled = remote_variant(store, "SB-002-2")
    change_variant(store, "SB-002-2", inventoryItem={"sku": "SB-001-1"})

    run_url = f"/channels/{channel.pk}/operations/import_listings/run"
    preview = staff.post(run_url, {"dry_run": "1"}, HTTP_HX_REQUEST="true")
    assert preview.status_code == 200
    fragment = preview.content.decode()
    first = Run.objects.get()
    assert fragment.startswith('<div class="run-summary" data-status="partial">')
    assert f"Run {first.pk} (preview): " in fragment
    assert re.sub(r"\s+", " ", fragment).strip() == (
        '<div class="run-summary" data-status="partial"> '
        f'<p><strong>Run {first.pk} (preview): <span class="badge partial">partial</span></strong> 14 items: 13 created, 1 failed. preview: nothing was '
        f'written <a href="/channels/runs/{first.pk}/">See each item</a></p> </div>'
    )

    response = staff.post(run_url, {"dry_run": "0"})
    real = Run.objects.order_by("-id").first()
    assert real is not None and real.status == "partial"
    assert response.headers["Location"] == f"/channels/runs/{real.pk}/"
    page = staff.get(f"/channels/runs/{real.pk}/?outcome=failed").content.decode()
    failed = rows(page.split("<h2>Items</h2>", 1)[1])
    assert [r[:3] for r in failed] == [
        [
            "SB-001-1 (#2)",
            "failed",
            "SKU SB-001-1 is also used by &#x27;Harbour Rain Jacket&#x27; in Shopify; a SKU "
            "names one variant, fix it in Shopify",
        ]
    ]
    assert "Retry failed items" in page

    store.gql(
        VARIANTS_UPDATE,
        {
            "productId": doubled["product"],
            "variants": [{"id": doubled["id"], "inventoryItem": {"sku": "SB-002-2"}}],
        },
    )
    response = staff.post(f"/channels/runs/{real.pk}/retry")
    again = Run.objects.order_by("-id").first()
    assert again is not None and again.retry_of_id == real.pk
    assert response.headers["Location"] == f"/channels/runs/{again.pk}/"
    page = staff.get(response.headers["Location"]).content.decode()
    assert f"Run {again.pk} retried the failed items of run {real.pk}" in page
    assert f'(retry of <a href="/channels/runs/{real.pk}/">run {real.pk}</a>)' in page
    retried = {r[0]: r[1:3] for r in rows(page.split("<h2>Items</h2>", 1)[1])}
    assert retried["SB-002-2"] == [
        "skipped",
        "hub product &#x27;fell-walking-socks&#x27; exists and the mode is create only: its "
        "new variants are not added",
    ]


def test_channel_pages_issue_the_same_queries_for_more_rows(staff: Client, stores: Stores) -> None:
    from stockbridge.channels.port import ItemResult, Outcome
    from stockbridge.channels.services.adding import add_channel
    from stockbridge.sync import runs

    _, channel = added(staff, stores, "moor-count")

    def one_run(n: int) -> Any:
        opened = runs.open_run(channel_id=channel.pk, operation="sync_listings")
        runs.record(
            opened,
            [ItemResult(ref=f"SKU-{i}", outcome=Outcome.FAILED, message="no") for i in range(n)],
        )
        return runs.close_run(opened)

    first = one_run(1)
    urls = [
        "/channels/",
        f"/channels/{channel.pk}/",
        f"/channels/{channel.pk}/operations/sync_listings/",
        f"/channels/runs/{first.pk}/",
    ]
    few = {url: queries_of(staff, url) for url in urls}
    for n in range(4):
        add_channel(kind="shopify", name=f"Other {n}", domain=f"other-{n}.myshopify.com")
        one_run(3)
    big = one_run(12)
    many = {url: queries_of(staff, url) for url in urls}
    assert many == few
    assert queries_of(staff, f"/channels/runs/{big.pk}/") == few[urls[3]]


def test_connect_with_the_oauth_button(staff: Client, stores: Stores, settings: Any) -> None:
    from urllib.parse import urlsplit

    from stockbridge_sandboxes.shopify.oauth import DEMO_CLIENT_ID, DEMO_CLIENT_SECRET

    settings.STOCKBRIDGE_SHOPIFY_CLIENT_ID = DEMO_CLIENT_ID
    settings.STOCKBRIDGE_SHOPIFY_CLIENT_SECRET = DEMO_CLIENT_SECRET
    store, channel = added(staff, stores, "moor-oauth")
    seed_shop(store, name="Moor Outfitters", currency="GBP", plan="Grow")
    # the app allows this hub's callback page (the test client's host is "testserver")
    store.control("app", {"redirect_urls": ["http://testserver/channels/shopify/callback"]})
    page = staff.get(f"/channels/{channel.pk}/").content.decode()
    assert "Connect with Shopify (OAuth)</button>" in page
    sent = staff.post(f"/channels/{channel.pk}/install")
    assert sent.status_code == 302
    authorize = sent.headers["Location"]
    assert authorize.startswith("http://moor-oauth.sandbox.test/admin/oauth/authorize?")
    with store.http() as http:
        back = http.get(authorize + "&approve=1").headers["Location"]
    callback = urlsplit(back)
    assert callback.path == "/channels/shopify/callback"
    landed = staff.get(f"{callback.path}?{callback.query}")
    assert landed.headers["Location"] == f"/channels/{channel.pk}/"
    page = staff.get(landed.headers["Location"]).content.decode()
    assert '<span class="badge">connected</span>' in page
    assert "<dt>Shop</dt><dd>Moor Outfitters (Grow)</dd>" in page


def test_oauth_button_without_the_app_configured_says_why(
    staff: Client, stores: Stores, settings: Any
) -> None:
    settings.STOCKBRIDGE_SHOPIFY_CLIENT_ID = ""
    _, channel = added(staff, stores, "moor-no-app")
    sent = staff.post(f"/channels/{channel.pk}/install")
    assert sent.headers["Location"] == f"/channels/{channel.pk}/"
    page = staff.get(sent.headers["Location"]).content.decode()
    assert re.search(r'<li class="error">oauth: [^<]+</li>', page)
