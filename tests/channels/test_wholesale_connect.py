"""Onboarding a wholesale portal: the OAuth 1.0 out-of-band handshake (initiate, the brand
admin approves in the portal and reads a code, the code exchanged for the permanent pair),
in both signature styles, the credentials stored sealed; test connection; a refused code;
and the environment switch between the portal's production and sandbox hosts."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from stockbridge.channels import services
from stockbridge.channels.access import credentials_of
from stockbridge.channels.models import Channel, ChannelStatus
from stockbridge.platform.errors import FieldError
from tests.support.portals import HOST, Portal, Portals, routed_portals

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def portals() -> Iterator[Portals]:
    yield from routed_portals()


def added(portal: Portal) -> Channel:
    return services.add_channel(
        kind="wholesale", name="Portal", domain=HOST, base_url=portal.base_url
    )


@pytest.mark.parametrize("style", ["portal", "rfc5849"])
def test_the_handshake_connects_with_the_code_the_admin_reads(portals: Portals, style: str) -> None:
    portal = portals.add()
    channel = added(portal)
    grant = services.begin_oauth1(
        channel=channel,
        consumer_key=portal.app.consumer_key,
        consumer_secret=portal.app.consumer_secret,
        style=style,
    )
    assert grant.approve_at == f"{portal.base_url}/admin/api-management"
    assert Channel.objects.get(pk=channel.pk).status == ChannelStatus.PENDING
    code = portal.control("POST", "oauth/approve", {"oauth_token": grant.token})
    connected = services.complete_oauth1(channel=channel, verifier=code["oauth_verifier"])
    assert connected.status == ChannelStatus.CONNECTED
    assert connected.shop_name == f"Wholesale portal {HOST}"
    stored = credentials_of(connected).access_token.split(":")
    assert stored[:2] == [portal.app.consumer_key, portal.app.consumer_secret]
    assert stored[4] == style
    assert stored[2] in portal.app.grants and portal.app.grants[stored[2]].permanent
    assert portal.app.consumer_secret not in Channel.objects.get(pk=channel.pk).credentials
    report = services.test_connection(channel=connected)
    assert (report.domain, report.missing_scopes) == (HOST, ())
    styles = {e["style"] for e in portal.sent()}
    assert styles == {"A" if style == "portal" else "B"}
    assert [e["path"] for e in portal.sent()] == [
        "/api/initiate",
        "/api/token",
        "/api/companies/codes/list",
        "/api/companies/codes/list",
    ]


def test_a_wrong_code_is_refused_naming_the_verifier(portals: Portals) -> None:
    portal = portals.add()
    channel = added(portal)
    grant = services.begin_oauth1(
        channel=channel,
        consumer_key=portal.app.consumer_key,
        consumer_secret=portal.app.consumer_secret,
    )
    portal.control("POST", "oauth/approve", {"oauth_token": grant.token})
    with pytest.raises(FieldError) as refused:
        services.complete_oauth1(channel=channel, verifier="nottheone")
    assert refused.value.field == "verifier"
    assert refused.value.reason == "the portal refused our OAuth signature (invalid oauth_verifier)"
    assert Channel.objects.get(pk=channel.pk).status == ChannelStatus.PENDING


def test_an_unknown_consumer_is_refused_naming_the_consumer_key(portals: Portals) -> None:
    portal = portals.add()
    channel = added(portal)
    with pytest.raises(FieldError) as refused:
        services.begin_oauth1(channel=channel, consumer_key="nobody", consumer_secret="x")
    assert refused.value.field == "consumer_key"
    assert refused.value.reason == (
        "the portal refused our OAuth signature (unknown oauth_consumer_key)"
    )


def test_completing_without_a_begun_handshake_names_the_verifier(portals: Portals) -> None:
    channel = added(portals.add())
    with pytest.raises(FieldError) as refused:
        services.complete_oauth1(channel=channel, verifier="abc")
    assert (refused.value.field, refused.value.reason) == (
        "verifier",
        "no OAuth 1.0 handshake was begun for this channel",
    )


def test_the_environment_switch_moves_the_channel_to_the_other_host() -> None:
    channel = services.add_channel(kind="wholesale", name="Portal", domain=HOST)
    assert (services.environment_of(channel), channel.base_url) == (
        "sandbox",
        "https://wholesale.sandbox1.nuorder.com",
    )
    moved = services.set_environment(channel=channel, environment="production")
    assert (moved.domain, moved.base_url, moved.status) == (
        "wholesale.nuorder.com",
        "https://wholesale.nuorder.com",
        ChannelStatus.PENDING,
    )
    assert moved.credentials == ""
    assert moved.status_reason == "switched to production: connect again"
    with pytest.raises(FieldError) as refused:
        services.set_environment(channel=moved, environment="staging")
    assert (refused.value.field, refused.value.reason) == (
        "environment",
        "unknown environment 'staging' (known: production, sandbox)",
    )
