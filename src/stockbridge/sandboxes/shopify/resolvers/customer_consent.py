"""Customer marketing consent on `CustomerInput`: set on create, refused on update (Shopify
points to the dedicated consent mutations), and read back on the default e-mail address and
phone number and the older `emailMarketingConsent` / `smsMarketingConsent` fields."""

from __future__ import annotations

from typing import Any

from graphql import GraphQLError, GraphQLResolveInfo

from stockbridge.sandboxes.shopify.resolvers.payloads import user_error
from stockbridge.sandboxes.shopify.resolvers.registry import Context, computed
from stockbridge.sandboxes.shopify.store import Obj

# Input field -> (state key, opt-in key, time key, the channel it needs, refusal on create,
# the mutation that updates it).
INPUTS = {
    "emailMarketingConsent": (
        "marketingState",
        "marketingOptInLevel",
        "consentUpdatedAt",
        "email",
        "An email address is required to set the email marketing consent state.",
        "customerEmailMarketingConsentUpdate",
    ),
    "smsMarketingConsent": (
        "marketingState",
        "marketingOptInLevel",
        "consentUpdatedAt",
        "phone",
        "A phone number is required to set the SMS consent state.",
        "customerSmsMarketingConsentUpdate",
    ),
    "whatsAppMarketingConsent": (
        "state",
        "optInLevel",
        "updatedAt",
        "phone",
        "A phone number is required to set the WhatsApp consent state.",
        "customerWhatsAppMarketingConsentUpdate",
    ),
}


def check_redacted(data: Obj) -> None:
    """REDACTED is a state Shopify sets, never one a caller gives (a top-level error)."""
    for name, (state, *_rest) in INPUTS.items():
        if (data.get(name) or {}).get(state) == "REDACTED":
            raise GraphQLError(
                "Cannot specify REDACTED as a marketing state input",
                extensions={"code": "INVALID"},
            )


def create_errors(data: Obj) -> list[Obj]:
    """Consent for a channel the new customer has no address for."""
    return [
        user_error([name], refusal)
        for name, (_s, _o, _t, channel, refusal, _m) in INPUTS.items()
        if data.get(name) is not None and not data.get(channel)
    ]


def update_errors(data: Obj) -> list[Obj]:
    """`customerUpdate` does not change consent: each consent input is refused."""
    return [
        user_error([name], f"To update {name}, please use the {mutation} Mutation instead")
        for name, (*_rest, mutation) in INPUTS.items()
        if data.get(name) is not None
    ]


def apply_consent(customer: Obj, data: Obj, now: str) -> None:
    """Store the e-mail and SMS consent a create gives (WhatsApp consent has no read-back)."""
    for name in ("emailMarketingConsent", "smsMarketingConsent"):
        given = data.get(name)
        if given is None:
            continue
        consent = {
            "marketingState": given["marketingState"],
            "marketingOptInLevel": given.get("marketingOptInLevel") or "SINGLE_OPT_IN",
            "consentUpdatedAt": given.get("consentUpdatedAt") or now,
        }
        if name == "smsMarketingConsent":
            consent["consentCollectedFrom"] = "OTHER"
        customer[name] = consent


def _email_consent(src: Obj) -> Obj:
    stored = src.get("emailMarketingConsent")
    if isinstance(stored, dict):
        return stored
    return {"marketingState": "NOT_SUBSCRIBED", "marketingOptInLevel": "SINGLE_OPT_IN"}


def _sms_consent(src: Obj) -> Obj:
    stored = src.get("smsMarketingConsent")
    if isinstance(stored, dict):
        return stored
    return {"marketingState": "NOT_SUBSCRIBED", "marketingOptInLevel": "SINGLE_OPT_IN"}


@computed("Customer", "emailMarketingConsent")
def email_consent(_c: Context, src: Obj, _a: dict[str, Any], _i: GraphQLResolveInfo) -> Any:
    if "emailMarketingConsent" in src and "email" not in src:
        return src["emailMarketingConsent"]
    return _email_consent(src) if src.get("email") else None


@computed("Customer", "smsMarketingConsent")
def sms_consent(_c: Context, src: Obj, _a: dict[str, Any], _i: GraphQLResolveInfo) -> Any:
    if "smsMarketingConsent" in src and "phone" not in src:
        return src["smsMarketingConsent"]
    return _sms_consent(src) if src.get("phone") else None


@computed("Customer", "defaultEmailAddress")
def default_email(_c: Context, src: Obj, _a: dict[str, Any], _i: GraphQLResolveInfo) -> Any:
    if "defaultEmailAddress" in src and "email" not in src:
        return src["defaultEmailAddress"]
    email = src.get("email")
    if not email:
        return None
    consent = _email_consent(src)
    return _with_recorded(
        src.get("defaultEmailAddress"),
        "emailAddress",
        {
            "emailAddress": email,
            "marketingState": consent["marketingState"],
            "marketingOptInLevel": consent.get("marketingOptInLevel"),
            "marketingUpdatedAt": consent.get("consentUpdatedAt"),
        },
    )


@computed("Customer", "defaultPhoneNumber")
def default_phone(_c: Context, src: Obj, _a: dict[str, Any], _i: GraphQLResolveInfo) -> Any:
    if "defaultPhoneNumber" in src and "phone" not in src:
        return src["defaultPhoneNumber"]
    phone = src.get("phone")
    if not phone:
        return None
    consent = _sms_consent(src)
    return _with_recorded(
        src.get("defaultPhoneNumber"),
        "phoneNumber",
        {
            "phoneNumber": phone,
            "marketingState": consent["marketingState"],
            "marketingOptInLevel": consent.get("marketingOptInLevel"),
            "marketingUpdatedAt": consent.get("consentUpdatedAt"),
            "marketingCollectedFrom": consent.get("consentCollectedFrom"),
        },
    )


def _with_recorded(recorded: Any, key: str, current: Obj) -> Obj:
    """A recording's view of the same address (its consent fields) over the sandbox's own."""
    if isinstance(recorded, dict) and recorded.get(key) == current[key]:
        return {**current, **recorded}
    return current
