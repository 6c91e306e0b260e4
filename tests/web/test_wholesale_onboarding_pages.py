"""The channel page of a wholesale portal: its operations through the generic screens, the
OAuth 1.0 onboarding (begin with the consumer pair, the admin approves in the portal, finish
with the code; a wrong code shown on its field) and the environment switch."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.test import Client

from stockbridge.channels.models import Channel
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
