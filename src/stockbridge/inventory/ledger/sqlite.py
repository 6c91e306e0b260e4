"""The SQLite write path, in fixed SQL below the ORM (building ORM statements cost more CPU
than SQLite takes to run them): per change the conditional UPDATE of `LEVEL_SQL` (the same
condition as PostgreSQL's, RETURNING the quantities after it; no row back = refused, and
nothing is inserted), then the movement, outbox and reservation rows of the whole batch in one
multi-row INSERT each. SQLite's IMMEDIATE transactions serialise writers, so no row lock is
needed, and the caller's transaction makes it all or nothing."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from datetime import datetime

from django.db import connection
from django.db.backends.utils import CursorWrapper

from stockbridge.platform.errors import FieldError
from stockbridge.platform.lookups import mark

from .changes import Change, Rules
from .prepared import Param
from .statements import (
    CHANGE_COLUMNS,
    CHANGES,
    LEVEL_SQL,
    MOVEMENT_COLUMNS,
    MOVEMENTS,
    RESERVATION_COLUMNS,
    RESERVATIONS,
    Written,
    condition,
    params,
)

# Rows per multi-row INSERT (SQLite allows 32,766 parameters per statement).
_CHUNK = 500


def _insert(
    cursor: CursorWrapper, table: str, columns: str, rows: Sequence[tuple[Param, ...]]
) -> list[int]:
    """Insert `rows` into `table` by multi-row INSERTs (RETURNING id): their ids, in order
    (SQLite returns them in insertion order; Django's bulk_create relies on it too)."""
    ids: list[int] = []
    for start in range(0, len(rows), _CHUNK):
        chunk = rows[start : start + _CHUNK]
        row = "(" + ", ".join([mark(cursor.db)] * len(chunk[0])) + ")"
        cursor.execute(
            f"INSERT INTO {table} ({columns}) VALUES "  # noqa: S608  (fixed names, values bound)
            + ", ".join([row] * len(chunk))
            + " RETURNING id",
            [value for values in chunk for value in values],
        )
        ids.extend(r[0] for r in cursor.fetchall())
    return ids


def _update(
    cursor: CursorWrapper, change: Change, rules: Rules, actor: str, stamp: str
) -> tuple[int, int] | None:
    """`LEVEL_SQL` for one change: (on_hand, committed) after it, or None when refused."""
    where, backorder = condition(change, rules)
    cursor.execute(LEVEL_SQL.format(where=where, backorder=backorder), params(change, actor, stamp))
    row = cursor.fetchone()
    return None if row is None else (row[0], row[1])


def write(
    ordered: Sequence[Change],
    rules: Mapping[int, Rules],
    actor: str,
    now: datetime,
    *,
    ensure_level: Callable[[Change], None],
    refusal: Callable[[Change], FieldError],
) -> list[Written]:
    """Write `ordered` (already in lock order). `ensure_level` creates a missing level row;
    `refusal` builds the error for a change the condition refused."""
    stamp = str(connection.ops.adapt_datetimefield_value(now))
    after: list[tuple[int, int]] = []
    with connection.cursor() as cursor:
        for change in ordered:
            row = _update(cursor, change, rules[change.location_id], actor, stamp)
            if row is None:
                ensure_level(change)
                row = _update(cursor, change, rules[change.location_id], actor, stamp)
            if row is None:
                raise refusal(change)
            after.append(row)
        moved = [(c, a) for c, a in zip(ordered, after, strict=True) if c.on_hand or c.committed]
        movement_ids = iter(
            _insert(
                cursor,
                MOVEMENTS,
                MOVEMENT_COLUMNS,
                [
                    (
                        c.variant_id,
                        c.location_id,
                        c.reason,
                        c.on_hand,
                        c.committed,
                        on_hand,
                        committed,
                        c.reference,
                        actor,
                        c.note,
                        stamp,
                    )
                    for c, (on_hand, committed) in moved
                ],
            )
            if moved
            else ()
        )
        changed = [
            (c.variant_id, c.location_id, on_hand - committed, stamp)
            for c, (on_hand, committed) in zip(ordered, after, strict=True)
            if c.on_hand != c.committed
        ]
        if changed:
            _insert(cursor, CHANGES, CHANGE_COLUMNS, changed)
        holds = [
            (
                c.reference,
                c.variant_id,
                c.location_id,
                c.hold.bundle_id,
                c.committed,
                c.hold.per_unit,
                0,
                c.hold.fulfilled,
                stamp,
            )
            for c in ordered
            if c.hold is not None
        ]
        reservation_ids = iter(
            _insert(cursor, RESERVATIONS, RESERVATION_COLUMNS, holds) if holds else ()
        )
    return [
        (
            on_hand,
            committed,
            next(movement_ids) if c.on_hand or c.committed else None,
            next(reservation_ids) if c.hold is not None else None,
        )
        for c, (on_hand, committed) in zip(ordered, after, strict=True)
    ]
