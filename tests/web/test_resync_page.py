"""The resync page of a channel: the products not on it yet with checkboxes, filters, "Add as
drafts" creating the checked ones as drafts on a sandbox Shopify store; a kind that cannot
publish says so."""

from __future__ import annotations

import pytest
from django.test import Client

from stockbridge.channels import services
from tests.channels.publishing import channel_for, jacket, season
from tests.support.shopify_stores import Stores

from .test_stock_pages import rows

pytestmark = pytest.mark.django_db(transaction=True)

PRODUCTS = "{ products(first: 10) { nodes { handle status } } }"


def test_checked_products_are_added_as_drafts(staff: Client, stores: Stores) -> None:
    season("SS27")
    jacket("deck-shoe", title="Deck Shoe", attributes=1)
    hat = jacket("rain-hat", title="Rain Hat", attributes=1)
    store = stores.add("resync-page")
    channel = channel_for(store)

    page = staff.get(f"/channels/{channel.pk}/resync/").content.decode()
    found = staff.get(f"/channels/{channel.pk}/resync/", {"search": "hat"}).content.decode()

    assert [r[1:] for r in rows(page)] == [
        ["Deck Shoe", "SS27", "Outerwear", "DECK-SHOE-Moss, DECK-SHOE-Navy"],
        ["Rain Hat", "SS27", "Outerwear", "RAIN-HAT-Moss, RAIN-HAT-Navy"],
    ]
    assert [r[1] for r in rows(found)] == ["Rain Hat"]
    assert '<button type="submit">Add as drafts</button>' in page

    added = staff.post(f"/channels/{channel.pk}/resync/add", {"product": [str(hat.pk)]})

    assert added.status_code == 302
    assert added.headers["Location"].startswith("/channels/runs/")
    assert store.gql(PRODUCTS)["products"]["nodes"] == [{"handle": "rain-hat", "status": "DRAFT"}]
    after = staff.get(f"/channels/{channel.pk}/resync/").content.decode()
    assert [r[1] for r in rows(after)] == ["Deck Shoe"]
    nothing = staff.post(f"/channels/{channel.pk}/resync/add", {})
    shown = staff.get(nothing.headers["Location"]).content.decode()
    assert "product_ids: pick at least one product (by id or SKU)" in shown


def test_a_kind_that_cannot_publish_says_so_on_the_page(staff: Client) -> None:
    jacket("deck-shoe", season_name=None, attributes=1)
    portal = services.add_channel(kind="wholesale", name="Portal", domain="wholesale.nuorder.com")

    page = staff.get(f"/channels/{portal.pk}/resync/").content.decode()
    unknown = staff.get(f"/channels/{portal.pk}/resync/", {"season": "SS99"})

    assert "Wholesale portal cannot publish yet" in page
    assert '<button type="submit" disabled>Add as drafts</button>' in page
    assert unknown.status_code == 404
    assert "season: no season named &#x27;SS99&#x27;" in unknown.content.decode()


def test_the_resync_page_issues_the_same_queries_for_more_products(
    staff: Client, stores: Stores
) -> None:
    from .queries import queries_of

    season("SS27")
    jacket("deck-shoe", title="Deck Shoe", attributes=1)
    channel = channel_for(stores.add("resync-count"))
    url = f"/channels/{channel.pk}/resync/"
    few = queries_of(staff, url)
    for n in range(6):
        jacket(f"coat-{n}", title=f"Coat {n}", attributes=1)
    assert len(rows(staff.get(url).content.decode())) == 7
    assert queries_of(staff, url) == few
