"""The set-based write of many levels at once (counts of an import or a stock-take): the same
conditional UPDATE as `writing.apply`, run as one statement per group of changes that share a
condition (`UPDATE ... FROM (VALUES ...) ... RETURNING`) instead of one per change, then the
movement and outbox rows by multi-row INSERTs, all in the caller's transaction.

The rule is the one of every ledger write: a level the condition refuses returns no row, and
the whole batch is refused (nothing is written: the caller's transaction rolls back). Each
level may appear once in a batch; the caller holds the levels' locks (`lock_levels`, in the
global order) before it, so the statement takes no lock of its own out of order."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime

from django.db import connection, transaction

from stockbridge.platform import clock, wakeups
from stockbridge.platform.bounds import check_stock_delta

from .changes import Change, Rules
from .prepared import Param
from .sqlite import _insert
from .statements import (
    CHANGE_COLUMNS,
    CHANGES,
    LEVELS,
    MOVEMENT_COLUMNS,
    MOVEMENTS,
    condition,
    params,
)
from .writing import _check, _refusal, ensure_levels, location_rules

_CHUNK = 500  # changes per statement (SQLite allows 32,766 parameters per statement)
_NAMED = re.compile(r"%\((\w+)\)s")

Level = tuple[int, int]  # (location id, variant id)


def _group_sql(where: str, backorder: str, rows: int) -> tuple[str, list[str]]:
    """The UPDATE of `rows` changes sharing `where`/`backorder`, and the names of the values
    each change gives (in VALUES column order)."""
    names = ["v", "l", "dh", "dc", "di"]
    for name in _NAMED.findall(where + backorder):
        if name not in names:
            names.append(name)
    where, backorder = (_NAMED.sub(r"x.\1", text) for text in (where, backorder))
    columns = ", ".join(f"column{n + 1} AS {name}" for n, name in enumerate(names))
    row = "(" + ", ".join(["%s"] * len(names)) + ")"
    sql = (
        f"UPDATE {LEVELS} SET on_hand = on_hand + x.dh, committed = committed + x.dc,"  # noqa: S608
        f" incoming = incoming + x.di, backorder = {backorder}, updated_at = %s"
        f" FROM (SELECT {columns} FROM (VALUES {', '.join([row] * rows)}) AS x0) AS x"
        f" WHERE {LEVELS}.variant_id = x.v AND {LEVELS}.location_id = x.l{where}"
        " RETURNING variant_id, location_id, on_hand, committed"
    )
    return sql, names


def _update(
    changes: Sequence[Change], rules: Mapping[int, Rules], stamp: datetime | str
) -> dict[Level, tuple[int, int]]:
    """Run the conditional UPDATE of `changes`; (on_hand, committed) after it per level it
    changed (a level missing from the answer was refused, or does not exist yet)."""
    groups: dict[tuple[str, str], list[Change]] = defaultdict(list)
    for change in changes:
        groups[condition(change, rules[change.location_id])].append(change)
    after: dict[Level, tuple[int, int]] = {}
    with connection.cursor() as cursor:
        for (where, backorder), group in groups.items():
            for start in range(0, len(group), _CHUNK):
                chunk = group[start : start + _CHUNK]
                sql, names = _group_sql(where, backorder, len(chunk))
                values: list[Param] = [stamp]
                for change in chunk:
                    named = params(change, "", stamp)
                    values.extend(named[name] for name in names)
                cursor.execute(sql, values)
                for variant_id, location_id, on_hand, committed in cursor.fetchall():
                    after[(location_id, variant_id)] = (on_hand, committed)
    return after


def write_batch(
    changes: Iterable[Change], *, actor: str = "", rules: Mapping[int, Rules] | None = None
) -> int:
    """Apply `changes` (each level at most once, no holds) as `writing.write` does, set-based;
    answers how many levels were written. Raises as `writing.apply` (the error of the first
    refused change in lock order) and ValueError for a level given twice or a hold."""
    ordered = sorted(changes, key=lambda c: (c.location_id, c.variant_id))
    if not ordered:
        return 0
    levels = [(c.location_id, c.variant_id) for c in ordered]
    if len(set(levels)) != len(levels):
        raise ValueError("write_batch: a level is given twice")
    if any(c.hold is not None for c in ordered):
        raise ValueError("write_batch: holds are written by reserve")
    _check_texts(ordered, actor)
    now = clock.now()
    with transaction.atomic(savepoint=False):
        known = location_rules({c.location_id for c in ordered}, rules)
        _write(ordered, known, actor, now)
    return len(ordered)


def _check_texts(ordered: Sequence[Change], actor: str) -> None:
    """`writing._check`, each distinct (reference, note) of the batch checked once."""
    checked: set[tuple[str, str]] = set()
    for change in ordered:
        for delta in (change.on_hand, change.committed, change.incoming):
            check_stock_delta(change.field, delta)
        texts = (change.reference, change.note)
        if texts not in checked:
            _check([change], actor)
            checked.add(texts)


def _stamp(now: datetime) -> datetime | str:
    """`now` as the statements bind it: PostgreSQL takes the datetime, SQLite its text (as
    `sqlite.write` stores it)."""
    if connection.vendor == "postgresql":
        return now
    return str(connection.ops.adapt_datetimefield_value(now))


def _write(
    ordered: Sequence[Change], rules: Mapping[int, Rules], actor: str, now: datetime
) -> None:
    stamp = _stamp(now)
    after = _update(ordered, rules, stamp)
    missing = [c for c in ordered if (c.location_id, c.variant_id) not in after]
    if missing:
        ensure_levels({(c.location_id, c.variant_id) for c in missing}, rules)
        after.update(_update(missing, rules, stamp))
        for change in missing:
            if (change.location_id, change.variant_id) not in after:
                raise _refusal(change, rules[change.location_id])
    figures = [after[(c.location_id, c.variant_id)] for c in ordered]
    with connection.cursor() as cursor:
        moved = [
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
            for c, (on_hand, committed) in zip(ordered, figures, strict=True)
            if c.on_hand or c.committed
        ]
        if moved:
            _insert(cursor, MOVEMENTS, MOVEMENT_COLUMNS, moved)
        changed = [
            (c.variant_id, c.location_id, on_hand - committed, stamp)
            for c, (on_hand, committed) in zip(ordered, figures, strict=True)
            if c.on_hand != c.committed
        ]
        if changed:
            _insert(cursor, CHANGES, CHANGE_COLUMNS, changed)
    wakeups.wrote("stock")  # the stock outbox rows written above: readers drain after commit
