"""Cursor pagination over id order: stable under concurrent inserts, opaque to clients.

A cursor is `i` and the last id of the page (`i1234`); the base64 cursors of API 1.0.0
(`aWQ6MTIzNA`) are still read.
"""

from __future__ import annotations

import base64
import re
from typing import Annotated, Any

from django.db.models import QuerySet
from ninja import Schema
from pydantic import Field

from stockbridge.platform.bounds import MAX_ID
from stockbridge.platform.errors import FieldError

MAX_LIMIT = 250

# The `limit` and `cursor` query parameters of every list.
Limit = Annotated[int, Field(ge=1, le=MAX_LIMIT)]
CURSOR_PATTERN = r"^i[0-9]{1,18}$"
_CURSOR = re.compile(CURSOR_PATTERN)
Cursor = Annotated[
    str,
    Field(
        max_length=64,
        json_schema_extra={"pattern": CURSOR_PATTERN},
        description="`next_cursor` of the previous page",
    ),
]


class Page(Schema):
    next_cursor: str | None


def encode_cursor(last_id: int) -> str:
    return f"i{last_id}"


def decode_cursor(cursor: str) -> int:
    if _CURSOR.match(cursor):
        return int(cursor[1:])
    try:  # a cursor of API 1.0.0: base64 of "id:<last id>"
        padded = cursor + "=" * (-len(cursor) % 4)
        kind, _, value = base64.urlsafe_b64decode(padded.encode()).decode().partition(":")
        if kind != "id" or not value.isdigit() or int(value) > MAX_ID:
            raise ValueError(kind)
        return int(value)
    except (ValueError, UnicodeDecodeError) as exc:
        raise FieldError("cursor", "is not a cursor this API gave out") from exc


def paginate(qs: QuerySet[Any], *, cursor: str | None, limit: int) -> dict[str, Any]:
    """One page of `qs` in id order after `cursor`: {"items": [...], "next_cursor": ...}."""
    if not 1 <= limit <= MAX_LIMIT:
        raise FieldError("limit", f"must be between 1 and {MAX_LIMIT}")
    qs = qs.order_by("pk")
    if cursor is not None:
        qs = qs.filter(pk__gt=decode_cursor(cursor))
    items = list(qs[: limit + 1])
    more = len(items) > limit
    items = items[:limit]
    return {"items": items, "next_cursor": encode_cursor(items[-1].pk) if more else None}
