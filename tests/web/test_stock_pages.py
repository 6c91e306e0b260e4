"""Stock screens: levels with filters, adjust / count / transfer forms calling the inventory
services (errors next to the field, nothing written), a variant's history and chart, and the
low-stock threshold."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from .conftest import Shop, make_product
from .queries import queries_of

pytestmark = pytest.mark.django_db


def rows(html: str) -> list[list[str]]:
    """The text of each body row's cells (tags stripped, spaces collapsed)."""
    body = html.split("<tbody>", 1)[1].split("</tbody>", 1)[0]
    out = []
    for row in re.findall(r"<tr>(.*?)</tr>", body, flags=re.S):
        cells = re.findall(r"<td[^>]*>(.*?)</td>", row, flags=re.S)
        out.append([" ".join(re.sub(r"<[^>]+>", " ", c).split()) for c in cells])
    return out


def test_pages_need_a_staff_login(shop: Shop) -> None:
    from django.contrib.auth import get_user_model

    anonymous = Client()
    response = anonymous.get("/stock/")
    assert response.status_code == 302
    assert response.headers["Location"] == "/admin/login/?next=/stock/"
    get_user_model().objects.create_user("shopper", password="pw-for-tests-only")
    customer = Client()
    assert customer.login(username="shopper", password="pw-for-tests-only")
    assert customer.get("/stock/").status_code == 302


def test_levels_list_and_filters(staff: Client, shop: Shop) -> None:
    from stockbridge.inventory.services import adjust

    adjust(variant_id=shop.medium.pk, location_id=shop.shop.pk, delta=2, reason="received")
    page = staff.get("/stock/").content.decode()
    assert rows(page) == [
        ["LS-M", "Linen shirt", "SHOP", "2", "0", "2", "0", "0"],
        ["LS-S", "Linen shirt", "WH", "10", "0", "10", "0", "0"],
    ]
    assert f'<a href="/stock/variants/{shop.small.pk}/">LS-S</a>' in page
    assert "Page 1 of 1 (2 levels)" in page
    assert rows(staff.get(f"/stock/?location={shop.shop.pk}").content.decode()) == [
        ["LS-M", "Linen shirt", "SHOP", "2", "0", "2", "0", "0"]
    ]
    assert [r[0] for r in rows(staff.get("/stock/?q=ls-s").content.decode())] == ["LS-S"]
    assert [r[0] for r in rows(staff.get("/stock/?q=linen").content.decode())] == ["LS-M", "LS-S"]
    assert "No stock level matches." in staff.get("/stock/?show=out").content.decode()


def test_low_means_at_or_below_the_variants_threshold(staff: Client, shop: Shop) -> None:
    from stockbridge.inventory.thresholds import set_threshold

    assert "No stock level matches." in staff.get("/stock/?show=low").content.decode()
    set_threshold(variant_id=shop.small.pk, units=10)
    assert rows(staff.get("/stock/?show=low").content.decode()) == [
        ["LS-S", "Linen shirt", "WH", "10", "0", "10", "0", "10"]
    ]


def test_adjust_form_writes_through_the_ledger(staff: Client, shop: Shop) -> None:
    from stockbridge.inventory.models import Movement, StockLevel

    form = staff.get("/stock/adjust?sku=LS-S").content.decode()
    assert '<label for="id_delta">Change (units)</label>' in form
    assert 'value="LS-S"' in form
    response = staff.post(
        "/stock/adjust",
        {
            "sku": "LS-S",
            "location": shop.main.pk,
            "delta": "-3",
            "reason": "damaged",
            "note": "wet",
        },
    )
    assert response.status_code == 302
    assert response.headers["Location"] == f"/stock/variants/{shop.small.pk}/"
    page = staff.get(response.headers["Location"]).content.decode()
    assert "LS-S at WH: -3 (Damaged), on hand now 7" in page
    assert StockLevel.objects.get(variant=shop.small, location=shop.main).on_hand == 7
    last = Movement.objects.order_by("-id").first()
    assert last is not None
    assert (last.reason, last.note, last.actor) == ("damaged", "wet", "ops")


def test_adjust_errors_show_next_to_the_field_and_nothing_is_written(
    staff: Client, shop: Shop
) -> None:
    from stockbridge.inventory.models import Movement

    before = Movement.objects.count()
    response = staff.post(
        "/stock/adjust",
        {"sku": "LS-S", "location": shop.main.pk, "delta": "-11", "reason": "damaged"},
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert (
        '<ul class="errorlist" id="id_delta_error"><li>only 10 available of SKU LS-S at WH, '
        "11 needed</li></ul>" in page
    )
    response = staff.post(
        "/stock/adjust",
        {"sku": "NOPE", "location": shop.main.pk, "delta": "1", "reason": "adjusted"},
    )
    assert response.status_code == 400
    assert (
        '<ul class="errorlist" id="id_sku_error"><li>no variant has the SKU &#x27;NOPE&#x27;</li></ul>'
        in response.content.decode()
    )
    response = staff.post(
        "/stock/adjust",
        {"sku": "LS-S", "location": shop.main.pk, "delta": "0", "reason": "adjusted"},
    )
    assert '<ul class="errorlist" id="id_delta_error"><li>must not be 0</li></ul>' in (
        response.content.decode()
    )
    assert Movement.objects.count() == before


def test_count_form_sets_on_hand(staff: Client, shop: Shop) -> None:
    from stockbridge.inventory.models import StockLevel

    response = staff.post("/stock/count", {"sku": "LS-S", "location": shop.main.pk, "counted": 4})
    assert response.status_code == 302
    page = staff.get(response.headers["Location"]).content.decode()
    assert "LS-S at WH counted: on hand now 4 (-6)" in page
    assert StockLevel.objects.get(variant=shop.small, location=shop.main).on_hand == 4


def test_transfer_ships_and_receives(staff: Client, shop: Shop) -> None:
    from stockbridge.inventory.models import StockLevel

    response = staff.post(
        "/stock/transfer",
        {"source": shop.main.pk, "destination": shop.shop.pk, "lines": "LS-S, 11\n", "note": ""},
    )
    assert response.status_code == 400
    assert (
        '<ul class="errorlist" id="id_lines_error"><li>line 1: only 10 on hand of SKU LS-S at '
        "WH, 11 to send; WH does not allow negative stock</li></ul>" in response.content.decode()
    )
    response = staff.post(
        "/stock/transfer",
        {"source": shop.main.pk, "destination": shop.shop.pk, "lines": "LS-S, 4\n\n", "note": ""},
    )
    assert response.status_code == 302
    page = staff.get("/stock/transfers/").content.decode()
    assert re.search(r"Transfer \d+ shipped: 4 units from WH to SHOP", page)
    assert rows(page)[0][1:5] == ["WH", "SHOP", "LS-S x 4 (0 received)", "In transit"]
    level = StockLevel.objects.get(variant=shop.small, location=shop.shop)
    assert (level.on_hand, level.incoming) == (0, 4)
    transfer_id = re.search(r'action="/stock/transfers/(\d+)/receive"', page)
    assert transfer_id
    staff.post(f"/stock/transfers/{transfer_id.group(1)}/receive")
    level.refresh_from_db()
    assert (level.on_hand, level.incoming) == (4, 0)
    assert rows(staff.get("/stock/transfers/").content.decode())[0][1:5] == [
        "WH",
        "SHOP",
        "LS-S x 4 (4 received)",
        "Received",
    ]


def test_variant_history_chart_and_threshold(staff: Client, shop: Shop) -> None:
    from stockbridge.inventory.services import adjust
    from stockbridge.inventory.thresholds import threshold_of

    adjust(variant_id=shop.small.pk, location_id=shop.shop.pk, delta=5, reason="received")
    adjust(
        variant_id=shop.small.pk, location_id=shop.main.pk, delta=-2, reason="damaged", note="torn"
    )
    page = staff.get(f"/stock/variants/{shop.small.pk}/").content.decode()
    history = rows(page.split("<h2>History</h2>", 1)[1])
    assert [r[1:8] for r in history] == [
        ["WH", "Damaged", "-2 → 8", "", "adjustment", "torn", ""],
        ["SHOP", "Received", "+5 → 5", "", "adjustment", "", ""],
        ["WH", "Received", "+10 → 10", "", "adjustment", "", ""],
    ]
    assert '<svg class="chart"' in page
    assert 'aria-label="On hand of LS-S over its last 3 movements"' in page
    dots = re.findall(r"<title>On hand \d{4}-[^<]*?: (\d+)</title>", page)
    assert dots == ["10", "15", "13"]
    only_damaged = staff.get(f"/stock/variants/{shop.small.pk}/?reason=damaged").content.decode()
    assert len(rows(only_damaged.split("<h2>History</h2>", 1)[1])) == 1

    response = staff.post(f"/stock/variants/{shop.small.pk}/", {"units": "-1"})
    assert response.status_code == 400
    assert "Ensure this value is greater than or equal to 0." in response.content.decode()
    response = staff.post(f"/stock/variants/{shop.small.pk}/", {"units": "6"})
    assert response.status_code == 302
    assert threshold_of(shop.small.pk) == 6


def test_list_pages_issue_the_same_queries_for_more_rows(staff: Client, shop: Shop) -> None:
    from stockbridge.inventory.services import adjust, create_transfer

    urls = [
        "/stock/",
        "/stock/?show=low",
        "/stock/transfers/",
        f"/stock/variants/{shop.small.pk}/",
    ]
    create_transfer(source_id=shop.main.pk, destination_id=shop.shop.pk, lines=[(shop.small.pk, 1)])
    few = {url: queries_of(staff, url) for url in urls}
    for n in range(6):
        product = make_product(f"Tee {n}", [f"T{n}-S", f"T{n}-M"])
        for variant in product.variants.all():
            adjust(variant_id=variant.pk, location_id=shop.main.pk, delta=3, reason="received")
            adjust(variant_id=variant.pk, location_id=shop.shop.pk, delta=1, reason="received")
            create_transfer(
                source_id=shop.main.pk, destination_id=shop.shop.pk, lines=[(variant.pk, 1)]
            )
        adjust(variant_id=shop.small.pk, location_id=shop.main.pk, delta=1, reason="adjusted")
    many = {url: queries_of(staff, url) for url in urls}
    assert many == few


def test_lists_are_paginated_on_the_server(staff: Client, shop: Shop) -> None:
    from stockbridge.inventory.services import adjust

    for _ in range(55):
        adjust(variant_id=shop.small.pk, location_id=shop.main.pk, delta=1, reason="adjusted")
    page = staff.get(f"/stock/variants/{shop.small.pk}/").content.decode()
    assert "Page 1 of 2 (56 movements)" in page
    assert len(rows(page.split("<h2>History</h2>", 1)[1])) == 50
    second = staff.get(f"/stock/variants/{shop.small.pk}/?page=2").content.decode()
    assert len(rows(second.split("<h2>History</h2>", 1)[1])) == 6
    assert 'href="?page=1" rel="prev"' in second


def test_the_variant_page_shows_what_can_be_promised_by_date(staff: Client, shop: Shop) -> None:
    from datetime import UTC, date, datetime

    from stockbridge.platform import clock
    from stockbridge.purchasing import services
    from stockbridge.purchasing.models import Supplier
    from stockbridge.purchasing.services import LineSpec

    previous = clock.install(clock.FrozenClock(datetime(2026, 12, 7, 9, 30, tzinfo=UTC)))
    try:
        supplier = Supplier.objects.create(name="Mill & Co", code="MILL")
        for expected, quantity in ((date(2026, 12, 20), 12), (date(2027, 1, 15), 30), (None, 4)):
            services.create_purchase_order(
                supplier_id=supplier.pk,
                location_id=shop.main.pk,
                lines=[LineSpec(variant_id=shop.small.pk, quantity=quantity)],
                expected_on=expected,
                place=True,
            )
        page = staff.get(f"/stock/variants/{shop.small.pk}/").content.decode()
    finally:
        clock.install(previous)
    promised = page.split("<h2>Available to promise</h2>", 1)[1]
    assert rows(promised) == [
        ["WH", "today", "", "10"],
        ["", "2026-12-20", "12", "22"],
        ["", "2027-01-15", "30", "52"],
        ["", "no date", "4", "not promised"],
    ]
