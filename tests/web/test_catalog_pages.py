"""Catalog screens: products by season/status/tag with their listing state per channel, the
variant grid, linking and unlinking a variant by hand, and the "to complete" list."""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client

from .conftest import Shop, make_product
from .queries import queries_of
from .test_stock_pages import rows

pytestmark = pytest.mark.django_db


@pytest.fixture
def store(db: None) -> Any:
    from stockbridge.channels.services.adding import add_channel

    return add_channel(kind="shopify", name="Main store", domain="main-store.myshopify.com")


def listed(store: Any, variant: Any, remote: str) -> Any:
    from stockbridge.channels.manual_links import link_variant

    return link_variant(
        channel_id=store.pk,
        variant_id=variant.pk,
        remote_product_id="gid://shopify/Product/1",
        remote_variant_id=remote,
    )


def test_products_by_season_status_tag_with_listing_state(
    staff: Client, shop: Shop, store: Any
) -> None:
    from stockbridge.catalog.services import create_season, update_product

    season = create_season(name="Summer 2027", code="SS27").pk
    update_product(product_id=shop.product.pk, changes={"season": "SS27", "tags": ["linen"]})
    make_product("Wool scarf", ["WS-S"])
    listed(store, shop.small, "gid://shopify/ProductVariant/11")
    page = staff.get("/catalog/").content.decode()
    assert '<th scope="col">Main store</th>' in page
    assert [r[1:] for r in rows(page)] == [
        ["Linen shirt", "Summer 2027", "Active", "linen", "2", "1 linked"],
        ["Wool scarf", "—", "Active", "", "1", "not listed"],
    ]
    assert [r[1] for r in rows(staff.get(f"/catalog/?season={season}").content.decode())] == [
        "Linen shirt"
    ]
    assert [r[1] for r in rows(staff.get("/catalog/?q=WS-S").content.decode())] == ["Wool scarf"]
    assert "No product matches." in staff.get("/catalog/?status=draft").content.decode()


def test_assign_a_season_to_the_selected_products(staff: Client, shop: Shop) -> None:
    from stockbridge.catalog.models import Product
    from stockbridge.catalog.services import create_season

    season = create_season(name="Winter 2027", code="AW27")
    scarf = make_product("Wool scarf", ["WS-S"])
    make_product("Cap", ["CAP-S"])
    response = staff.post(
        "/catalog/season",
        {"product": [shop.product.pk, scarf.pk], "season": season.pk, "next": "/catalog/?q="},
    )
    assert response.headers["Location"] == "/catalog/?q="
    page = staff.get(response.headers["Location"]).content.decode()
    assert "2 products now in Winter 2027" in page
    assert dict(Product.objects.values_list("title", "season__name")) == {
        "Linen shirt": "Winter 2027",
        "Wool scarf": "Winter 2027",
        "Cap": None,
    }
    response = staff.post("/catalog/season", {"season": season.pk})
    page = staff.get(response.headers["Location"]).content.decode()
    assert '<li class="error">product: tick at least one product</li>' in page


def test_variant_grid_and_linking_by_hand(staff: Client, shop: Shop, store: Any) -> None:
    from stockbridge.channels.models import Listing

    url = f"/catalog/products/{shop.product.pk}/"
    page = staff.get(url).content.decode()
    grid = page.split("<caption>Variants", 1)[1]
    assert re.search(r"<th scope=\"col\">Size</th><th scope=\"col\">SKU</th>", grid)
    assert '<th scope="col" class="num">WH</th><th scope="col" class="num">SHOP</th>' in grid
    assert [r[:8] for r in rows(grid)] == [
        ["S", "LS-S", "4000", "$49.00", "", "", "10", "0"],
        ["M", "LS-M", "4001", "$49.00", "", "", "0", "0"],
    ]
    form = {
        "channel": store.pk,
        "variant": shop.small.pk,
        "remote_product_id": "gid://shopify/Product/1",
        "remote_variant_id": "gid://shopify/ProductVariant/11",
        "remote_inventory_item_id": "",
    }
    assert staff.post(url + "link", form).status_code == 302
    page = staff.get(url).content.decode()
    assert "LS-S linked on Main store" in page
    assert "Main store: linked (gid://shopify/ProductVariant/11)" in page
    again = staff.post(url + "link", form | {"variant": shop.medium.pk})
    assert again.status_code == 400
    assert (
        '<ul class="errorlist" id="id_remote_variant_id_error"><li>the store&#x27;s variant '
        "gid://shopify/ProductVariant/11 is already linked to SKU LS-S</li></ul>"
        in again.content.decode()
    )
    listing = Listing.objects.get()
    assert staff.post(url + f"listings/{listing.pk}/unlink").status_code == 302
    assert "LS-S unlinked from Main store" in staff.get(url).content.decode()
    assert Listing.objects.count() == 0


def test_to_complete_lists_imported_products_missing_something(
    staff: Client, shop: Shop, store: Any
) -> None:
    from stockbridge.catalog.services import update_variant

    listed(store, shop.small, "gid://shopify/ProductVariant/11")
    page = staff.get("/catalog/to-complete").content.decode()
    assert rows(page) == [["Linen shirt", "linen-shirt", "supplier, brand, product_type, cost"]]
    for variant in (shop.small, shop.medium):
        update_variant(variant_id=variant.pk, changes={"cost": Decimal("20.00")})
    page = staff.get("/catalog/to-complete").content.decode()
    assert rows(page) == [["Linen shirt", "linen-shirt", "supplier, brand, product_type"]]


def test_catalog_pages_issue_the_same_queries_for_more_rows(
    staff: Client, shop: Shop, store: Any
) -> None:
    listed(store, shop.small, "v-0")
    urls = ["/catalog/", "/catalog/to-complete", f"/catalog/products/{shop.product.pk}/"]
    few = {url: queries_of(staff, url) for url in urls}
    for n in range(6):
        product = make_product(f"Tee {n}", [f"T{n}-S", f"T{n}-M", f"T{n}-L"])
        for i, variant in enumerate(product.variants.all()):
            listed(store, variant, f"v-{n}-{i}")
    big = make_product("Big tee", [f"BT-{size}" for size in ("XS", "S", "M", "L", "XL")])
    for i, variant in enumerate(big.variants.all()):
        listed(store, variant, f"big-{i}")
    assert {url: queries_of(staff, url) for url in urls} == few
    assert queries_of(staff, f"/catalog/products/{big.pk}/") == few[urls[2]]
