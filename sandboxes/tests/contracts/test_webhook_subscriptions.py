"""Contract: `webhookSubscriptionCreate` (webhook_subscription_create.graphql) and
`webhookSubscriptionDelete`, as the connector subscribes and unsubscribes.

From Shopify's documentation (2026-07 mutations; API-NOTES §2.8): one subscription per topic
and address ("Address for this topic has already been taken"); the address must be a valid
HTTPS URL; a deleted subscription answers its id, an unknown one a user error.
"""

from __future__ import annotations

from typing import Any

import httpx

from sandboxes.tests.conftest import gql
from sandboxes.tests.contracts.connector_documents import document

CREATE = document("webhook_subscription_create")
DELETE = """mutation($id: ID!) { webhookSubscriptionDelete(id: $id) {
  deletedWebhookSubscriptionId userErrors { field message } } }"""
LIST = "{ webhookSubscriptions(first: 10) { nodes { id topic uri } } }"
HOOKS = "https://stockbridge.example/hooks/shopify"


def _create(http: httpx.Client, topic: str, uri: str) -> dict[str, Any]:
    body = gql(http, CREATE, {"topic": topic, "uri": uri}).json()
    return dict(body["data"]["webhookSubscriptionCreate"])


def _listed(http: httpx.Client) -> list[dict[str, Any]]:
    return list(gql(http, LIST).json()["data"]["webhookSubscriptions"]["nodes"])


def test_happy_path_subscribes_a_topic_to_an_https_address(http: httpx.Client) -> None:
    payload = _create(http, "INVENTORY_LEVELS_UPDATE", HOOKS)

    assert payload["userErrors"] == []
    made = payload["webhookSubscription"]
    assert made["id"].startswith("gid://shopify/WebhookSubscription/")
    assert (made["topic"], made["uri"]) == ("INVENTORY_LEVELS_UPDATE", HOOKS)
    assert _listed(http) == [made]


def test_the_same_topic_and_address_twice_is_refused(http: httpx.Client) -> None:
    first = _create(http, "INVENTORY_LEVELS_UPDATE", HOOKS)

    again = _create(http, "INVENTORY_LEVELS_UPDATE", HOOKS)

    assert again == {
        "webhookSubscription": None,
        "userErrors": [
            {
                "field": ["webhookSubscription", "callbackUrl"],
                "message": "Address for this topic has already been taken",
            }
        ],
    }
    assert _listed(http) == [first["webhookSubscription"]]


def test_another_topic_may_use_the_same_address(http: httpx.Client) -> None:
    _create(http, "INVENTORY_LEVELS_UPDATE", HOOKS)

    payload = _create(http, "ORDERS_CREATE", HOOKS)

    assert payload["userErrors"] == []
    assert [s["topic"] for s in _listed(http)] == ["INVENTORY_LEVELS_UPDATE", "ORDERS_CREATE"]


def test_a_plain_http_address_is_refused(http: httpx.Client) -> None:
    payload = _create(http, "PRODUCTS_UPDATE", "http://stockbridge.example/hooks")

    assert payload == {
        "webhookSubscription": None,
        "userErrors": [
            {
                "field": ["webhookSubscription", "callbackUrl"],
                "message": "Address protocol http:// is not supported",
            }
        ],
    }
    assert _listed(http) == []


def test_an_address_that_is_no_url_is_refused(http: httpx.Client) -> None:
    payload = _create(http, "PRODUCTS_UPDATE", "not a url")

    assert payload["userErrors"] == [
        {"field": ["webhookSubscription", "callbackUrl"], "message": "Address is invalid"}
    ]


def test_an_unknown_topic_is_a_variable_error(http: httpx.Client) -> None:
    body = gql(http, CREATE, {"topic": "NO_SUCH_TOPIC", "uri": HOOKS}).json()

    assert "data" not in body or body["data"] is None
    assert [e["extensions"]["code"] for e in body["errors"]] == ["INVALID_VARIABLE"]


def test_delete_answers_the_deleted_id_then_the_subscription_is_gone(http: httpx.Client) -> None:
    made = _create(http, "INVENTORY_LEVELS_UPDATE", HOOKS)["webhookSubscription"]

    body = gql(http, DELETE, {"id": made["id"]}).json()["data"]["webhookSubscriptionDelete"]

    assert body == {"deletedWebhookSubscriptionId": made["id"], "userErrors": []}
    assert _listed(http) == []


def test_deleting_twice_or_an_unknown_id_is_a_user_error(http: httpx.Client) -> None:
    made = _create(http, "INVENTORY_LEVELS_UPDATE", HOOKS)["webhookSubscription"]
    gql(http, DELETE, {"id": made["id"]})

    again = gql(http, DELETE, {"id": made["id"]}).json()["data"]["webhookSubscriptionDelete"]

    assert again == {
        "deletedWebhookSubscriptionId": None,
        "userErrors": [{"field": ["id"], "message": "Webhook subscription does not exist"}],
    }
