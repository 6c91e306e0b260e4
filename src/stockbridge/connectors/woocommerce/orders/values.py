"""Reading WooCommerce's loose JSON into plain values: text, money, ids, GMT times. A value of
the wrong type is refused naming its field (`Rejected`), never guessed."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

from stockbridge.channels.errors import Rejected
from stockbridge.channels.port_payload import ZERO as ZERO
from stockbridge.channels.port_payload import money as money
from stockbridge.channels.port_payload import text as text

CENT = Decimal("0.01")


def number(data: Mapping[str, Any], key: str, where: str = "") -> int:
    """A whole number (an id, a quantity); absent is 0."""
    value = data.get(key)
    if value is None or value == "":
        return 0
    if isinstance(value, bool):
        raise Rejected(f"{where}{key}", "must be a whole number")
    if isinstance(value, int):
        return value
    if isinstance(value, str) and value.lstrip("-").isdigit():
        return int(value)
    raise Rejected(f"{where}{key}", f"must be a whole number, got {value!r}"[:200])


def gmt(data: Mapping[str, Any], key: str) -> datetime | None:
    """A `*_gmt` time ("2017-03-22T16:28:08": GMT, no zone) as aware UTC; None when not set."""
    value = data.get(key)
    if value is None or value == "":
        return None
    if not isinstance(value, str):
        raise Rejected(key, "must be a date and time")
    try:
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError as exc:
        raise Rejected(key, f"must be a date and time, got {value!r}"[:200]) from exc
    return parsed.replace(tzinfo=UTC) if parsed.tzinfo is None else parsed.astimezone(UTC)


def objects(data: Mapping[str, Any], key: str) -> list[Mapping[str, Any]]:
    value = data.get(key)
    if value is None:
        return []
    if not isinstance(value, list) or not all(isinstance(v, Mapping) for v in value):
        raise Rejected(key, "must be a list of objects")
    return value


def part(data: Mapping[str, Any], key: str) -> Mapping[str, Any]:
    value = data.get(key)
    if value is None:
        return {}
    if not isinstance(value, Mapping):
        raise Rejected(key, "must be an object")
    return value


def meta(data: Mapping[str, Any], key: str) -> str:
    """The value of meta key `key` in `data["meta_data"]` ("" when absent)."""
    for entry in objects(data, "meta_data"):
        if entry.get("key") == key:
            return str(entry.get("value") or "")
    return ""
