"""The parity runner replays a recording as the app that made it (`requestingApiClientId`)."""

from __future__ import annotations

import json
from pathlib import Path

from stockbridge_sandboxes.shopify.parity.runner import run_corpus

CREATE = """mutation Create($sub: WebhookSubscriptionInput!) {
  webhookSubscriptionCreate(topic: PRODUCTS_UPDATE, webhookSubscription: $sub) {
    webhookSubscription { id } userErrors { field message } } }"""
ARN = "arn:aws:events:us-east-1::event-source/aws.partner/shopify.com/1/orders"
CAPTURE = "fixtures/conformance/shop.myshopify.com/2026-04/webhooks/arn.json"


def _write(root: Path, path: str, content: object) -> None:
    target = root / path
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(content if isinstance(content, str) else json.dumps(content))


def test_an_arn_is_checked_against_the_recording_apps_client_id(tmp_path: Path) -> None:
    errors = [
        {"field": ["webhookSubscription", "callbackUrl"], "message": "Address is invalid"},
        {
            "field": ["webhookSubscription", "callbackUrl"],
            "message": "Address is an AWS ARN and includes api_client_id '1' instead of '987654'",
        },
    ]
    capture = {
        "requestingApiClientId": 987654,
        "create": {
            "variables": {"sub": {"uri": ARN}},
            "response": {
                "data": {
                    "webhookSubscriptionCreate": {"webhookSubscription": None, "userErrors": errors}
                }
            },
        },
    }
    _write(tmp_path, CAPTURE, capture)
    _write(tmp_path, "config/parity-requests/webhooks/arn.graphql", CREATE)
    _write(
        tmp_path,
        "config/parity-specs/webhooks/arn.json",
        {
            "scenarioId": "arn",
            "operationNames": ["webhookSubscriptionCreate"],
            "liveCaptureFiles": [CAPTURE],
            "proxyRequest": {
                "documentPath": "config/parity-requests/webhooks/arn.graphql",
                "variablesCapturePath": "$.create.variables",
            },
            "comparison": {
                "mode": "strict-json",
                "targets": [
                    {
                        "name": "arn-rejected",
                        "capturePath": "$.create.response.data.webhookSubscriptionCreate",
                        "proxyPath": "$.data.webhookSubscriptionCreate",
                    }
                ],
            },
        },
    )

    [result] = run_corpus(tmp_path)

    assert (result.in_scope, result.passed, result.reasons) == (True, True, [])


def test_what_a_replayed_create_made_is_not_a_precondition(tmp_path: Path) -> None:
    capture_path = "fixtures/conformance/shop.myshopify.com/2026-04/webhooks/setup.json"
    sub = {"uri": "https://example.com/hooks"}
    made = {
        "id": "gid://shopify/WebhookSubscription/77",
        "topic": "PRODUCTS_UPDATE",
        "uri": "https://example.com/hooks",
    }
    capture = {
        "setup": {
            "variables": {"sub": sub},
            "response": {
                "data": {
                    "webhookSubscriptionCreate": {"webhookSubscription": made, "userErrors": []}
                }
            },
        },
        "check": {"response": {"data": {"webhookSubscriptionCreate": {"userErrors": []}}}},
    }
    document = CREATE.replace("webhookSubscription { id }", "webhookSubscription { id topic uri }")
    _write(tmp_path, capture_path, capture)
    _write(tmp_path, "config/parity-requests/webhooks/setup.graphql", document)
    _write(
        tmp_path,
        "config/parity-specs/webhooks/setup.json",
        {
            "scenarioId": "setup",
            "operationNames": ["webhookSubscriptionCreate"],
            "liveCaptureFiles": [capture_path],
            "proxyRequest": {
                "documentPath": "config/parity-requests/webhooks/setup.graphql",
                "variablesCapturePath": "$.setup.variables",
            },
            "comparison": {
                "mode": "strict-json",
                "targets": [
                    {
                        "name": "created",
                        "capturePath": "$.check.response.data.webhookSubscriptionCreate.userErrors",
                        "proxyPath": "$.data.webhookSubscriptionCreate.userErrors",
                    }
                ],
            },
        },
    )

    [result] = run_corpus(tmp_path)

    assert (result.in_scope, result.passed, result.reasons) == (True, True, [])
