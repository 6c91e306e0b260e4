"""Cursor pagination over id order: stable under concurrent inserts, opaque to clients."""

from __future__ import annotations

import base64
from typing import Annotated, Any

from django.db.models import QuerySet
from ninja import Schema
from pydantic import Field

from stockbridge.platform.errors import FieldError

MAX_LIMIT = 250

# The `limit` query parameter of every list.
Limit = Annotated[int, Field(ge=1, le=MAX_LIMIT)]


class Page(Schema):
    next_cursor: str | None


def encode_cursor(last_id: int) -> str:
    return base64.urlsafe_b64encode(f"id:{last_id}".encode()).decode().rstrip("=")


def decode_cursor(cursor: str) -> int:
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        kind, _, value = base64.urlsafe_b64decode(padded.encode()).decode().partition(":")
        if kind != "id":
            raise ValueError(kind)
        return int(value)
    except (ValueError, UnicodeDecodeError) as exc:
        raise FieldError("cursor", "is not a cursor this API gave out") from exc


def paginate(qs: QuerySet[Any], *, cursor: str | None, limit: int) -> dict[str, Any]:
    """One page of `qs` in id order after `cursor`: {"items": [...], "next_cursor": ...}."""
    if not 1 <= limit <= MAX_LIMIT:
        raise FieldError("limit", f"must be between 1 and {MAX_LIMIT}")
    qs = qs.order_by("pk")
    if cursor:
        qs = qs.filter(pk__gt=decode_cursor(cursor))
    items = list(qs[: limit + 1])
    more = len(items) > limit
    items = items[:limit]
    return {"items": items, "next_cursor": encode_cursor(items[-1].pk) if more else None}
