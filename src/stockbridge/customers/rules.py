"""Pure validation of customer input (no I/O): every problem as a FieldError."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace

from stockbridge.platform.bounds import TEXT_LONG, TEXT_SHORT, check_text
from stockbridge.platform.errors import FieldError

from .models import AddressKind, CustomerKind
from .specs import AddressSpec, CustomerSpec

EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
ACCOUNT_CODE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._/-]{0,63}$")
COUNTRY = re.compile(r"^[A-Z]{2}$")
NUL = "must not contain the NUL character (\\u0000)"
CHANNEL_MAX = 64
KINDS = {k.value for k in CustomerKind}
ADDRESS_KINDS = {k.value for k in AddressKind}
LIMITS = {
    "first_name": 255,
    "last_name": 255,
    "company": 255,
    "email": 254,
    "phone": 64,
}
ADDRESS_LIMITS = {
    "name": 255,
    "company": 255,
    "address1": 255,
    "address2": 255,
    "city": 255,
    "region": 255,
    "postal_code": 32,
    "phone": 64,
}


def validate_customer_fields(spec: CustomerSpec) -> list[FieldError]:
    """Problems with the customer's own fields (not its addresses)."""
    errors: list[FieldError] = []
    if spec.kind not in KINDS:
        errors.append(FieldError("kind", f"must be one of {', '.join(sorted(KINDS))}"))
    if spec.account_code is not None and not ACCOUNT_CODE.match(spec.account_code):
        errors.append(
            FieldError(
                "account_code",
                "must be 1-64 letters, digits, '.', '_', '/' or '-', starting with a letter "
                "or digit",
            )
        )
    if spec.kind == CustomerKind.WHOLESALE and not spec.account_code:
        errors.append(FieldError("account_code", "is required for a wholesale customer"))
    named = spec.first_name.strip() or spec.last_name.strip() or spec.company.strip()
    if not named and not spec.email.strip():
        errors.append(FieldError("first_name", "a customer needs a name, a company or an e-mail"))
    if spec.email and not EMAIL.match(spec.email):
        errors.append(FieldError("email", f"{spec.email!r} is not an e-mail address"))
    for field, limit in LIMITS.items():
        if len(getattr(spec, field)) > limit:
            errors.append(FieldError(field, f"must be at most {limit} characters"))
        elif "\x00" in getattr(spec, field):
            errors.append(FieldError(field, NUL))
    _bounded(errors, "note", spec.note, TEXT_LONG)
    _bounded(errors, "channel", spec.channel, CHANNEL_MAX)
    _bounded(errors, "external_id", spec.external_id, TEXT_SHORT)
    if spec.account_code is not None and "\x00" in spec.account_code:
        errors.append(FieldError("account_code", NUL))
    if bool(spec.channel) != bool(spec.external_id):
        field = "external_id" if spec.channel else "channel"
        errors.append(FieldError(field, "channel and external_id go together"))
    for i, tag in enumerate(spec.tags):
        if not isinstance(tag, str):
            errors.append(FieldError(f"tags[{i}]", "must be text"))
        elif not tag.strip():
            errors.append(FieldError(f"tags[{i}]", "must not be blank"))
        elif len(tag) > 255:
            errors.append(FieldError(f"tags[{i}]", "must be at most 255 characters"))
        elif "\x00" in tag:
            errors.append(FieldError(f"tags[{i}]", NUL))
    return errors


def _bounded(errors: list[FieldError], field: str, value: object, limit: int) -> None:
    try:
        check_text(field, value, limit=limit)  # type: ignore[arg-type]
    except FieldError as exc:
        errors.append(exc)


def validate_address(spec: AddressSpec, field: str = "address") -> list[FieldError]:
    errors: list[FieldError] = []
    if spec.kind not in ADDRESS_KINDS:
        errors.append(
            FieldError(f"{field}.kind", f"must be one of {', '.join(sorted(ADDRESS_KINDS))}")
        )
    if not spec.address1.strip():
        errors.append(FieldError(f"{field}.address1", "is required"))
    if not spec.city.strip():
        errors.append(FieldError(f"{field}.city", "is required"))
    if not COUNTRY.match(spec.country_code):
        errors.append(
            FieldError(f"{field}.country_code", "must be a two-letter ISO code such as 'US'")
        )
    for name, limit in ADDRESS_LIMITS.items():
        if len(getattr(spec, name)) > limit:
            errors.append(FieldError(f"{field}.{name}", f"must be at most {limit} characters"))
        elif "\x00" in getattr(spec, name):
            errors.append(FieldError(f"{field}.{name}", NUL))
    return errors


def validate_addresses(addresses: Sequence[AddressSpec]) -> list[FieldError]:
    """Each address, and at most one default per kind."""
    errors: list[FieldError] = []
    defaults: dict[str, int] = {}
    for i, address in enumerate(addresses):
        errors.extend(validate_address(address, f"addresses[{i}]"))
        if address.is_default:
            if address.kind in defaults:
                errors.append(
                    FieldError(
                        f"addresses[{i}].is_default",
                        f"addresses[{defaults[address.kind]}] is already the default "
                        f"{address.kind} address",
                    )
                )
            defaults.setdefault(address.kind, i)
    return errors


def with_defaults(addresses: Sequence[AddressSpec]) -> list[AddressSpec]:
    """The addresses with the first of each kind made default where none of that kind is."""
    has_default = {a.kind for a in addresses if a.is_default}
    result = []
    for address in addresses:
        if address.kind not in has_default:
            address = replace(address, is_default=True)
            has_default.add(address.kind)
        result.append(address)
    return result


def normalise_customer(spec: CustomerSpec) -> CustomerSpec:
    """Trimmed strings, upper-case country codes, lower-case e-mail, unique tags in order."""
    tags = tuple(dict.fromkeys(t.strip() for t in spec.tags))
    addresses = tuple(normalise_address(a) for a in spec.addresses)
    account_code = spec.account_code.strip() if spec.account_code else None
    return replace(
        spec,
        account_code=account_code or None,
        first_name=spec.first_name.strip(),
        last_name=spec.last_name.strip(),
        company=spec.company.strip(),
        email=spec.email.strip().lower(),
        phone=spec.phone.strip(),
        tags=tags,
        addresses=addresses,
    )


def normalise_address(spec: AddressSpec) -> AddressSpec:
    return replace(
        spec,
        address1=spec.address1.strip(),
        city=spec.city.strip(),
        country_code=spec.country_code.strip().upper(),
        postal_code=spec.postal_code.strip(),
    )
