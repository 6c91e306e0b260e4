"""Shopify's webhook codec: the documented signature (base64 HMAC-SHA256 of the raw body with
the app's secret, constant-time compare), the headers read, and what a delivery lacking them
is. The sandbox's own signer agrees with ours."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from stockbridge.channels.errors import Rejected
from stockbridge.channels.port import Endpoint, InboundEventData, InboundKind
from stockbridge.connectors.shopify.client import ShopifyClient
from stockbridge.connectors.shopify.webhooks import ShopifyWebhooks, signature
from stockbridge_sandboxes.shopify import webhooks as sandbox_webhooks

BODY = b'{"id":820982911946154508,"email":"jon@example.com"}'
SIGNED = "D0UMXmhjwBRi4y66TmhJrDlhQABD7zI2fm3p6/QLMo8="


def codec(*secrets: str) -> ShopifyWebhooks:
    client = ShopifyClient(
        endpoint=Endpoint(domain="a.myshopify.com", base_url="https://a.myshopify.com"), token=""
    )
    return ShopifyWebhooks(secrets=list(secrets), client=client)


def headers(**extra: str) -> dict[str, str]:
    base = {
        "X-Shopify-Topic": "orders/create",
        "X-Shopify-Hmac-Sha256": SIGNED,
        "X-Shopify-Shop-Domain": "a.myshopify.com",
        "X-Shopify-Webhook-Id": "b54557e4-bdd9-4b37-8a5f-bf7d70bcd043",
        "X-Shopify-Event-Id": "98880550-7158-44d4-b7cd-2c97c8a091b5",
        "X-Shopify-Triggered-At": "2026-12-07T00:58:07.123456Z",
    }
    base.update(extra)
    return base


def test_the_signature_is_base64_hmac_sha256_of_the_raw_body() -> None:
    assert signature(BODY, "hush") == SIGNED
    assert sandbox_webhooks.sign(BODY, "hush") == SIGNED


def test_a_delivery_signed_with_the_secret_verifies_whatever_the_header_case() -> None:
    assert codec("hush").verify(headers(), BODY) is True
    lower = {k.lower(): v for k, v in headers().items()}
    assert codec("hush").verify(lower, BODY) is True


@pytest.mark.parametrize(
    ("secret", "body", "given"),
    [
        ("other", BODY, SIGNED),  # another app's secret
        ("hush", BODY + b" ", SIGNED),  # one byte more than was signed
        ("hush", BODY, ""),  # unsigned
        ("hush", BODY, "not base64!"),
        ("hush", BODY, "c2hvcnQ="),  # base64, but not a SHA-256 digest
        ("", BODY, SIGNED),  # no secret configured: nothing verifies
    ],
)
def test_a_forged_or_unsigned_delivery_does_not_verify(
    secret: str, body: bytes, given: str
) -> None:
    assert codec(secret).verify(headers(**{"X-Shopify-Hmac-Sha256": given}), body) is False


def test_a_delivery_is_read_into_the_event_the_engine_stores() -> None:
    assert codec("hush").parse(headers(), BODY) == InboundEventData(
        event_id="orders/create:98880550-7158-44d4-b7cd-2c97c8a091b5",
        topic="orders/create",
        kind=InboundKind.ORDER,
        occurred_at=datetime(2026, 12, 7, 0, 58, 7, 123456, tzinfo=UTC),
        resource_id="820982911946154508",
        body={"id": 820982911946154508, "email": "jon@example.com"},
    )


def test_topics_are_normalised_for_the_engine() -> None:
    kinds = {
        topic: codec("hush").parse(headers(**{"X-Shopify-Topic": topic}), BODY).kind
        for topic in ("app/uninstalled", "refunds/create", "customers/update", "shop/update")
    }
    assert kinds == {
        "app/uninstalled": InboundKind.APP_UNINSTALLED,
        "refunds/create": InboundKind.REFUND,
        "customers/update": InboundKind.CUSTOMER,
        "shop/update": InboundKind.OTHER,
    }


def test_the_webhook_id_stands_in_for_a_missing_event_id() -> None:
    given = headers()
    del given["X-Shopify-Event-Id"]
    event = codec("hush").parse(given, BODY)
    assert event.event_id == "orders/create:b54557e4-bdd9-4b37-8a5f-bf7d70bcd043"


@pytest.mark.parametrize(
    ("drop", "body", "field"),
    [
        ("X-Shopify-Topic", BODY, "X-Shopify-Topic"),
        ("X-Shopify-Event-Id", BODY, "X-Shopify-Event-Id"),
        ("", b"[1, 2]", "body"),
        ("", b"{not json", "body"),
    ],
)
def test_a_delivery_without_what_the_inbox_needs_is_rejected_naming_it(
    drop: str, body: bytes, field: str
) -> None:
    given = headers()
    if drop:
        given.pop(drop)
        given.pop("X-Shopify-Webhook-Id")
    with pytest.raises(Rejected) as refused:
        codec("hush").parse(given, body)
    assert refused.value.field == field
