"""Order screens: the list (filters, customer and date columns, money as the currency shows
it), creating an order, and the order page's actions through the order services: confirm,
fulfil with tracking, invoice, payment, refund with restock, cancel; the timeline."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client

from .conftest import Shop, make_product
from .queries import queries_of
from .test_stock_pages import rows

pytestmark = pytest.mark.django_db


@pytest.fixture
def ada(db: None) -> Any:
    from stockbridge.customers.services import create_customer
    from stockbridge.customers.specs import CustomerSpec

    return create_customer(
        spec=CustomerSpec(first_name="Ada", last_name="Lovelace", email="ada@example.com")
    )


def place(shop: Shop, customer: Any = None, quantity: int = 2, **spec: Any) -> Any:
    from stockbridge.orders.services import create_order
    from stockbridge.orders.specs import LineSpec, OrderSpec

    return create_order(
        spec=OrderSpec(
            currency="USD",
            lines=(LineSpec(variant_id=shop.small.pk, quantity=quantity),),
            customer_id=customer.pk if customer else None,
            **spec,
        ),
        confirm=True,
    )


def test_money_is_shown_as_the_currency_shows_it() -> None:
    from stockbridge.platform.money_display import format_money

    assert format_money(Decimal("1421.0000"), "USD") == "$1,421.00"
    assert format_money(Decimal("-5"), "USD") == "-$5.00"
    assert format_money(Decimal("1200.4"), "JPY") == "¥1,200"
    assert format_money(Decimal("8.005"), "EUR") == "€8.00"
    assert format_money(Decimal("8.015"), "EUR") == "€8.02"
    assert format_money(Decimal("12.5"), "CHF") == "CHF 12.50"
    assert format_money(None, "USD") == ""


def test_order_list_with_filters(staff: Client, shop: Shop, ada: Any) -> None:
    first = place(shop, ada, placed_at=datetime(2026, 11, 3, 9, 30, tzinfo=UTC))
    second = place(
        shop,
        quantity=1,
        email="bob@example.com",
        channel="shop-1",
        external_id="77",
        external_name="#1001",
        placed_at=datetime(2026, 11, 5, 14, 0, tzinfo=UTC),
    )
    page = staff.get("/orders/").content.decode()
    assert rows(page) == [
        [
            f"{second.number} #1001",
            "2026-11-05 14:00",
            "bob@example.com",
            "shop-1",
            "Confirmed",
            "Pending",
            "$49.00",
        ],
        [first.number, "2026-11-03 09:30", "Ada Lovelace", "Hub", "Confirmed", "Pending", "$98.00"],
    ]
    assert [r[0] for r in rows(staff.get("/orders/?channel=hub").content.decode())] == [
        first.number
    ]
    assert [r[0] for r in rows(staff.get("/orders/?q=lovelace").content.decode())] == [first.number]
    assert [r[0] for r in rows(staff.get("/orders/?since=2026-11-04").content.decode())] == [
        f"{second.number} #1001"
    ]
    assert [r[0] for r in rows(staff.get("/orders/?until=2026-11-03").content.decode())] == [
        first.number
    ]
    assert "No order matches." in staff.get("/orders/?status=cancelled").content.decode()


def test_create_an_order_from_the_back_office(staff: Client, shop: Shop, ada: Any) -> None:
    from stockbridge.orders.models import Order

    form = {
        "customer": "ada@example.com",
        "email": "",
        "currency": "USD",
        "lines": "LS-S, 11",
        "shipping_title": "Courier",
        "shipping_price": "5.00",
        "note": "",
        "confirm": "on",
    }
    response = staff.post("/orders/new", form)
    assert response.status_code == 400
    assert (
        '<ul class="errorlist" id="id_lines_error"><li>line 1: only 10 available of SKU LS-S, '
        "11 needed</li></ul>" in response.content.decode()
    )
    assert Order.objects.count() == 0
    response = staff.post("/orders/new", form | {"lines": "LS-S, 2, 45.00"})
    assert response.status_code == 302
    order = Order.objects.get()
    page = staff.get(response.headers["Location"]).content.decode()
    assert f"Order {order.number} created (Confirmed)" in page
    assert '<dt>Total</dt><dd class="num"><strong>$95.00</strong></dd>' in page
    assert rows(page.split("<caption>Lines</caption>", 1)[1]) == [
        ["LS-S", "Linen shirt - S", "2", "$45.00", "$90.00", "0", "WH: 2 (0 shipped)"]
    ]
    assert "<dt>Customer</dt><dd>Ada Lovelace</dd>" in page


def test_fulfil_invoice_pay_and_refund_with_restock(staff: Client, shop: Shop, ada: Any) -> None:
    from stockbridge.inventory.models import StockLevel

    order = place(shop, ada, quantity=3)
    url = f"/orders/{order.pk}/"
    line = order.lines.get()
    too_many = staff.post(
        url + "fulfil",
        {"fulfil-location": shop.main.pk, f"fulfil-ship_{line.pk}": "4", "fulfil-carrier": "UPS"},
    )
    assert too_many.status_code == 400
    assert (
        f'<ul class="errorlist" id="id_fulfil-ship_{line.pk}_error"><li>only 3 units left to ship, '
        "4 requested</li></ul>" in too_many.content.decode()
    )
    response = staff.post(
        url + "fulfil",
        {
            "fulfil-location": shop.main.pk,
            f"fulfil-ship_{line.pk}": "2",
            "fulfil-carrier": "UPS",
            "fulfil-tracking_number": "1Z999",
            "fulfil-tracking_url": "https://ups.example/1Z999",
        },
    )
    assert response.status_code == 302
    page = staff.get(url).content.decode()
    assert "2 units fulfilled from WH" in page
    assert "Partially fulfilled" in page

    staff.post(url + "invoice")
    page = staff.get(url).content.decode()
    invoice = order.invoices.get()
    assert f"Invoice {invoice.number} issued" in page
    response = staff.post(
        url + "payment",
        {"payment-invoice": invoice.pk, "payment-amount": "500", "payment-gateway": "cash"},
    )
    assert response.status_code == 400
    assert (
        "500" in response.content.decode()
        and "id_payment-amount_error" in response.content.decode()
    )
    response = staff.post(
        url + "payment",
        {"payment-invoice": invoice.pk, "payment-amount": "", "payment-gateway": "cash"},
    )
    assert response.status_code == 302
    assert "Payment of $147.00 recorded" in staff.get(url).content.decode()

    level = StockLevel.objects.get(variant=shop.small, location=shop.main)
    assert (level.on_hand, level.committed) == (8, 1)
    response = staff.post(
        url + "refund",
        {
            "refund-restock": "return",
            "refund-location": shop.main.pk,
            f"refund-refund_{line.pk}": "1",
            "refund-shipping_amount": "",
            "refund-amount": "",
            "refund-note": "too small",
        },
    )
    assert response.status_code == 302, response.content.decode()[-3000:]
    page = staff.get(url).content.decode()
    assert "Refunded $49.00" in page
    level.refresh_from_db()
    assert (level.on_hand, level.committed) == (9, 1)

    steps = re.findall(r"<strong>([^<]+)</strong>", page.split("<h2>Timeline</h2>", 1)[1])
    assert steps[:6] == [
        "Created",
        "Confirmed",
        "Fulfilled from WH",
        "Invoiced " + invoice.number,
        "Payment paid",
        "Refunded $49.00",
    ]
    timeline = page.split("<h2>Timeline</h2>", 1)[1].split("</ol>", 1)[0]
    assert "<li>LS-S: 3 allocated at WH</li>" in timeline
    assert "<li>tracking UPS 1Z999</li>" in timeline
    assert "<li>LS-S x 1: Return (shipped units come back to a location) at WH</li>" in timeline


def test_cancel_releases_the_stock(staff: Client, shop: Shop) -> None:
    from stockbridge.inventory.models import StockLevel

    order = place(shop, quantity=4)
    response = staff.post(f"/orders/{order.pk}/cancel", {"cancel-reason": "customer asked"})
    assert response.status_code == 302
    page = staff.get(f"/orders/{order.pk}/").content.decode()
    assert f"Order {order.number} cancelled" in page
    assert "<strong>Cancelled</strong><ul><li>customer asked</li></ul>" in page
    level = StockLevel.objects.get(variant=shop.small, location=shop.main)
    assert (level.on_hand, level.committed) == (10, 0)


def test_order_pages_issue_the_same_queries_for_more_rows(
    staff: Client, shop: Shop, ada: Any
) -> None:
    from stockbridge.inventory.services import adjust
    from stockbridge.orders.services import create_invoice, create_order, fulfil_order
    from stockbridge.orders.specs import LineSpec, OrderSpec

    first = place(shop, ada, quantity=1)
    fulfil_order(order_id=first.pk, location_id=shop.main.pk)
    create_invoice(order_id=first.pk)
    urls = ["/orders/", "/orders/?q=ada", f"/orders/{first.pk}/"]
    few = {url: queries_of(staff, url) for url in urls}
    variants = []
    for n in range(4):
        variants += list(make_product(f"Tee {n}", [f"T{n}-S", f"T{n}-M"]).variants.all())
    for v in variants:
        adjust(variant_id=v.pk, location_id=shop.main.pk, delta=5, reason="received")
        adjust(variant_id=v.pk, location_id=shop.shop.pk, delta=5, reason="received")
    for _ in range(5):
        place(shop, ada, quantity=1)
    big = create_order(
        spec=OrderSpec(
            currency="USD",
            lines=tuple(LineSpec(variant_id=v.pk, quantity=3) for v in variants),
            customer_id=ada.pk,
        ),
        confirm=True,
    )
    fulfil_order(order_id=big.pk, location_id=shop.main.pk)
    create_invoice(order_id=big.pk)
    many = {url: queries_of(staff, url) for url in urls[:2]}
    assert many == {url: few[url] for url in urls[:2]}
    # an order of 8 lines, fulfilled and invoiced, costs what an order of 1 line does
    assert queries_of(staff, f"/orders/{big.pk}/") == few[urls[2]]
