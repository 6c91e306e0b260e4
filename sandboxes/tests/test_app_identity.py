"""The app's API client id: `$app` namespaces resolve to it and EventBridge ARNs must name it."""

from __future__ import annotations

import httpx

from sandboxes.tests.conftest import gql
from stockbridge_sandboxes.shopify import SandboxApp

CREATE = """mutation($sub: WebhookSubscriptionInput!) {
  webhookSubscriptionCreate(topic: PRODUCTS_UPDATE, webhookSubscription: $sub) {
    webhookSubscription { metafieldNamespaces } userErrors { field message } } }"""
ARN = "arn:aws:events:us-east-1::event-source/aws.partner/shopify.com/{id}/orders"


def test_app_namespaces_resolve_to_the_api_client_id(
    sandbox: SandboxApp, http: httpx.Client
) -> None:
    sandbox.credentials.api_client_id = "4242"
    sub = {"uri": "https://example.com/hooks", "metafieldNamespaces": ["$app:prefs", "custom"]}
    created = gql(http, CREATE, {"sub": sub}).json()["data"]["webhookSubscriptionCreate"]

    assert created["webhookSubscription"]["metafieldNamespaces"] == [
        "app--4242--prefs",
        "custom",
    ]


def test_an_eventbridge_arn_must_name_the_apps_api_client(
    sandbox: SandboxApp, http: httpx.Client
) -> None:
    sandbox.credentials.api_client_id = "4242"
    wrong = gql(http, CREATE, {"sub": {"uri": ARN.format(id=1)}}).json()
    right = gql(http, CREATE, {"sub": {"uri": ARN.format(id=4242)}}).json()

    assert wrong["data"]["webhookSubscriptionCreate"]["userErrors"] == [
        {"field": ["webhookSubscription", "callbackUrl"], "message": "Address is invalid"},
        {
            "field": ["webhookSubscription", "callbackUrl"],
            "message": "Address is an AWS ARN and includes api_client_id '1' instead of '4242'",
        },
    ]
    assert right["data"]["webhookSubscriptionCreate"]["userErrors"] == []


def test_webhook_subscriptions_filter_by_uri(http: httpx.Client) -> None:
    for path in ("a", "b"):
        gql(http, CREATE, {"sub": {"uri": f"https://example.com/{path}"}})
    listed = gql(
        http,
        "query($uri: String!) { webhookSubscriptions(first: 5, uri: $uri) { nodes { uri } } }",
        {"uri": "https://example.com/b"},
    ).json()["data"]["webhookSubscriptions"]

    assert listed == {"nodes": [{"uri": "https://example.com/b"}]}
