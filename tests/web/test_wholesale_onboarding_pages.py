"""The channel page of a wholesale portal: its operations through the generic screens, the
OAuth 1.0 onboarding (begin with the consumer pair, the admin approves in the portal, finish
with the code; a wrong code shown on its field) and the environment switch."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.test import Client

from stockbridge.channels.models import Channel, OperationSettings
from stockbridge.channels.push_settings import PushProductsSettings, PushStockByDateSettings
from tests.support.portals import HOST, Portals, routed_portals

from .test_stock_pages import rows

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def portals() -> Iterator[Portals]:
    yield from routed_portals()


def test_a_portal_is_connected_from_its_channel_page(staff: Client, portals: Portals) -> None:
    portal = portals.add()
    added = staff.post(
        "/channels/",
        {"kind": "wholesale", "name": "Portal", "domain": HOST, "base_url": portal.base_url},
    )
    assert added.status_code == 302
    channel = Channel.objects.get()
    page = staff.get(f"/channels/{channel.pk}/").content.decode()
    assert [r[0] for r in rows(page.split("<h2>Operations</h2>", 1)[1])] == [
        "push_accounts",
        "push_products",
        "push_stock_by_date",
        "reconcile_stock_by_date",
        "take_orders",
    ]
    assert "Talking to <strong>sandbox</strong>" in page
    assert "Connect by OAuth 1.0" in page and "(OAuth)</button>" not in page
    assert "Finish connecting" not in page
    begun = staff.post(
        f"/channels/{channel.pk}/oauth1/begin",
        {
            "consumer_key": portal.app.consumer_key,
            "consumer_secret": portal.app.consumer_secret,
            "style": "rfc5849",
        },
    )
    assert begun.status_code == 302
    page = staff.get(f"/channels/{channel.pk}/").content.decode()
    assert f"Approve the pending application at {portal.base_url}/admin/api-management" in page
    assert "Finish connecting" in page
    (pending,) = [g for g in portal.app.grants.values() if not g.permanent]
    code = portal.app.approve(pending.token)
    wrong = staff.post(f"/channels/{channel.pk}/oauth1/complete", {"verifier": "nope"})
    assert wrong.status_code == 400
    assert "invalid oauth_verifier" in wrong.content.decode()
    assert 'id="id_verifier_error"' in wrong.content.decode()
    done = staff.post(f"/channels/{channel.pk}/oauth1/complete", {"verifier": code})
    assert done.status_code == 302
    channel.refresh_from_db()
    assert channel.status == "connected"
    assert {e["style"] for e in portal.sent()} == {"B"}


def test_the_environment_switch_on_the_page(staff: Client) -> None:
    staff.post("/channels/", {"kind": "wholesale", "name": "Portal", "domain": HOST})
    channel = Channel.objects.get()
    moved = staff.post(f"/channels/{channel.pk}/environment", {"environment": "production"})
    assert moved.status_code == 302
    page = staff.get(f"/channels/{channel.pk}/").content.decode()
    assert "Portal now talks to wholesale.nuorder.com: connect again" in page
    assert "Talking to <strong>production</strong>" in page


def test_each_operation_page_shows_its_settings(staff: Client) -> None:
    staff.post("/channels/", {"kind": "wholesale", "name": "Portal", "domain": HOST})
    channel = Channel.objects.get()
    for operation in (
        "push_products",
        "push_accounts",
        "push_stock_by_date",
        "reconcile_stock_by_date",
        "take_orders",
    ):
        page = staff.get(f"/channels/{channel.pk}/operations/{operation}/")
        assert page.status_code == 200, operation
    page = staff.get(f"/channels/{channel.pk}/operations/push_products/").content.decode()
    assert '<label for="id_tag">Tag</label>' in page


def test_warehouses_and_attribute_tags_are_set_as_text_on_the_operation_pages(
    staff: Client,
) -> None:
    staff.post("/channels/", {"kind": "wholesale", "name": "Portal", "domain": HOST})
    channel = Channel.objects.get()
    base = {"enabled": "on", "schedule": "hourly", "every_minutes": "", "daily_at": ""}
    url = f"/channels/{channel.pk}/operations/push_stock_by_date/"
    assert staff.post(url, {**base, "warehouses": "MAIN = 5f0c, EAST=5f0d"}).status_code == 302
    row = OperationSettings.objects.get(channel=channel, operation="push_stock_by_date")
    stored = PushStockByDateSettings.from_dict(row.settings)
    assert stored.pairs == (("EAST", "5f0d"), ("MAIN", "5f0c"))
    assert 'value="EAST=5f0d, MAIN=5f0c"' in staff.get(url).content.decode()
    bad = staff.post(url, {**base, "warehouses": "MAIN"})
    assert bad.status_code == 400
    assert "must be the channel&#x27;s warehouse id" in bad.content.decode()
    url = f"/channels/{channel.pk}/operations/push_products/"
    form = {**base, "tag": "b2b", "attribute_tags": "Season, Category", "currency": ""}
    assert staff.post(url, form).status_code == 302
    row = OperationSettings.objects.get(channel=channel, operation="push_products")
    settings = PushProductsSettings.from_dict(row.settings)
    assert (settings.tag, settings.attribute_fields) == ("b2b", ("season", "category"))
