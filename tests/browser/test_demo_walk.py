"""The demo, walked in a real browser as a newcomer would: the pieces `stockbridge demo
--no-connect` starts (the seeded Shopify sandbox store on a loopback port, the hub with its
login, locations and spring season, the store added as a channel) and then, in Chromium: sign
in; connect the store by OAuth (the button, the store's approval page, back to the hub); choose
the locations; preview and run the import (live progress), open the failed item's reason; push
the SS27 season; adjust stock and read the store's level; take the store's order, fulfil it
with tracking and read the fulfilment in the store; refund with restock. Each step asserts what
the page shows, and the store is read through its own Admin GraphQL API."""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import httpx
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


def until(what: Callable[[], Any], *, seconds: float = 60.0) -> Any:
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

    def place_order(self, variant_id: str, quantity: int) -> dict[str, Any]:
        """A shopper's checkout (the store's control API, as the demo's shoppers do)."""
        address = {
            "firstName": "Ada",
            "lastName": "Pennine",
            "address1": "1 Market Place",
            "city": "Ripon",
            "zip": "HG4 1BP",
            "countryCode": "GB",
        }
        answer = httpx.post(
            f"{self.base_url}/__sandbox/orders",
            json={
                "lineItems": [{"variantId": variant_id, "quantity": quantity}],
                "email": "ada@example.com",
                "shippingAddress": address,
                "billingAddress": address,
            },
            timeout=10,
        )
        assert answer.status_code == 201, answer.text
        placed: dict[str, Any] = answer.json()
        return placed

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
    # a loaded machine runs the import's 66 items slowly: each step may wait up to a minute
    context.set_default_timeout(4 * TIMEOUT_MS)
    page = context.new_page()
    hub = live_server.url

    def shot(name: str) -> None:
        page.screenshot(path=str(shots / f"demo-{name}.png"), full_page=True)

    def section(name: str) -> None:
        page.locator("header nav").get_by_role("link", name=name, exact=True).click()

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
    section("Channels")
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
    assert page.locator("h1").inner_text() == "Demo store: locations"
    shot("channel-locations")
    page.click("main button:has-text('Save')")
    assert message() == "3 locations feed Demo store"
    assert page.locator("#locations li").all_inner_texts() == [
        "FLAG → Flagship Store",
        "OUT → Outlet",
        "WH → Warehouse",
    ]
    page.click("button:has-text('Receive orders by webhook')")
    assert message() == (
        "Demo store sends orders/create, orders/updated, orders/cancelled, orders/fulfilled, "
        "refunds/create, customers/create, customers/update to this hub"
    )

    # import listings: settings, preview, run (its progress swapped in), the failed item
    page.click("text=import_listings")
    page.fill("#id_season_for_published", "AW26")
    page.fill("#id_season_for_unpublished", "AW26")
    page.click("main form.stacked button:has-text('Save')")
    assert message() == "import_listings settings saved"
    page.click("button:has-text('Preview')")
    ended = page.locator("#run-result .run-summary:not([data-status=running])")

    def summary() -> str:
        """The ended run's summary, its number (which follows earlier tests' runs) as N."""
        return re.sub(r"^Run \d+", "Run N", " ".join(ended.inner_text().split()))

    assert summary() == (
        "Run N (preview): partial 66 items: 65 created, 1 failed. "
        "preview: nothing was written See each item"
    )
    shot("import-preview")
    page.reload()
    page.click("button:has-text('Run now')")
    assert summary() == ("Run N: partial 66 items: 65 created, 1 failed. See each item")
    ended.locator("text=See each item").click()
    page.select_option("#outcome", "failed")
    page.click("form.filters button[type=submit]")
    assert page.locator("tbody tr").all_inner_texts() == [
        "HRJ-S-NAVY-REGU (#2)\tfailed\tSKU HRJ-S-NAVY-REGU is also used by 'Harbour Rain "
        "Jacket' in Shopify; a SKU names one variant, fix it in Shopify\t"
    ]
    shot("import-failed-item")

    # push a season: publish SS27, and the store has its three products
    section("Channels")
    page.click("text=Demo store")
    page.click("text=publish_listings")
    page.fill("#id_season", "SS27")
    page.click("main form.stacked button:has-text('Save')")
    assert message() == "publish_listings settings saved"
    page.click("button:has-text('Run now')")
    assert summary() == "Run N: ok 3 of 3 items: 3 created. See each item"
    shot("publish-season")
    titles = [p["title"] for p in store.ask(PRODUCTS, {"q": ""})["products"]["nodes"]]
    assert titles[-3:] == ["Wold Linen Shirt", "Swale Chino Shorts", "Nidd Cotton Tee"]

    # adjust stock and see the store's level change
    sku = "FMC-S-MOSS-REGU"
    assert store.available(sku) == {"Warehouse": 7, "Flagship Store": 1, "Outlet": 0}
    section("Stock")
    page.get_by_role("link", name="Adjust", exact=True).first.click()
    page.fill("#id_sku", sku)
    page.select_option("#id_location", label="Warehouse (WH)")
    page.fill("#id_delta", "5")
    page.select_option("#id_reason", "received")
    page.click("main button[type=submit]")
    assert message() == "FMC-S-MOSS-REGU at WH: +5 (Received), on hand now 12"
    assert until(lambda: store.available(sku)["Warehouse"] == 12)
    assert store.available(sku) == {"Warehouse": 12, "Flagship Store": 1, "Outlet": 0}
    shot("stock-adjust")

    from stockbridge.inventory.models import StockLevel
    from stockbridge.orders.models import Order, Refund
    from stockbridge.sync.models import InboundEvent

    # a shopper's order reaches the hub by webhook; fulfil it with tracking: the store has it
    placed = store.place_order(store.variant(sku)["id"], 2)
    assert placed["name"] == "#1001"
    section("Orders")
    row = page.locator("tbody tr").first

    def arrived() -> bool:
        page.reload()
        return "#1001" in page.locator("main").inner_text()

    assert until(arrived)
    assert row.inner_text().split("\t")[2:] == [
        "ada@example.com",
        "Demo store",
        "Confirmed",
        "Paid",
        "$158.00",
    ]
    shot("orders")
    row.locator("a").first.click()
    number = Order.objects.get().number  # numbered after earlier tests' orders
    assert page.locator("h1").inner_text() == f"Order {number} Confirmed Paid"
    page.select_option("#id_fulfil-location", label="Warehouse (WH)")
    page.fill("#id_fulfil-carrier", "Royal Mail")
    page.fill("#id_fulfil-tracking_number", "RM123456785GB")
    page.click("form[action$='/fulfil'] button[type=submit]")
    assert message() == "2 units fulfilled from WH"
    assert until(lambda: store.ask(ORDER, {"id": placed["id"]})["order"]["fulfillments"])
    assert store.ask(ORDER, {"id": placed["id"]})["order"] == {
        "name": "#1001",
        "displayFulfillmentStatus": "FULFILLED",
        "fulfillments": [
            {
                "status": "SUCCESS",
                "trackingInfo": [{"company": "Royal Mail", "number": "RM123456785GB"}],
            }
        ],
    }
    shot("order-fulfilled")

    # refund one unit with restock: it is back on hand at the warehouse
    page.select_option("#id_refund-restock", "return")
    page.select_option("#id_refund-location", label="Warehouse (WH)")
    page.locator("input[id^=id_refund-refund_]").first.fill("1")
    page.click("form[action$='/refund'] button[type=submit]")
    assert message() == "Refunded $79.00"
    assert page.locator("h1 .badge").all_inner_texts() == ["Fulfilled", "Partially refunded"]
    level = StockLevel.objects.get(variant__sku=sku, location__code="WH")
    assert (level.on_hand, level.committed) == (11, 0)
    # the store's refund (the hub's, sent there) comes back by webhook: no second refund
    echo = InboundEvent.objects.filter(topic="refunds/create", attempts__gt=0)
    assert until(echo.exists)
    assert Refund.objects.count() == 1
    page.reload()
    assert page.locator("h1 .badge").all_inner_texts() == ["Fulfilled", "Partially refunded"]
    shot("order-refunded")
    context.close()
