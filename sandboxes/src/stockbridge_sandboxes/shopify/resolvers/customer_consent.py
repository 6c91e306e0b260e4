"""Customer marketing consent: on `CustomerInput` (set on create, refused on update, which
points to the dedicated mutations), `customerEmailMarketingConsentUpdate` and
`customerSmsMarketingConsentUpdate`, read back on the default e-mail address and phone number
and the older `emailMarketingConsent` / `smsMarketingConsent` fields."""

from __future__ import annotations

from typing import Any

from graphql import GraphQLError, GraphQLResolveInfo

from stockbridge_sandboxes.shopify.resolvers.payloads import user_error
from stockbridge_sandboxes.shopify.resolvers.registry import Context, computed, mutation
from stockbridge_sandboxes.shopify.store import Obj

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


# Consent input -> the address field a recording may show its state on.
SHOWN = {
    "emailMarketingConsent": "defaultEmailAddress",
    "smsMarketingConsent": "defaultPhoneNumber",
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
        shown = customer.get(SHOWN[name])
        if isinstance(shown, dict):  # a recording's view of the address follows the change
            shown.update(
                {
                    "marketingState": consent["marketingState"],
                    "marketingOptInLevel": consent["marketingOptInLevel"],
                    "marketingUpdatedAt": consent["consentUpdatedAt"],
                }
            )
            if name == "smsMarketingConsent":
                shown["marketingCollectedFrom"] = "OTHER"


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


# States Shopify sets itself; a caller giving one is a top-level error.
NOT_GIVEN_STATES = ("NOT_SUBSCRIBED", "REDACTED", "INVALID")


def _consent_problems(ctx: Context, name: str, given: Obj) -> list[Obj]:
    level, when = given.get("marketingOptInLevel"), given.get("consentUpdatedAt")
    path = ["input", name]
    if level is None:
        return [
            user_error(
                [*path, "marketingOptInLevel"],
                "Marketing opt in level must exist",
                "MISSING_ARGUMENT",
            )
        ]
    if when is not None and str(when) > ctx.store.now():
        return [
            user_error(
                [*path, "consentUpdatedAt"],
                "Consent updated at must not be in the future",
                "INVALID",
            )
        ]
    if given["marketingState"] == "PENDING" and level != "CONFIRMED_OPT_IN":
        message = "Marketing opt in level must be confirmed opt-in for pending consent state"
        return [user_error([*path, "marketingOptInLevel"], message, "INVALID")]
    return []


def _consent_update(ctx: Context, args: dict[str, Any], name: str) -> Obj:
    """The shared flow; e-mail answers its refusals with the unchanged customer, SMS with
    none, as Shopify answers."""
    data = args.get("input") or {}
    given = data.get(name) or {}
    email = name == "emailMarketingConsent"
    if given.get("marketingState") in NOT_GIVEN_STATES:
        raise GraphQLError(
            f"Cannot specify {given['marketingState']} as a marketing state input",
            extensions={"code": "INVALID"},
        )
    customer = ctx.store.get(data.get("customerId"), "Customer")
    if customer is None or customer.get("__deleted"):
        error = (
            user_error(["input", "customerId"], "Customer not found", "INVALID")
            if email
            else {"field": None, "message": "Customer not found", "code": None}
        )
        return {"customer": None, "userErrors": [error]}
    if email and not customer.get("email"):
        return {"customer": customer, "userErrors": []}  # nothing to consent for: a no-op
    if not email and not customer.get("phone"):
        message = "A phone number is required to set the SMS consent state."
        return {"customer": None, "userErrors": [user_error(["input", name], message, "INVALID")]}
    problems = _consent_problems(ctx, name, given)
    if problems:
        return {"customer": customer if email else None, "userErrors": problems}
    apply_consent(customer, {name: given}, ctx.store.now())
    customer["updatedAt"] = ctx.store.now()
    return {"customer": customer, "userErrors": []}


@mutation("customerEmailMarketingConsentUpdate")
def email_consent_update(
    ctx: Context, _s: Any, args: dict[str, Any], _i: GraphQLResolveInfo
) -> Any:
    return _consent_update(ctx, args, "emailMarketingConsent")


@mutation("customerSmsMarketingConsentUpdate")
def sms_consent_update(ctx: Context, _s: Any, args: dict[str, Any], _i: GraphQLResolveInfo) -> Any:
    return _consent_update(ctx, args, "smsMarketingConsent")
