"""Pending pushes: the upsert that marks listings pending, and what is due per channel."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from django.db import connection, transaction
from django.db.models import Q

from stockbridge.channels.models import ChannelStatus
from stockbridge.platform import clock

from ..models import PendingPush

QUANTITY = "quantity"
PRICE = "price"


def mark_pending(
    listings: Iterable[tuple[int, int]], *, chunk: int = 500, aspect: str = QUANTITY
) -> int:
    """Upsert a pending push of `aspect` for each (listing id, channel id): a new row, or the
    version of the row already there goes up (one statement: a drain reading it meanwhile
    either sees the new version or the row it has not pushed yet)."""
    pairs = list(listings)
    now = connection.ops.adapt_datetimefield_value(clock.now())
    table = PendingPush._meta.db_table
    sql_head = (
        f"INSERT INTO {table} (channel_id, listing_id, aspect, version, created_at, updated_at, "  # noqa: S608
        "attempts, last_error) VALUES "
    )
    sql_tail = (
        f" ON CONFLICT (listing_id, aspect) DO UPDATE SET version = {table}.version + 1, "
        "updated_at = excluded.updated_at"
    )
    with transaction.atomic(), connection.cursor() as cursor:
        for start in range(0, len(pairs), chunk):
            part = pairs[start : start + chunk]
            values = ", ".join(["(%s, %s, %s, 1, %s, %s, 0, '')"] * len(part))
            params: list[Any] = []
            for listing_id, channel_id in part:
                params += [channel_id, listing_id, aspect, now, now]
            cursor.execute(sql_head + values + sql_tail, params)
    return len(pairs)


def due(channel_id: int | None = None) -> dict[int, int]:
    """Pending pushes whose time has come, counted per channel."""
    rows = PendingPush.objects.filter(
        Q(not_before__isnull=True) | Q(not_before__lte=clock.now()),
        channel__status=ChannelStatus.CONNECTED,
    )
    if channel_id is not None:
        rows = rows.filter(channel_id=channel_id)
    counted: dict[int, int] = defaultdict(int)
    for cid in rows.values_list("channel_id", flat=True):
        counted[cid] += 1
    return dict(counted)


def due_rows(channel_id: int, aspect: str, limit: int) -> list[PendingPush]:
    """The channel's due rows of `aspect`, oldest first, at most `limit`."""
    return list(
        PendingPush.objects.filter(channel_id=channel_id, aspect=aspect)
        .filter(Q(not_before__isnull=True) | Q(not_before__lte=clock.now()))
        .order_by("id")[:limit]
    )
