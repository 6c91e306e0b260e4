"""Setting a channel up from its page: which of our locations feed which of the store's (the
same names suggested), having the store send its orders here by webhook, the page of an
operation not set up yet, and the settings the form leaves as they are (rows: a template)."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.test import Client

from tests.support.shopify_stores import Stores
from tests.support.shops import grant

from .test_channel_pages import added

pytestmark = pytest.mark.django_db(transaction=True)

SCOPES = "read_products,write_products,read_inventory,write_inventory,read_locations,read_orders"
HOOKS = "{ webhookSubscriptions(first: 20) { nodes { topic uri } } }"


def connected(staff: Client, stores: Stores, name: str) -> tuple[Any, Any]:
    store, channel = added(staff, stores, name)
    store.control("seed", {"sample": True})
    token = grant(store, f"shpat_{name}", SCOPES)
    assert staff.post(f"/channels/{channel.pk}/connect", {"token": token}).status_code == 302
    channel.refresh_from_db()
    return store, channel


def messages_on(staff: Client, url: str) -> list[str]:
    """The messages of the last action on the page (earlier steps' messages are left out)."""
    page = staff.get(url).content.decode()
    return re.findall(r'<li class="(?:success|error)">([^<]*)</li>', page)[-1:]


def test_choose_which_store_location_each_of_ours_feeds(staff: Client, stores: Stores) -> None:
    from stockbridge.channels.models import LocationMapping
    from stockbridge.channels.services import remote_locations
    from stockbridge.inventory.locations import LocationSpec, create_location

    _, channel = connected(staff, stores, "moor-loc")
    theirs = remote_locations(channel=channel)
    first = theirs[0]
    wh = create_location(spec=LocationSpec(name=first.name, code="WH"))
    back = create_location(spec=LocationSpec(name="Back room", code="BACK"))
    url = f"/channels/{channel.pk}/locations"
    page = staff.get(url).content.decode()
    # the same name is suggested; a location the store has no namesake of is not sent
    assert re.search(
        rf'<select name="location_{wh.pk}" id="id_location_{wh.pk}">.*?'
        rf'<option value="{re.escape(first.remote_id)}" selected>',
        page,
        re.S,
    )
    assert f'<label for="id_location_{back.pk}">Back room (BACK)</label>' in page
    assert re.search(
        rf'<select name="location_{back.pk}" id="id_location_{back.pk}">\s*'
        r'<option value="" selected>not sent to this store</option>',
        page,
    )

    response = staff.post(url, {f"location_{wh.pk}": first.remote_id, f"location_{back.pk}": ""})
    assert response.headers["Location"] == f"/channels/{channel.pk}/"
    assert messages_on(staff, response.headers["Location"]) == ["1 location feeds Moor Outfitters"]

    def mapped() -> list[tuple[str, str]]:
        rows = LocationMapping.objects.order_by("location__code")
        return list(rows.values_list("location__code", "remote_location_id"))

    assert mapped() == [("WH", first.remote_id)]

    staff.post(url, {f"location_{wh.pk}": "", f"location_{back.pk}": first.remote_id})
    assert mapped() == [("BACK", first.remote_id)]

    wrong = staff.post(url, {f"location_{wh.pk}": "gid://shopify/Location/0"})
    assert wrong.status_code == 400
    assert (
        "Select a valid choice. gid://shopify/Location/0 is not one of the available choices."
        in wrong.content.decode()
    )
    assert mapped() == [("BACK", first.remote_id)]


def test_locations_of_a_channel_not_connected_say_why(staff: Client, stores: Stores) -> None:
    _, channel = added(staff, stores, "moor-loc-pending")
    response = staff.get(f"/channels/{channel.pk}/locations")
    assert response.headers["Location"] == f"/channels/{channel.pk}/"
    assert messages_on(staff, response.headers["Location"]) == [
        "channel: Moor Outfitters is not connected (pending)"
    ]


def test_receive_orders_by_webhook(staff: Client, stores: Stores, settings: Any) -> None:
    settings.STOCKBRIDGE_PUBLIC_URL = "https://hub.example.com"
    store, channel = connected(staff, stores, "moor-hooks")
    response = staff.post(f"/channels/{channel.pk}/webhooks")
    assert messages_on(staff, response.headers["Location"]) == [
        "Moor Outfitters sends orders/create, orders/updated, orders/cancelled, "
        "orders/fulfilled, refunds/create, customers/create, customers/update to this hub"
    ]
    hooks = store.gql(HOOKS)["webhookSubscriptions"]["nodes"]
    assert sorted(h["topic"] for h in hooks) == [
        "APP_UNINSTALLED",
        "CUSTOMERS_CREATE",
        "CUSTOMERS_UPDATE",
        "ORDERS_CANCELLED",
        "ORDERS_CREATE",
        "ORDERS_FULFILLED",
        "ORDERS_UPDATED",
        "REFUNDS_CREATE",
    ]
    assert {h["uri"] for h in hooks} == {f"https://hub.example.com/webhooks/{channel.pk}"}


def test_an_operation_not_set_up_yet_has_its_page_and_rows_settings_are_kept(
    staff: Client, stores: Stores
) -> None:
    from stockbridge.channels.models import OperationSettings

    _, channel = added(staff, stores, "moor-publish")
    url = f"/channels/{channel.pk}/operations/publish_listings/"
    page = staff.get(url).content.decode()
    assert 'name="season"' in page
    assert 'name="mapping"' not in page and 'name="category_rules"' not in page
    assert "Not on this form, kept as they are: mapping, category_rules" in page
    assert not OperationSettings.objects.filter(operation="publish_listings").exists()
    form = {
        "enabled": "on",
        "schedule": "off",
        "season": "SS27",
        "long_title": "fail",
        "metafield_namespace": "custom",
        "metafield_underscore": "on",
        "extra_attributes": "metafields",
        "bulk_threshold": "100",
    }
    assert staff.post(url, form).status_code == 302
    row = OperationSettings.objects.get(operation="publish_listings")
    assert row.settings["season"] == "SS27"
    assert "mapping" not in row.settings
    assert staff.get(f"/channels/{channel.pk}/operations/no_such/").status_code == 404


def test_the_locations_page_issues_the_same_queries_for_more_locations(
    staff: Client, stores: Stores
) -> None:
    from stockbridge.inventory.locations import LocationSpec, create_location

    from .queries import queries_of

    _, channel = connected(staff, stores, "moor-locq")
    url = f"/channels/{channel.pk}/locations"
    create_location(spec=LocationSpec(name="Warehouse", code="WH"))
    few = queries_of(staff, url)
    for n in range(6):
        create_location(spec=LocationSpec(name=f"Shop {n}", code=f"SHOP{n}"))
    assert queries_of(staff, url) == few
