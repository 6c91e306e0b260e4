"""The dedicated Pub/Sub and EventBridge subscription roots."""

from __future__ import annotations

import httpx

from sandboxes.tests.conftest import gql
from stockbridge_sandboxes.shopify import SandboxApp

PUBSUB_CREATE = """mutation($sub: PubSubWebhookSubscriptionInput!) {
  pubSubWebhookSubscriptionCreate(topic: SHOP_UPDATE, webhookSubscription: $sub) {
    webhookSubscription { id uri endpoint { ... on WebhookPubSubEndpoint { pubSubProject pubSubTopic } } }
    userErrors { field message } } }"""
PUBSUB_UPDATE = """mutation($id: ID!, $sub: PubSubWebhookSubscriptionInput!) {
  pubSubWebhookSubscriptionUpdate(id: $id, webhookSubscription: $sub) {
    webhookSubscription { uri } userErrors { field message } } }"""
EVENTBRIDGE_CREATE = """mutation($sub: EventBridgeWebhookSubscriptionInput!) {
  eventBridgeWebhookSubscriptionCreate(topic: SHOP_UPDATE, webhookSubscription: $sub) {
    webhookSubscription { uri } userErrors { field message } } }"""
ARN = "arn:aws:events:us-east-1::event-source/aws.partner/shopify.com/{id}/source"


def test_pubsub_project_numbers_and_percent_topics_are_accepted(http: httpx.Client) -> None:
    sub = {"pubSubProject": "123456789012", "pubSubTopic": "orders%25topic"}

    body = gql(http, PUBSUB_CREATE, {"sub": sub}).json()["data"]["pubSubWebhookSubscriptionCreate"]

    assert body["userErrors"] == []
    assert body["webhookSubscription"]["uri"] == "pubsub://123456789012:orders%25topic"
    assert body["webhookSubscription"]["endpoint"] == {
        "pubSubProject": "123456789012",
        "pubSubTopic": "orders%25topic",
    }


def test_pubsub_fields_are_checked_one_by_one(http: httpx.Client) -> None:
    made = gql(
        http, PUBSUB_CREATE, {"sub": {"pubSubProject": "valid-project", "pubSubTopic": "topic-a"}}
    ).json()["data"]["pubSubWebhookSubscriptionCreate"]["webhookSubscription"]
    bad = {"pubSubProject": "-bad", "pubSubTopic": "1topic"}

    created = gql(http, PUBSUB_CREATE, {"sub": bad}).json()["data"]
    updated = gql(http, PUBSUB_UPDATE, {"id": made["id"], "sub": bad}).json()["data"]

    errors = [
        {
            "field": ["webhookSubscription", "pubSubProject"],
            "message": "Google Cloud Pub/Sub project ID is not valid",
        },
        {
            "field": ["webhookSubscription", "pubSubTopic"],
            "message": "Google Cloud Pub/Sub topic ID is not valid",
        },
    ]
    assert created["pubSubWebhookSubscriptionCreate"]["userErrors"] == errors
    assert updated["pubSubWebhookSubscriptionUpdate"] == {
        "webhookSubscription": None,
        "userErrors": errors,
    }


def test_an_eventbridge_arn_is_checked_against_the_app(
    http: httpx.Client, sandbox: SandboxApp
) -> None:
    sandbox.credentials.api_client_id = "4242"

    good = gql(http, EVENTBRIDGE_CREATE, {"sub": {"arn": ARN.format(id=4242)}}).json()["data"]
    wrong = gql(http, EVENTBRIDGE_CREATE, {"sub": {"arn": ARN.format(id=1)}}).json()["data"]

    assert good["eventBridgeWebhookSubscriptionCreate"]["webhookSubscription"] == {
        "uri": ARN.format(id=4242)
    }
    assert wrong["eventBridgeWebhookSubscriptionCreate"]["userErrors"] == [
        {"field": ["webhookSubscription", "arn"], "message": "Address is invalid"},
        {
            "field": ["webhookSubscription", "arn"],
            "message": "Address is an AWS ARN and includes api_client_id '1' instead of '4242'",
        },
    ]
