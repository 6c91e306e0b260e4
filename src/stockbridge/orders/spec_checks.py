"""Pure checks of order input against the limits in `platform.bounds`, before anything is
written: every text fits its column and holds no NUL, every amount fits the money column in
the currency's places (never rounded silently), quantities and tax rates are in range, the
currency is an ISO 4217 code. Each problem is a FieldError naming the path a user knows
(`lines[2].quantity`, `shipping_lines[0].taxes[1].rate`, `billing_address.city`).
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from stockbridge.platform.bounds import (
    TEXT_LONG,
    TEXT_SHORT,
    check_currency,
    check_id,
    check_money,
    check_quantity,
    check_tax_rate,
    check_text,
)
from stockbridge.platform.errors import FieldError

from .specs import Discount, LineSpec, OrderSpec, RefundSpec, ShippingSpec
from .totals import Tax

# Column widths of the order tables (see models.py).
CHANNEL_MAX = 64
EMAIL_MAX = 254
LINE_TITLE_MAX = 512
SHIPPING_CODE_MAX = 64
CUSTOM_FIELDS_MAX = TEXT_LONG
# Largest whole number kept exactly in JSON by every reader (2**53).
JSON_INT_MAX = 2**53


def _collect(
    errors: list[FieldError], check: Callable[..., object], *args: Any, **kwargs: Any
) -> None:
    try:
        check(*args, **kwargs)
    except FieldError as exc:
        errors.append(exc)


def _money(errors: list[FieldError], field: str, value: object, currency: str | None) -> None:
    if not isinstance(value, (Decimal, int)) or isinstance(value, bool):
        errors.append(FieldError(field, "must be a decimal amount"))
        return
    _collect(errors, check_money, field, value, currency=currency)


def _taxes(errors: list[FieldError], field: str, taxes: tuple[Tax, ...], currency: str) -> None:
    for i, tax in enumerate(taxes):
        _collect(errors, check_text, f"{field}[{i}].title", tax.title)
        if tax.amount is not None:
            _money(errors, f"{field}[{i}].amount", tax.amount, currency)
        elif not isinstance(tax.rate, (Decimal, int)) or isinstance(tax.rate, bool):
            errors.append(FieldError(f"{field}[{i}].rate", "must be a decimal fraction"))
        else:
            _collect(errors, check_tax_rate, f"{field}[{i}].rate", tax.rate)


def _discounts(
    errors: list[FieldError], field: str, discounts: tuple[Discount, ...], currency: str
) -> None:
    for i, d in enumerate(discounts):
        _money(errors, f"{field}[{i}].amount", d.amount, currency)
        _collect(errors, check_text, f"{field}[{i}].title", d.title)


def check_line(errors: list[FieldError], i: int, line: LineSpec, currency: str) -> None:
    field = f"lines[{i}]"
    _collect(errors, check_quantity, f"{field}.quantity", line.quantity)
    if line.variant_id is not None:
        _collect(errors, check_id, f"{field}.variant_id", line.variant_id)
    _collect(errors, check_text, f"{field}.sku", line.sku)
    _collect(errors, check_text, f"{field}.title", line.title, limit=LINE_TITLE_MAX)
    if line.unit_price is not None:
        _money(errors, f"{field}.unit_price", line.unit_price, currency)
    if line.unlinked_reason:
        _collect(errors, check_text, f"{field}.unlinked_reason", line.unlinked_reason)
        if line.variant_id is not None:
            errors.append(FieldError(f"{field}.variant_id", "an unlinked line names no variant"))
        if line.unit_price is None:
            errors.append(FieldError(f"{field}.unit_price", "an unlinked line needs its price"))
        if not line.title:
            errors.append(FieldError(f"{field}.title", "an unlinked line needs its title"))
    _discounts(errors, f"{field}.discounts", line.discounts, currency)
    _taxes(errors, f"{field}.taxes", line.taxes, currency)


def check_shipping(errors: list[FieldError], i: int, s: ShippingSpec, currency: str) -> None:
    field = f"shipping_lines[{i}]"
    _collect(errors, check_text, f"{field}.title", s.title, required=True)
    _collect(errors, check_text, f"{field}.code", s.code, limit=SHIPPING_CODE_MAX)
    _money(errors, f"{field}.price", s.price, currency)
    _money(errors, f"{field}.discount", s.discount, currency)
    _taxes(errors, f"{field}.taxes", s.taxes, currency)


def _json_value(errors: list[FieldError], field: str, value: Any, depth: int = 0) -> None:
    """Values a JSON column keeps and gives back unchanged on SQLite and PostgreSQL."""
    if depth > 8:
        errors.append(FieldError(field, "is nested more than 8 levels deep"))
    elif isinstance(value, str):
        _collect(errors, check_text, field, value, limit=TEXT_LONG)
    elif isinstance(value, bool) or value is None:
        return
    elif isinstance(value, int):
        if abs(value) > JSON_INT_MAX:
            errors.append(FieldError(field, f"must be at most {JSON_INT_MAX} in size"))
    elif isinstance(value, float):
        if not math.isfinite(value):
            errors.append(FieldError(field, "must be a finite number"))
    elif isinstance(value, dict):
        for key, item in value.items():
            if not isinstance(key, str) or "\x00" in key or len(key) > TEXT_SHORT:
                errors.append(FieldError(field, f"has a key that is not short text: {key!r:.40}"))
                continue
            _json_value(errors, f"{field}.{key}", item, depth + 1)
    elif isinstance(value, (list, tuple)):
        for i, item in enumerate(value):
            _json_value(errors, f"{field}[{i}]", item, depth + 1)
    else:
        errors.append(FieldError(field, "must be text, a number, a list or an object"))


def check_custom_fields(errors: list[FieldError], custom: dict[str, Any]) -> None:
    if not isinstance(custom, dict):
        errors.append(FieldError("custom_fields", "must be an object"))
        return
    before = len(errors)
    _json_value(errors, "custom_fields", custom)
    if len(errors) == before and len(json.dumps(custom)) > CUSTOM_FIELDS_MAX:
        errors.append(
            FieldError("custom_fields", f"is larger than {CUSTOM_FIELDS_MAX} characters as JSON")
        )


def check_address(
    errors: list[FieldError], name: str, address: dict[str, Any], fields: tuple[str, ...]
) -> None:
    if not isinstance(address, dict):
        errors.append(FieldError(name, "must be an object"))
        return
    for key in sorted(address, key=str):
        if key not in fields:
            errors.append(FieldError(f"{name}.{key}", "is not an address field"))
            continue
        value = address[key]
        if value is None:
            continue
        _collect(errors, check_text, f"{name}.{key}", value)


def check_order_values(spec: OrderSpec, address_fields: tuple[str, ...]) -> list[FieldError]:
    """Every bound of an order's input; the whole input is checked, every problem listed."""
    errors: list[FieldError] = []
    currency_ok = True
    try:
        check_currency("currency", spec.currency)
    except FieldError as exc:
        errors.append(exc)
        currency_ok = False
    currency = spec.currency if currency_ok else ""
    for i, line in enumerate(spec.lines):
        check_line(errors, i, line, currency)
    for i, s in enumerate(spec.shipping_lines):
        check_shipping(errors, i, s, currency)
    for name in ("customer_id", "requested_location_id"):
        if getattr(spec, name) is not None:
            _collect(errors, check_id, name, getattr(spec, name))
    _collect(errors, check_text, "channel", spec.channel, limit=CHANNEL_MAX)
    _collect(errors, check_text, "external_id", spec.external_id)
    _collect(errors, check_text, "external_name", spec.external_name)
    _collect(errors, check_text, "email", spec.email, limit=EMAIL_MAX)
    _collect(errors, check_text, "note", spec.note, limit=TEXT_LONG)
    for i, tag in enumerate(spec.tags):
        _collect(errors, check_text, f"tags[{i}]", tag)
    check_address(errors, "billing_address", spec.billing_address, address_fields)
    check_address(errors, "shipping_address", spec.shipping_address, address_fields)
    check_custom_fields(errors, spec.custom_fields)
    if spec.stated_total is not None:
        _money(errors, "total", spec.stated_total, currency or None)
    return errors


def check_refund_values(spec: RefundSpec, currency: str | None) -> list[FieldError]:
    """The bounds of a refund's input: ids, quantities, amounts (in the order's currency's
    places when it is given), the note."""
    errors: list[FieldError] = []
    for i, line in enumerate(spec.lines):
        _collect(errors, check_id, f"lines[{i}].line_id", line.line_id)
        _collect(errors, check_quantity, f"lines[{i}].quantity", line.quantity)
        if line.location_id is not None:
            _collect(errors, check_id, f"lines[{i}].location_id", line.location_id)
    _money(errors, "shipping_amount", spec.shipping_amount, currency)
    if spec.amount is not None:
        _money(errors, "amount", spec.amount, currency)
    _collect(errors, check_text, "note", spec.note)
    return errors
