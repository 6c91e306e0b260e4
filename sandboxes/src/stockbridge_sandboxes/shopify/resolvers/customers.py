"""Customers with addresses: create and update."""

from __future__ import annotations

import re
from typing import Any

from graphql import GraphQLResolveInfo

from stockbridge_sandboxes.shopify.resolvers import customer_addresses
from stockbridge_sandboxes.shopify.resolvers import customer_consent as consent
from stockbridge_sandboxes.shopify.resolvers.metafields import metafields_of, set_metafields
from stockbridge_sandboxes.shopify.resolvers.payloads import currency_of, normalize_tags, user_error
from stockbridge_sandboxes.shopify.resolvers.registry import Context, computed, mutation, query
from stockbridge_sandboxes.shopify.resolvers.webhooks import app_namespace
from stockbridge_sandboxes.shopify.store import Obj, Store, ref
from stockbridge_sandboxes.shopify.webhook_bodies import customer_body

EMAIL_RE = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
PHONE_RE = re.compile(r"^\+?\d{7,15}$")
SCALARS = (
    "email",
    "firstName",
    "lastName",
    "locale",
    "note",
    "phone",
    "taxExempt",
    "taxExemptions",
)


def normal_email(value: Any) -> Any:
    """Shopify stores an e-mail without any whitespace."""
    return re.sub(r"\s+", "", value) if isinstance(value, str) else value


def normal_phone(value: Any) -> Any:
    """Shopify stores a phone number without its formatting: "+1 (613) 450-5293" is
    "+16134505293"."""
    if not isinstance(value, str):
        return value
    bare = re.sub(r"[\s().\-]", "", value)
    return bare if PHONE_RE.match(bare) else value


def _email_invalid(email: str) -> bool:
    return not EMAIL_RE.match(email) or len(email.partition("@")[0]) > 64


def validate(
    store: Store, data: Obj, own_id: str | None, prefix: tuple[str, ...] = ()
) -> list[Obj]:
    """Field checks shared by create, update and set (`prefix` is set's `input`)."""
    errors = []
    others = [c for c in store.all("Customer") if c["id"] != own_id and not c.get("__deleted")]
    email = normal_email(data.get("email"))
    if email:
        if len(email) > 255:
            errors.append(
                user_error(
                    [*prefix, "email"], "Email is too long (maximum is 255 characters)", "TOO_LONG"
                )
            )
        if _email_invalid(email):
            errors.append(user_error([*prefix, "email"], "Email is invalid", "INVALID"))
        elif any(_email(c).lower() == email.lower() for c in others):
            errors.append(user_error([*prefix, "email"], "Email has already been taken", "TAKEN"))
    phone = data.get("phone")
    if phone:
        if len(phone) > 255:
            errors.append(
                user_error(
                    [*prefix, "phone"], "Phone is too long (maximum is 255 characters)", "TOO_LONG"
                )
            )
        if not PHONE_RE.match(normal_phone(phone)):
            errors.append(user_error([*prefix, "phone"], "Phone is invalid", "INVALID"))
        elif any(_digits(_phone(c)) == normal_phone(phone) for c in others):
            errors.append(user_error([*prefix, "phone"], "Phone has already been taken", "TAKEN"))
    if len(str(data.get("note") or "")) > 5000:
        errors.append(
            user_error(
                [*prefix, "note"], "Note is too long (maximum is 5000 characters)", "TOO_LONG"
            )
        )
    for index, row in enumerate(data.get("addresses") or []):
        for field, message in customer_addresses.problems(row):
            errors.append(user_error([*prefix, "addresses", str(index), field], message))
    if len(normalize_tags(data.get("tags") or [])) > 250:
        errors.append(user_error([*prefix, "tags"], "Tags cannot be more than 250"))
    return errors


def _addresses(store: Store, customer: Obj, rows: list[Obj]) -> None:
    """Replace the customer's addresses with `rows`: a row with an id updates that address
    (keeping the fields it does not give), one without makes a new one; a row repeating an
    earlier one of the same list is one address, as on Shopify."""
    refs = []
    seen: list[Obj] = []
    for row in rows:
        existing = store.get(row.get("id"), "MailingAddress") if row.get("id") else None
        fields = customer_addresses.cleaned(row, customer, existing)
        if existing is None and fields in seen:
            continue
        seen.append(fields)
        address = (
            store.put(existing["id"], fields)
            if existing
            else store.create("MailingAddress", fields)
        )
        refs.append(ref(address["id"]))
    customer["addresses"] = refs
    customer["defaultAddress"] = refs[0] if refs else None


def apply(store: Store, customer: Obj, data: Obj) -> None:
    for key in SCALARS:
        if key in data:
            customer[key] = data[key]
    if "email" in data:
        customer["email"] = normal_email(data["email"])
    if "phone" in data:
        customer["phone"] = normal_phone(data["phone"])
    if "tags" in data:
        customer["tags"] = normalize_tags(data["tags"])
    if data.get("addresses") is not None:
        _addresses(store, customer, data["addresses"])
    set_metafields(store, customer, data.get("metafields"))
    first, last = customer.get("firstName"), customer.get("lastName")
    customer["displayName"] = " ".join(x for x in (first, last) if x) or customer.get("email") or ""
    customer["updatedAt"] = store.now()


def new_customer(store: Store) -> Obj:
    """A customer as Shopify makes one before the input's fields are applied."""
    now = store.now()
    return store.create(
        "Customer",
        {
            "createdAt": now,
            "locale": "en",
            "tags": [],
            "addresses": [],
            "state": "DISABLED",
            "verifiedEmail": True,
            "taxExempt": False,
            "taxExemptions": [],
            "numberOfOrders": "0",
            "note": None,
            "canDelete": True,
            "amountSpent": {"amount": "0.0", "currencyCode": currency_of(store)},
        },
    )


@mutation("customerCreate")
def customer_create(ctx: Context, _s: Any, args: dict[str, Any], _i: GraphQLResolveInfo) -> Any:
    store = ctx.store
    data = args.get("input") or {}
    if data.get("id"):
        return {
            "customer": None,
            "userErrors": [user_error(["id"], "Cannot specify ID on creation")],
        }
    for index, address in enumerate(data.get("addresses") or []):
        if address.get("id"):
            return {
                "customer": None,
                "userErrors": [
                    user_error(
                        ["addresses", str(index), "id"], "Cannot specify address ID on creation"
                    )
                ],
            }
    for index, field in enumerate(data.get("metafields") or []):
        if field.get("id"):
            return {
                "customer": None,
                "userErrors": [
                    user_error(
                        ["metafields", str(index), "id"], "Cannot specify metafield ID on creation"
                    )
                ],
            }
    consent.check_redacted(data)
    errors = validate(store, data, None) + consent.create_errors(data)
    for index, row in enumerate(data.get("addresses") or []):
        if not any(str(v or "").strip() for k, v in row.items() if k != "id"):
            errors.append(
                user_error(["addresses", str(index)], "Customer address cannot be blank.")
            )
    if not any(data.get(k) for k in ("email", "phone", "firstName", "lastName")):
        errors.append(user_error(None, "A name, phone number, or email address must be present"))
    if errors:
        return {"customer": None, "userErrors": errors}
    now = store.now()
    customer = new_customer(store)
    apply(store, customer, data)
    consent.apply_consent(customer, data, now)
    ctx.emit("customers/create", customer_body(ctx.store, customer))
    return {"customer": customer, "userErrors": []}


@mutation("customerUpdate")
def customer_update(ctx: Context, _s: Any, args: dict[str, Any], _i: GraphQLResolveInfo) -> Any:
    store = ctx.store
    data = args.get("input") or {}
    customer = store.get(data.get("id"), "Customer")
    if customer is None:
        return {"customer": None, "userErrors": [user_error(["id"], "Customer does not exist")]}
    errors = validate(store, data, customer["id"]) + consent.update_errors(data)
    for index, address in enumerate(data.get("addresses") or []):
        if address.get("id") and store.get(address["id"], "MailingAddress") is None:
            errors.append(
                user_error(["addresses", str(index), "id"], "Customer address does not exist")
            )
    after = {k: data.get(k, customer.get(k)) for k in ("email", "phone", "firstName", "lastName")}
    if not any(after.values()):
        errors.append(user_error(None, "A name, phone number, or email address must be present"))
    if errors:
        return {"customer": None, "userErrors": errors}
    apply(store, customer, data)
    ctx.emit("customers/update", customer_body(ctx.store, customer))
    return {"customer": customer, "userErrors": []}


def _email(customer: Obj) -> str:
    """A customer's e-mail; a recorded one may show it only as its default e-mail address."""
    shown = customer.get("defaultEmailAddress")
    fallback = shown.get("emailAddress") if isinstance(shown, dict) else None
    return str(customer.get("email") or fallback or "")


def _phone(customer: Obj) -> str:
    shown = customer.get("defaultPhoneNumber")
    fallback = shown.get("phoneNumber") if isinstance(shown, dict) else None
    return str(customer.get("phone") or fallback or "")


def _digits(phone: str) -> str:
    return re.sub(r"[^\d+]", "", phone)


@query("customerByIdentifier")
def by_identifier(ctx: Context, _s: Any, args: dict[str, Any], _i: GraphQLResolveInfo) -> Any:
    return find_customer(ctx, args.get("identifier") or {})


def find_customer(ctx: Context, identifier: Obj) -> Obj | None:
    """The customer an id, e-mail address, phone number or custom id names (or None)."""
    store = ctx.store
    if identifier.get("id"):
        customer = store.get(identifier["id"], "Customer")
        return customer if customer is not None and not customer.get("__deleted") else None
    customers = [c for c in store.all("Customer") if not c.get("__deleted")]
    if identifier.get("emailAddress"):
        wanted = str(normal_email(identifier["emailAddress"])).lower()
        return next((c for c in customers if _email(c).lower() == wanted), None)
    if identifier.get("phoneNumber"):
        wanted = _digits(str(identifier["phoneNumber"]))
        return next((c for c in customers if _digits(_phone(c)) == wanted), None)
    custom = identifier.get("customId")
    if custom:
        namespace = app_namespace(ctx, custom.get("namespace") or "$app")
        for customer in customers:
            for field in metafields_of(store, customer):
                if (field.get("namespace"), field.get("key"), field.get("value")) == (
                    namespace,
                    custom.get("key"),
                    custom.get("value"),
                ):
                    return customer
    return None


@computed("Customer", "addressesV2")
def addresses_v2(_c: Context, src: Obj, _a: dict[str, Any], _i: GraphQLResolveInfo) -> Any:
    """The customer's addresses as a connection (a recording may show only this form)."""
    if "addresses" not in src and isinstance(src.get("addressesV2"), list):
        return src["addressesV2"]
    return list(src.get("addresses") or [])


@computed("MailingAddress", "name")
def address_name(_c: Context, src: Obj, _a: dict[str, Any], _i: GraphQLResolveInfo) -> Any:
    if "name" in src:
        return src["name"]
    name = " ".join(str(src[k]) for k in ("firstName", "lastName") if src.get(k))
    return name or None
