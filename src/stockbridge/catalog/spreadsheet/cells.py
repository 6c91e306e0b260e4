"""Reading one spreadsheet cell into a value: numbers, whole numbers, lists, JSON objects.

Each parser returns the value, or raises ValueError with the reason a user can act on."""

from __future__ import annotations

import json
from decimal import Decimal, InvalidOperation
from typing import Any


def decimal_or_none(text: str) -> Decimal | None:
    """An empty cell is None; anything else must be a plain decimal number (dot separator)."""
    text = text.strip()
    if not text:
        return None
    try:
        value = Decimal(text)
    except InvalidOperation:
        raise ValueError(f"must be a number, got {text!r}") from None
    if not value.is_finite():
        raise ValueError(f"must be a number, got {text!r}")
    return value


def position_or_none(text: str) -> int | None:
    text = text.strip()
    if not text:
        return None
    if not text.isdigit() or int(text) < 1:
        raise ValueError(f"must be a whole number of at least 1, got {text!r}")
    return int(text)


def tag_list(text: str) -> tuple[str, ...]:
    """Comma-separated tags, trimmed, empty ones dropped, each once in first-seen order."""
    return tuple(dict.fromkeys(t.strip() for t in text.split(",") if t.strip()))


def json_object(text: str) -> dict[str, Any]:
    text = text.strip()
    if not text:
        return {}
    try:
        value = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ValueError(f"is not valid JSON ({exc.msg} at character {exc.pos})") from None
    if not isinstance(value, dict):
        raise ValueError('must be a JSON object such as {"fabric": "linen"}')
    return value


def json_text(value: dict[str, Any]) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True) if value else ""


def decimal_text(value: Decimal | None) -> str:
    return "" if value is None else str(value)


def joined_values(values: tuple[str, ...], separator: str = "|") -> str:
    """Attribute values in one cell: `S|M|L`; a `|` or `\\` inside a value is escaped with `\\`."""
    return separator.join(
        v.replace("\\", "\\\\").replace(separator, "\\" + separator) for v in values
    )


def split_values(text: str, separator: str = "|") -> list[str]:
    """The inverse of `joined_values`; each value trimmed."""
    values: list[str] = []
    current: list[str] = []
    chars = iter(text)
    for char in chars:
        if char == "\\":
            current.append(next(chars, "\\"))
        elif char == separator:
            values.append("".join(current).strip())
            current = []
        else:
            current.append(char)
    values.append("".join(current).strip())
    return values
