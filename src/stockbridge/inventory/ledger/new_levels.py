"""The set-based write of levels that do not exist yet (the counts of an import that created
the variants): each level is inserted with the figures its change gives an empty level, by
multi-row `INSERT ... ON CONFLICT DO NOTHING RETURNING`, with its movement and outbox rows,
in the caller's transaction. A level that exists already (another writer created it first,
or it was there) is not touched and is left to `write_batch`, which the caller runs for the
rest: what is written is what `write_batch` would write on an empty level, in two statements
per chunk instead of an empty INSERT, a locking read and a conditional UPDATE.

Only changes that every empty level takes as they are qualify: on hand in [0, MAX_STOCK],
nothing committed or incoming, no hold. On an empty level such a change leaves the level
within stock, so its backorder flag is the location's (what `writing.ensure_levels` gives
an empty level and the UPDATE's condition keeps)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime

from django.db import connection, transaction

from stockbridge.platform import clock, wakeups
from stockbridge.platform.bounds import MAX_STOCK
from stockbridge.platform.lookups import mark

from .batched import Level, _stamp
from .changes import Change, Rules
from .prepared import Param
from .sqlite import _insert
from .statements import CHANGE_COLUMNS, CHANGES, LEVELS, MOVEMENT_COLUMNS, MOVEMENTS
from .writing import _check, location_rules

_CHUNK = 500  # levels per statement (SQLite caps a statement's parameters)
_COLUMNS = "location_id, variant_id, on_hand, committed, incoming, backorder, updated_at"


def takes_as_new(change: Change) -> bool:
    """Whether `write_new` can write `change` (see the module's docstring)."""
    return (
        0 <= change.on_hand <= MAX_STOCK
        and change.committed == 0
        and change.incoming == 0
        and change.hold is None
    )


def write_new(
    changes: Sequence[Change], *, actor: str = "", rules: Mapping[int, Rules] | None = None
) -> set[Level]:
    """Create the levels of `changes` that do not exist yet, each with its change applied and
    its movement and outbox rows; answers the levels it created ((location id, variant id)):
    the others are untouched. Raises ValueError for a change that `takes_as_new` refuses or a
    level given twice, and as `write_batch` for a text or delta out of bounds."""
    ordered = sorted(changes, key=lambda c: (c.location_id, c.variant_id))
    if not ordered:
        return set()
    if len({(c.location_id, c.variant_id) for c in ordered}) != len(ordered):
        raise ValueError("write_new: a level is given twice")
    if not all(takes_as_new(c) for c in ordered):
        raise ValueError("write_new: only changes an empty level takes as they are")
    # the deltas are in bounds (`takes_as_new`): each distinct text is checked once
    _check(list({(c.reference, c.note): c for c in ordered}.values()), actor)
    stamp = _stamp(clock.now())
    with transaction.atomic(savepoint=False):
        known = location_rules({c.location_id for c in ordered}, rules)
        created = _insert_levels(ordered, known, stamp)
        _write_rows([c for c in ordered if (c.location_id, c.variant_id) in created], actor, stamp)
    return created


def _insert_levels(
    ordered: Sequence[Change], rules: Mapping[int, Rules], stamp: datetime | str
) -> set[Level]:
    created: set[Level] = set()
    param = mark(connection)
    row = "(" + ", ".join([param] * 7) + ")"
    with connection.cursor() as cursor:
        for start in range(0, len(ordered), _CHUNK):
            chunk = ordered[start : start + _CHUNK]
            values: list[Param] = []
            for c in chunk:
                values.extend(
                    (c.location_id, c.variant_id, c.on_hand, 0, 0, rules[c.location_id].backorder)
                )
                values.append(stamp)
            cursor.execute(
                f"INSERT INTO {LEVELS} ({_COLUMNS}) VALUES "  # noqa: S608 (names from the model)
                + ", ".join([row] * len(chunk))
                + " ON CONFLICT (variant_id, location_id) DO NOTHING"
                " RETURNING location_id, variant_id",
                values,
            )
            created.update((loc, v) for loc, v in cursor.fetchall())
    return created


def _write_rows(created: Sequence[Change], actor: str, stamp: datetime | str) -> None:
    """The movement and outbox rows of the created levels (none for a level counted at 0)."""
    moved = [
        (
            c.variant_id,
            c.location_id,
            c.reason,
            c.on_hand,
            0,
            c.on_hand,
            0,
            c.reference,
            actor,
            c.note,
            stamp,
        )
        for c in created
        if c.on_hand
    ]
    if not moved:
        return
    with connection.cursor() as cursor:  # multi-row INSERTs (faster than one per row)
        _insert(cursor, MOVEMENTS, MOVEMENT_COLUMNS, moved)
        _insert(cursor, CHANGES, CHANGE_COLUMNS, [(c[0], c[1], c[3], stamp) for c in moved])
    wakeups.wrote("stock")  # the stock outbox rows written above: readers drain after commit
