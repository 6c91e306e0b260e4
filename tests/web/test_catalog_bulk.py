"""The catalog list's bulk actions on the ticked products: publish them to a channel (a
publish listings run of just those), pause and resume their listings on a channel; each
refusal names the field and the reason."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.test import Client

from tests.support.shopify_stores import Stores
from tests.support.shops import grant

from .conftest import Shop, make_product
from .queries import queries_of
from .test_catalog_pages import listed
from .test_stock_pages import rows

pytestmark = pytest.mark.django_db(transaction=True)

PRODUCTS = """{ products(first: 10) { nodes { title variants(first: 10) { nodes { sku } } } } }"""


def said(staff: Client, response: Any) -> list[str]:
    """The messages on the page the action went back to."""
    assert response.status_code == 302
    page = staff.get(response.headers["Location"]).content.decode()
    return re.findall(r'<li class="(?:success|error)">([^<]*)</li>', page)


def test_publish_the_ticked_products_to_a_channel(
    staff: Client, shop: Shop, stores: Stores
) -> None:
    from stockbridge.channels.models import Listing
    from stockbridge.channels.services import add_channel, connect_with_token
    from stockbridge.sync.models import Run

    store = stores.add("bulk-publish")
    channel = connect_with_token(
        channel=add_channel(
            kind="shopify", name="Moor", domain=store.domain, base_url=store.base_url
        ),
        token=grant(store, "shpat_bulk"),
    )
    make_product("Wool scarf", ["WS-S"])
    response = staff.post(
        "/catalog/publish",
        {"product": [shop.product.pk], "channel": channel.pk, "next": "/catalog/"},
    )
    assert said(staff, response) == [
        "Publishing 1 product to Moor: see the run log of publish_listings"
    ]
    run = Run.objects.get()
    assert (run.operation, run.status, run.total, run.counts) == (
        "publish_listings",
        "ok",
        1,
        {"created": 1},
    )
    assert store.gql(PRODUCTS)["products"]["nodes"] == [
        {"title": "Linen shirt", "variants": {"nodes": [{"sku": "LS-S"}, {"sku": "LS-M"}]}}
    ]
    assert sorted(Listing.objects.values_list("variant__sku", "status")) == [
        ("LS-M", "linked"),
        ("LS-S", "linked"),
    ]
    catalog = rows(staff.get("/catalog/").content.decode())
    assert [r[1:] for r in catalog] == [
        ["Linen shirt", "—", "Active", "", "2", "2 linked"],
        ["Wool scarf", "—", "Active", "", "1", "not listed"],
    ]


def test_pause_and_resume_the_ticked_products_listings(staff: Client, shop: Shop) -> None:
    from stockbridge.channels.models import Listing
    from stockbridge.channels.services import add_channel
    from stockbridge.sync.models import PendingPush

    store = add_channel(kind="shopify", name="Main store", domain="main-store.myshopify.com")
    small = listed(store, shop.small, "gid://shopify/ProductVariant/11")
    medium = listed(store, shop.medium, "gid://shopify/ProductVariant/12")
    scarf = make_product("Wool scarf", ["WS-S"])
    listed(store, scarf.variants.get(), "gid://shopify/ProductVariant/13")
    form = {"product": [shop.product.pk], "channel": store.pk, "next": "/catalog/"}

    assert said(staff, staff.post("/catalog/pause", form)) == ["2 listings paused on Main store"]
    assert sorted(Listing.objects.values_list("variant__sku", "status")) == [
        ("LS-M", "paused"),
        ("LS-S", "paused"),
        ("WS-S", "linked"),
    ]
    assert [r[1:] for r in rows(staff.get("/catalog/").content.decode())] == [
        ["Linen shirt", "—", "Active", "", "2", "2 paused"],
        ["Wool scarf", "—", "Active", "", "1", "1 linked"],
    ]
    # pausing again changes nothing: only linked listings pause
    assert said(staff, staff.post("/catalog/pause", form)) == ["0 listings paused on Main store"]
    assert PendingPush.objects.count() == 0

    assert said(staff, staff.post("/catalog/resume", form)) == ["2 listings resumed on Main store"]
    assert sorted(Listing.objects.values_list("variant__sku", "status")) == [
        ("LS-M", "linked"),
        ("LS-S", "linked"),
        ("WS-S", "linked"),
    ]
    # their stock is pushed as soon as the channel is connected (it is not yet: it waits)
    assert sorted(PendingPush.objects.values_list("listing_id", "aspect")) == [
        (small.pk, "quantity"),
        (medium.pk, "quantity"),
    ]


def test_bulk_actions_refuse_naming_the_field(staff: Client, shop: Shop) -> None:
    from stockbridge.channels.services import add_channel

    store = add_channel(kind="shopify", name="Main store", domain="main-store.myshopify.com")
    assert said(staff, staff.post("/catalog/pause", {"channel": store.pk})) == [
        "product: tick at least one product"
    ]
    assert said(staff, staff.post("/catalog/resume", {"product": [shop.product.pk]})) == [
        "channel: choose a channel"
    ]
    assert said(
        staff, staff.post("/catalog/publish", {"product": [shop.product.pk], "channel": "999"})
    ) == ["channel: no channel 999"]
    # a channel that is not connected: the run says why, on the run log
    from stockbridge.sync.models import Run

    staff.post("/catalog/publish", {"product": [shop.product.pk], "channel": store.pk})
    run = Run.objects.get()
    assert (run.status, run.message) == ("failed", "the channel is not connected (pending)")
    assert staff.get("/catalog/pause").status_code == 405


def test_the_bulk_controls_cost_no_query_per_row(staff: Client, shop: Shop) -> None:
    from stockbridge.channels.services import add_channel

    store = add_channel(kind="shopify", name="Main store", domain="main-store.myshopify.com")
    page = staff.get("/catalog/").content.decode()
    assert (
        '<button type="submit" form="bulk" formaction="/catalog/publish">Publish</button>' in page
    )
    assert f'<option value="{store.pk}">Main store</option>' in page
    few = queries_of(staff, "/catalog/")
    for n in range(4):
        make_product(f"Tee {n}", [f"T{n}-S"])
        add_channel(kind="shopify", name=f"Store {n}", domain=f"store-{n}.myshopify.com")
    assert queries_of(staff, "/catalog/") == few
