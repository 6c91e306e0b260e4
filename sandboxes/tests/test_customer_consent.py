"""Marketing consent given on `customerCreate`, refused on `customerUpdate`."""

from __future__ import annotations

from typing import Any

import httpx

from sandboxes.tests.conftest import gql

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


EMAIL_UPDATE = """mutation($input: CustomerEmailMarketingConsentUpdateInput!) {
  customerEmailMarketingConsentUpdate(input: $input) {
    customer { defaultEmailAddress { marketingState marketingOptInLevel marketingUpdatedAt } }
    userErrors { field message code } } }"""
SMS_UPDATE = """mutation($input: CustomerSmsMarketingConsentUpdateInput!) {
  customerSmsMarketingConsentUpdate(input: $input) {
    customer { defaultPhoneNumber { marketingState marketingCollectedFrom } }
    userErrors { field message code } } }"""


def test_email_consent_updates_and_its_checks(http: httpx.Client) -> None:
    gid = _create(http, email="a@example.com")["data"]["customerCreate"]["customer"]["id"]

    def update(consent: dict[str, str]) -> Any:
        variables = {"input": {"customerId": gid, "emailMarketingConsent": consent}}
        return gql(http, EMAIL_UPDATE, variables).json()["data"][
            "customerEmailMarketingConsentUpdate"
        ]

    missing = update({"marketingState": "SUBSCRIBED"})
    pending = update({"marketingState": "PENDING", "marketingOptInLevel": "SINGLE_OPT_IN"})
    future = update(
        {
            "marketingState": "SUBSCRIBED",
            "marketingOptInLevel": "SINGLE_OPT_IN",
            "consentUpdatedAt": "2999-01-01T00:00:00Z",
        }
    )
    done = update({**EMAIL, "marketingOptInLevel": "CONFIRMED_OPT_IN"})

    unchanged = {
        "defaultEmailAddress": {
            "marketingState": "NOT_SUBSCRIBED",
            "marketingOptInLevel": "SINGLE_OPT_IN",
            "marketingUpdatedAt": None,
        }
    }
    assert missing == {
        "customer": unchanged,
        "userErrors": [
            {
                "field": ["input", "emailMarketingConsent", "marketingOptInLevel"],
                "message": "Marketing opt in level must exist",
                "code": "MISSING_ARGUMENT",
            }
        ],
    }
    assert pending["userErrors"][0]["message"] == (
        "Marketing opt in level must be confirmed opt-in for pending consent state"
    )
    assert future["userErrors"][0]["message"] == "Consent updated at must not be in the future"
    assert done == {
        "customer": {
            "defaultEmailAddress": {
                "marketingState": "SUBSCRIBED",
                "marketingOptInLevel": "CONFIRMED_OPT_IN",
                "marketingUpdatedAt": "2026-04-25T01:00:00Z",
            }
        },
        "userErrors": [],
    }


def test_sms_consent_needs_a_phone_and_refuses_states_shopify_sets(http: httpx.Client) -> None:
    gid = _create(http, email="a@example.com")["data"]["customerCreate"]["customer"]["id"]
    consent = {"marketingState": "SUBSCRIBED", "marketingOptInLevel": "SINGLE_OPT_IN"}

    no_phone = gql(
        http, SMS_UPDATE, {"input": {"customerId": gid, "smsMarketingConsent": consent}}
    ).json()["data"]["customerSmsMarketingConsentUpdate"]
    not_subscribed = gql(
        http,
        SMS_UPDATE,
        {
            "input": {
                "customerId": gid,
                "smsMarketingConsent": {**consent, "marketingState": "NOT_SUBSCRIBED"},
            }
        },
    ).json()

    assert no_phone == {
        "customer": None,
        "userErrors": [
            {
                "field": ["input", "smsMarketingConsent"],
                "message": "A phone number is required to set the SMS consent state.",
                "code": "INVALID",
            }
        ],
    }
    assert not_subscribed["data"] == {"customerSmsMarketingConsentUpdate": None}
    assert not_subscribed["errors"][0]["message"] == (
        "Cannot specify NOT_SUBSCRIBED as a marketing state input"
    )
