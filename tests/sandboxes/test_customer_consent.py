"""Marketing consent given on `customerCreate`, refused on `customerUpdate`."""

from __future__ import annotations

from typing import Any

import httpx

from tests.sandboxes.conftest import gql

FIELDS = """id
  defaultEmailAddress { marketingState marketingOptInLevel marketingUpdatedAt }
  defaultPhoneNumber { marketingState marketingOptInLevel marketingCollectedFrom }
  emailMarketingConsent { marketingState marketingOptInLevel consentUpdatedAt }
  smsMarketingConsent { marketingState consentCollectedFrom }"""
CREATE = f"""mutation($input: CustomerInput!) {{ customerCreate(input: $input) {{
  customer {{ {FIELDS} }} userErrors {{ field message }} }} }}"""
UPDATE = """mutation($input: CustomerInput!) { customerUpdate(input: $input) {
  customer { id } userErrors { field message } } }"""
EMAIL = {"marketingState": "SUBSCRIBED", "consentUpdatedAt": "2026-04-25T01:00:00Z"}


def _create(http: httpx.Client, **fields: Any) -> Any:
    return gql(http, CREATE, {"input": fields}).json()


def test_consent_given_on_create_reads_back(http: httpx.Client) -> None:
    body = _create(
        http,
        email="a@example.com",
        phone="+14155550100",
        emailMarketingConsent=EMAIL,
        smsMarketingConsent={"marketingState": "PENDING", "marketingOptInLevel": "UNKNOWN"},
    )["data"]["customerCreate"]

    customer = body["customer"]
    assert body["userErrors"] == []
    assert customer["defaultEmailAddress"] == {
        "marketingState": "SUBSCRIBED",
        "marketingOptInLevel": "SINGLE_OPT_IN",
        "marketingUpdatedAt": "2026-04-25T01:00:00Z",
    }
    assert customer["emailMarketingConsent"] == {
        "marketingState": "SUBSCRIBED",
        "marketingOptInLevel": "SINGLE_OPT_IN",
        "consentUpdatedAt": "2026-04-25T01:00:00Z",
    }
    assert customer["defaultPhoneNumber"] == {
        "marketingState": "PENDING",
        "marketingOptInLevel": "UNKNOWN",
        "marketingCollectedFrom": "OTHER",
    }
    assert customer["smsMarketingConsent"] == {
        "marketingState": "PENDING",
        "consentCollectedFrom": "OTHER",
    }


def test_without_consent_a_customer_is_not_subscribed(http: httpx.Client) -> None:
    customer = _create(http, email="a@example.com")["data"]["customerCreate"]["customer"]

    assert customer["emailMarketingConsent"] == {
        "marketingState": "NOT_SUBSCRIBED",
        "marketingOptInLevel": "SINGLE_OPT_IN",
        "consentUpdatedAt": None,
    }
    assert (customer["defaultPhoneNumber"], customer["smsMarketingConsent"]) == (None, None)


def test_consent_needs_the_channel_it_is_for(http: httpx.Client) -> None:
    body = _create(
        http,
        firstName="Ada",
        emailMarketingConsent=EMAIL,
        smsMarketingConsent={"marketingState": "SUBSCRIBED"},
        whatsAppMarketingConsent={"state": "SUBSCRIBED"},
    )["data"]["customerCreate"]

    assert body == {
        "customer": None,
        "userErrors": [
            {
                "field": ["emailMarketingConsent"],
                "message": "An email address is required to set the email marketing consent state.",
            },
            {
                "field": ["smsMarketingConsent"],
                "message": "A phone number is required to set the SMS consent state.",
            },
            {
                "field": ["whatsAppMarketingConsent"],
                "message": "A phone number is required to set the WhatsApp consent state.",
            },
        ],
    }


def test_redacted_cannot_be_given(http: httpx.Client) -> None:
    body = _create(
        http, email="a@example.com", emailMarketingConsent={"marketingState": "REDACTED"}
    )

    assert body["data"] == {"customerCreate": None}
    assert [(e["message"], e["extensions"]["code"], e["path"]) for e in body["errors"]] == [
        ("Cannot specify REDACTED as a marketing state input", "INVALID", ["customerCreate"])
    ]


def test_an_update_points_to_the_consent_mutations(http: httpx.Client) -> None:
    made = _create(http, email="a@example.com")["data"]["customerCreate"]["customer"]

    body = gql(http, UPDATE, {"input": {"id": made["id"], "emailMarketingConsent": EMAIL}}).json()[
        "data"
    ]["customerUpdate"]

    assert body == {
        "customer": None,
        "userErrors": [
            {
                "field": ["emailMarketingConsent"],
                "message": "To update emailMarketingConsent, please use the "
                "customerEmailMarketingConsentUpdate Mutation instead",
            }
        ],
    }
