"""Walk the back office in a real browser: sign in, the dashboard, adjust stock, fulfil an
order with tracking, refund with restock, preview a channel import (htmx swaps the run's
summary in), open a failed item's reason; the keyboard reaches "Skip to content" first and
a phone-width page does not scroll sideways. Each step asserts what the page shows."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.web.conftest import Shop

from .conftest import TIMEOUT_MS

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def signed_in(browser: Any, live_server: Any, shop: Shop) -> Any:
    from django.contrib.auth import get_user_model

    get_user_model().objects.create_user(
        "ops", "ops@example.com", "pw-for-tests-only", is_staff=True
    )
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    page.goto(f"{live_server.url}/")
    assert page.url.startswith(f"{live_server.url}/admin/login/")
    page.fill("#id_username", "ops")
    page.fill("#id_password", "pw-for-tests-only")
    page.click("input[type=submit]")
    page.wait_for_url(f"{live_server.url}/")
    yield page
    context.close()


def test_stock_and_orders_in_the_browser(
    signed_in: Any, live_server: Any, shop: Shop, shots: Path
) -> None:
    from stockbridge.inventory.models import StockLevel
    from stockbridge.orders.services import create_order
    from stockbridge.orders.specs import LineSpec, OrderSpec

    page = signed_in
    assert page.locator("h1").inner_text() == "Dashboard"
    page.screenshot(path=str(shots / "dashboard.png"), full_page=True)

    page.goto(f"{live_server.url}/stock/adjust?sku=LS-S")
    page.select_option("#id_location", label="Main warehouse (WH)")
    page.fill("#id_delta", "5")
    page.select_option("#id_reason", "received")
    page.fill("#id_note", "found in the back room")
    page.click("button[type=submit]")
    assert page.locator(".messages li").inner_text() == (
        "LS-S at WH: +5 (Received), on hand now 15"
    )
    assert StockLevel.objects.get(variant=shop.small, location=shop.main).on_hand == 15
    page.screenshot(path=str(shots / "variant-stock.png"), full_page=True)

    order = create_order(
        spec=OrderSpec(currency="USD", lines=(LineSpec(variant_id=shop.small.pk, quantity=2),)),
        confirm=True,
    )
    line = order.lines.get()
    page.goto(f"{live_server.url}/orders/{order.pk}/")
    page.select_option("#id_fulfil-location", label="Main warehouse (WH)")
    page.fill("#id_fulfil-carrier", "UPS")
    page.fill("#id_fulfil-tracking_number", "1Z999")
    page.click("form[action$='/fulfil'] button[type=submit]")
    assert page.locator(".messages li").inner_text() == "2 units fulfilled from WH"
    assert page.locator("h1 .badge").first.inner_text() == "Fulfilled"
    assert "tracking UPS 1Z999" in page.locator("ol.timeline").inner_text()

    page.select_option("#id_refund-restock", "return")
    page.select_option("#id_refund-location", label="Main warehouse (WH)")
    page.fill(f"#id_refund-refund_{line.pk}", "1")
    page.click("form[action$='/refund'] button[type=submit]")
    assert page.locator(".messages li").inner_text() == "Refunded $0.00"
    level = StockLevel.objects.get(variant=shop.small, location=shop.main)
    assert (level.on_hand, level.committed) == (14, 0)
    page.screenshot(path=str(shots / "order.png"), full_page=True)


def test_keyboard_and_phone_width(
    browser: Any, signed_in: Any, live_server: Any, shots: Path
) -> None:
    page = signed_in
    page.goto(f"{live_server.url}/stock/")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Skip to content"
    page.set_viewport_size({"width": 375, "height": 800})
    for path in ("/", "/orders/", "/stock/", "/catalog/", "/purchasing/", "/channels/"):
        page.goto(f"{live_server.url}{path}")
        wide = page.evaluate("document.documentElement.scrollWidth")
        assert wide <= 375, (path, wide)
    page.goto(f"{live_server.url}/")
    page.screenshot(path=str(shots / "dashboard-phone.png"), full_page=True)


def test_preview_an_import_and_read_a_failed_items_reason(
    signed_in: Any, live_server: Any, stores: Any, shots: Path
) -> None:
    from stockbridge.channels.services import add_channel, connect_with_token
    from tests.channels.test_import_listings import change_variant
    from tests.support.shops import grant

    store = stores.add("moor-browser")
    store.control("seed", {"sample": True})
    change_variant(store, "SB-002-2", inventoryItem={"sku": "SB-001-1"})
    channel = connect_with_token(
        channel=add_channel(
            kind="shopify", name="Moor", domain=store.domain, base_url=store.base_url
        ),
        token=grant(store, "shpat_browser"),
    )
    page = signed_in
    page.goto(f"{live_server.url}/channels/{channel.pk}/operations/import_listings/")
    page.click("text=Preview")
    summary = page.locator("#run-result .run-summary")
    summary.wait_for()
    assert "(preview): partial" in summary.inner_text()
    assert "14 items: 13 created, 1 failed" in summary.inner_text()
    page.screenshot(path=str(shots / "channel-operation.png"), full_page=True)
    summary.locator("text=See each item").click()
    page.select_option("#outcome", "failed")
    page.click("form.filters button[type=submit]")
    reason = page.locator("tbody tr td").nth(2).inner_text()
    assert reason == (
        "SKU SB-001-1 is also used by 'Harbour Rain Jacket' in Shopify; a SKU names one "
        "variant, fix it in Shopify"
    )
    page.screenshot(path=str(shots / "run-items.png"), full_page=True)
