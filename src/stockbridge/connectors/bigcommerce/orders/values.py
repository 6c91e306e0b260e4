"""Reading BigCommerce's JSON into plain values: v2 money strings ("26.5000"), v2 RFC 2822
times and v3 RFC 3339 ones, whole numbers. A value of the wrong type is refused naming its
field (`Rejected`), never guessed."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime
from decimal import Decimal, InvalidOperation
from email.utils import parsedate_to_datetime
from typing import Any

from stockbridge.channels.errors import Rejected

ZERO = Decimal("0")
CENT = Decimal("0.01")


def amount(data: Mapping[str, Any], key: str, where: str = "") -> Decimal:
    """A money field, to the cent (v2 writes four decimals); absent or "" is zero."""
    value = data.get(key)
    if value in (None, ""):
        return ZERO
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        raise Rejected(f"{where}{key}", "must be a decimal amount")
    try:
        found = Decimal(str(value))
    except InvalidOperation as exc:
        raise Rejected(f"{where}{key}", f"must be a decimal amount, got {value!r}"[:200]) from exc
    if not found.is_finite():
        raise Rejected(f"{where}{key}", "must be a finite amount")
    return found.quantize(CENT)


def string(data: Mapping[str, Any], key: str) -> str:
    value = data.get(key)
    return "" if value is None or isinstance(value, dict | list) else str(value).strip()


def whole(data: Mapping[str, Any], key: str, where: str = "") -> int:
    value = data.get(key)
    if isinstance(value, bool) or not isinstance(value, int):
        raise Rejected(f"{where}{key}", f"must be a whole number, got {value!r}"[:200])
    return value


def moment(data: Mapping[str, Any], key: str, where: str = "") -> datetime | None:
    """An RFC 2822 (v2) or RFC 3339 (v3) time as aware UTC; None when absent."""
    value = data.get(key)
    if value in (None, ""):
        return None
    if not isinstance(value, str):
        raise Rejected(f"{where}{key}", "must be a date")
    try:
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        try:
            parsed = parsedate_to_datetime(value)
        except (TypeError, ValueError) as exc:
            raise Rejected(f"{where}{key}", f"is not a date: {value!r}"[:200]) from exc
    if parsed.tzinfo is None:
        raise Rejected(f"{where}{key}", "must name its time zone")
    return parsed.astimezone(UTC)


def required_moment(data: Mapping[str, Any], key: str) -> datetime:
    found = moment(data, key)
    if found is None:
        raise Rejected(key, "is missing")
    return found
