"""The demo, walked in a real browser as a newcomer would: the pieces `stockbridge demo
--no-connect` starts (the seeded Shopify sandbox store on a loopback port, the hub with its
login, locations and spring season, the store added as a channel) and then, in Chromium: sign
in; connect the store by OAuth (the button, the store's approval page, back to the hub); choose
the locations; preview and run the import (live progress), open the failed item's reason; push
the SS27 season; adjust stock and read the store's level; take the store's order, fulfil it
with tracking and read the fulfilment in the store; refund with restock. Each step asserts what
the page shows, and the store is read through its own Admin GraphQL API."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from .conftest import TIMEOUT_MS

pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = "walk-the-demo"
# the seeded store's Harbour Rain Jacket M/Navy/Regular is given the SKU of S/Navy/Regular:
# a SKU names one variant, so the import fails that one item and says why
DUPLICATE = ("HRJ-M-NAVY-REGU", "HRJ-S-NAVY-REGU")

VARIANT = """query($q: String!) { productVariants(first: 1, query: $q) { nodes {
  id sku product { id title status }
  inventoryItem { inventoryLevels(first: 10) { nodes {
    location { name } quantities(names: ["available"]) { name quantity } } } } } } }"""
SET_SKU = """mutation($productId: ID!, $variants: [ProductVariantsBulkInput!]!) {
  productVariantsBulkUpdate(productId: $productId, variants: $variants) {
    userErrors { field message } } }"""
PRODUCTS = """query($q: String!) { products(first: 50, query: $q) { nodes { title status } } }"""
ORDER = """query($id: ID!) { order(id: $id) { name displayFulfillmentStatus
  fulfillments { status trackingInfo { company number } } } }"""


def until(what: Callable[[], Any], *, seconds: float = 20.0) -> Any:
    """`what()` once it is truthy (the store's clock thread and the hub's jobs run beside)."""
    deadline = time.monotonic() + seconds
    while True:
        found = what()
        if found or time.monotonic() > deadline:
            return found
        time.sleep(0.1)


class DemoStore:
    """The running demo store, read and changed as its own admin."""

    def __init__(self, app: Any, base_url: str) -> None:
        self.app = app
        self.base_url = base_url

    def ask(self, query: str, variables: dict[str, Any] | None = None) -> dict[str, Any]:
        answer: dict[str, Any] = self.app.admin_execute(query, variables or {})
        assert not answer.get("errors"), answer
        data: dict[str, Any] = answer["data"]
        return data

    def variant(self, sku: str) -> dict[str, Any]:
        nodes = self.ask(VARIANT, {"q": f"sku:{sku}"})["productVariants"]["nodes"]
        assert nodes, f"the store has no variant {sku}"
        found: dict[str, Any] = nodes[0]
        return found

    def available(self, sku: str) -> dict[str, int]:
        levels = self.variant(sku)["inventoryItem"]["inventoryLevels"]["nodes"]
        return {
            level["location"]["name"]: next(
                q["quantity"] for q in level["quantities"] if q["name"] == "available"
            )
            for level in levels
        }


@pytest.fixture
def demo(live_server: Any, settings: Any) -> Iterator[tuple[DemoStore, int]]:
    """What `stockbridge demo --no-connect` starts, on this test's live server."""
    from stockbridge.cli.demo import hub
    from stockbridge.cli.demo.store import open_store

    app, catalog, server = open_store(public_url=live_server.url)
    try:
        assert (catalog.products, catalog.variants) == (10, 56)
        settings.STOCKBRIDGE_SHOPIFY_CLIENT_ID = app.credentials.client_id
        settings.STOCKBRIDGE_SHOPIFY_CLIENT_SECRET = app.credentials.client_secret
        settings.STOCKBRIDGE_PUBLIC_URL = live_server.url
        store = DemoStore(app, server.base_url)
        twin, original = DUPLICATE
        found = store.variant(twin)
        store.ask(
            SET_SKU,
            {
                "productId": found["product"]["id"],
                "variants": [{"id": found["id"], "inventoryItem": {"sku": original}}],
            },
        )
        hub.create_login(PASSWORD)
        locations = hub.create_locations()
        assert hub.create_spring_season(locations) == 3
        channel_id = hub.connect_store(
            domain=app.shop_domain,
            base_url=server.base_url,
            token=app.token,
            webhook_secret=app.credentials.client_secret,
            connect=False,
        )
        yield store, channel_id
    finally:
        server.__exit__(None, None, None)


def test_walk_the_demo(
    browser: Any, live_server: Any, demo: Any, shots: Path, channel_fanout: None
) -> None:
    store, channel_id = demo
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    hub = live_server.url

    def shot(name: str) -> None:
        page.screenshot(path=str(shots / f"demo-{name}.png"), full_page=True)

    def message() -> str:
        text: str = page.locator(".messages li").first.inner_text()
        return text

    # sign in
    page.goto(f"{hub}/")
    page.fill("#id_username", "demo")
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_url(f"{hub}/")
    assert page.locator("h1").inner_text() == "Dashboard"
    shot("dashboard")

    # connect the store by OAuth: the button, the store's approval page, back to the hub
    page.click("nav >> text=Channels")
    assert page.locator("tbody tr").first.inner_text().split("\t") == [
        "Demo store",
        "shopify",
        "stockbridge-sandbox.myshopify.com",
        "waiting for install",
        "—",
    ]
    page.click("text=Demo store")
    page.click("text=Connect with Shopify (OAuth)")
    assert page.url.startswith(f"{store.base_url}/admin/oauth/authorize?")
    assert page.locator("h1").inner_text() == "Install app on stockbridge-sandbox.myshopify.com"
    shot("store-install")
    page.click("button:has-text('Install app')")
    page.wait_for_url(f"{hub}/channels/{channel_id}/")
    assert page.locator("h1").inner_text() == "Demo store connected"
    assert message() == "Demo store is connected (OAuth install approved)"
    shot("channel")

    # the locations: each of ours feeds the store location of the same name (suggested)
    page.click("text=Choose the locations")
    shot("channel-locations")
    page.click("button:has-text('Save')")
    print("LOC", message())
    print("LOC", page.locator("section.box ul").last.inner_text())
    page.click("button:has-text('Receive orders by webhook')")
    print("HOOK", message())

    # import listings: settings, preview, run with live progress, the failed item's reason
    page.click("text=import_listings")
    page.fill("#id_season_for_published", "AW26")
    page.fill("#id_season_for_unpublished", "AW26")
    page.click("form.stacked button:has-text('Save')")
    print("IMP", message())
    page.click("button:has-text('Preview')")
    summary = page.locator("#run-result .run-summary[data-status=partial]")
    print("PREVIEW", summary.inner_text())
    shot("import-preview")
    page.reload()
    page.click("button:has-text('Run now')")
    print("RUN", summary.inner_text())
    summary.locator("text=See each item").click()
    page.select_option("#outcome", "failed")
    page.click("form.filters button[type=submit]")
    print("FAILED", page.locator("tbody tr").first.inner_text().split("\t"))
    shot("import-failed-item")

    # push a season: publish SS27
    page.click("nav >> text=Channels")
    page.click("text=Demo store")
    page.click("text=publish_listings")
    page.fill("#id_season", "SS27")
    page.click("form.stacked button:has-text('Save')")
    print("PUB", message())
    page.click("button:has-text('Run now')")
    print("PUBRUN", page.locator("#run-result .run-summary:not([data-status=running])").inner_text())
    shot("publish-season")
    print([p for p in store.ask(PRODUCTS, {"q": ""})["products"]["nodes"]])

    # adjust stock and see the store's level change
    sku = "FMC-S-MOSS-REGU"
    before = store.available(sku)
    print("BEFORE", before)
    page.click("nav >> text=Stock")
    page.goto(f"{hub}/stock/adjust?sku={sku}")
    page.select_option("#id_location", label="Warehouse (WH)")
    page.fill("#id_delta", "5")
    page.select_option("#id_reason", "received")
    page.click("main button[type=submit]")
    print("ADJ", message())
    print("AFTER", until(lambda: store.available(sku) != before and store.available(sku)))
    shot("stock-adjust")

    # the store's order arrives by webhook; fulfil it with tracking, see it in the store
    import httpx

    variant = store.variant(sku)
    placed = httpx.post(
        f"{store.base_url}/__sandbox/orders",
        json={
            "lineItems": [{"variantId": variant["id"], "quantity": 2}],
            "email": "ada@example.com",
            "shippingAddress": {"firstName": "Ada", "lastName": "Pennine", "address1": "1 Market Place", "city": "Ripon", "zip": "HG4 1BP", "countryCode": "GB"},
        },
    ).json()
    print("PLACED", placed)
    from stockbridge.orders.models import Order
    print("HUBORDER", until(lambda: Order.objects.filter().values_list("pk", "number", "status").first()))
    page.click("nav >> text=Orders")
    print("ORDERS", page.locator("tbody tr").first.inner_text().split("\t"))
    shot("orders")
    page.locator("tbody tr a").first.click()
    print("ORDERPAGE", page.locator("h1").inner_text())
    page.select_option("#id_fulfil-location", label="Warehouse (WH)")
    page.fill("#id_fulfil-carrier", "Royal Mail")
    page.fill("#id_fulfil-tracking_number", "RM123456785GB")
    page.click("form[action$='/fulfil'] button[type=submit]")
    print("FUL", message())
    print("STOREORDER", until(lambda: store.ask(ORDER, {"id": placed["id"]})["order"]["fulfillments"]))
    shot("order-fulfilled")

    page.select_option("#id_refund-restock", "return")
    page.select_option("#id_refund-location", label="Warehouse (WH)")
    page.locator("input[id^=id_refund-refund_]").first.fill("1")
    page.click("form[action$='/refund'] button[type=submit]")
    print("REF", message())
    print("BADGE", page.locator("h1 .badge").all_inner_texts())
    shot("order-refunded")
