"""The back-office admin shows channels and runs read-only, never a channel's credentials."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from stockbridge.channels.access import seal
from stockbridge.channels.models import Channel
from stockbridge.channels.port import Credentials
from stockbridge.platform import clock
from stockbridge.sync import runs

pytestmark = pytest.mark.django_db


@pytest.fixture
def browser(django_user_model: Any) -> Client:
    client = Client()
    client.force_login(
        django_user_model.objects.create_superuser("root", "r@x.io", "pw-for-tests-only")
    )
    return client


def test_channel_pages_never_show_the_token(browser: Client) -> None:
    channel = Channel.objects.create(
        kind="shopify",
        name="Moor",
        domain="moor.myshopify.com",
        base_url="https://moor.myshopify.com",
        credentials=seal(
            Credentials(access_token="shpat_secret_value", refresh_token="shprt_secret")
        ),
        install_state="nonce-secret",
        status="connected",
        created_at=clock.now(),
    )
    run = runs.close_run(runs.open_run(channel_id=channel.pk, operation="reconcile"))
    for url in (
        "/admin/channels/channel/",
        f"/admin/channels/channel/{channel.pk}/change/",
        "/admin/channels/listing/",
        "/admin/sync/run/",
        f"/admin/sync/run/{run.pk}/change/",
        "/admin/sync/runitem/",
        "/admin/sync/inboundevent/",
        "/admin/sync/pendingpush/",
    ):
        page = browser.get(url)
        assert page.status_code == 200, url
        text = page.content.decode()
        assert "shpat_secret_value" not in text
        assert "nonce-secret" not in text
        assert channel.credentials[:40] not in text
    assert browser.get("/admin/channels/channel/add/").status_code == 403


def test_disconnect_action(browser: Client) -> None:
    channel = Channel.objects.create(
        kind="shopify",
        name="Moor",
        domain="moor.myshopify.com",
        base_url="https://moor.myshopify.com",
        status="connected",
        created_at=clock.now(),
    )
    browser.post(
        "/admin/channels/channel/",
        {"action": "disconnect", "_selected_action": [channel.pk]},
    )
    channel.refresh_from_db()
    assert (channel.status, channel.status_reason, channel.credentials) == (
        "disconnected",
        "disconnected by root",
        "",
    )
