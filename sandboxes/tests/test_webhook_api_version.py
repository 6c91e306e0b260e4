"""A subscription's `apiVersion` is the app's configured webhook version, described on the
sandbox's date as Shopify describes it (release candidate, latest, supported)."""

from __future__ import annotations

import httpx

from sandboxes.tests.conftest import gql
from stockbridge_sandboxes.shopify import SandboxApp
from stockbridge_sandboxes.shopify.clock import FrozenClock
from stockbridge_sandboxes.shopify.versions import describe

CREATE = """mutation($sub: WebhookSubscriptionInput!) {
  webhookSubscriptionCreate(topic: SHOP_UPDATE, webhookSubscription: $sub) {
    webhookSubscription { id apiVersion { handle displayName supported } } } }"""
READ = "query($id: ID!) { webhookSubscription(id: $id) { apiVersion { handle } } }"
JUNE_2026 = 1_781_000_000.0  # 2026-06-09


def _create(http: httpx.Client, version: str) -> dict[str, object]:
    sub = {"uri": "https://example.com/hooks"}
    body = gql(http, CREATE, {"sub": sub}, version=version).json()
    return body["data"]["webhookSubscriptionCreate"]["webhookSubscription"]


def test_a_subscription_carries_the_apps_configured_version_not_the_requests(
    sandbox: SandboxApp, http: httpx.Client, clock: FrozenClock
) -> None:
    clock.advance(JUNE_2026 - clock.now())
    sandbox.credentials.webhook_api_version = "2026-07"

    created = _create(http, "2026-04")
    read = gql(http, READ, {"id": created["id"]}, version="2026-04").json()["data"]

    assert created["apiVersion"] == {
        "handle": "2026-07",
        "displayName": "2026-07 (Release candidate)",
        "supported": False,
    }
    assert read == {"webhookSubscription": {"apiVersion": {"handle": "2026-07"}}}


def test_without_a_configured_version_the_request_version_is_used(
    http: httpx.Client, clock: FrozenClock
) -> None:
    clock.advance(JUNE_2026 - clock.now())

    assert _create(http, "2026-04")["apiVersion"] == {
        "handle": "2026-04",
        "displayName": "2026-04 (Latest)",
        "supported": True,
    }


def test_versions_are_described_by_their_release_and_support_dates() -> None:
    assert [
        describe("2026-07", day) for day in ("2026-06-30", "2026-07-01", "2026-10-01", "2027-07-01")
    ] == [
        {"handle": "2026-07", "displayName": "2026-07 (Release candidate)", "supported": False},
        {"handle": "2026-07", "displayName": "2026-07 (Latest)", "supported": True},
        {"handle": "2026-07", "displayName": "2026-07", "supported": True},
        {"handle": "2026-07", "displayName": "2026-07", "supported": False},
    ]
