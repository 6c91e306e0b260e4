"""The only writer of stock quantities.

`apply` takes a batch of changes, sorts them in the global lock order (location id, variant id)
and, for each, updates the stock level by a conditional atomic UPDATE (row count checked),
writes the immutable movement row and the outbox row, all in the caller's transaction (one is
opened when there is none). `reserve` does the same for reserving changes and also inserts
their `Reservation` rows. The CHECK constraints on `StockLevel` are the backstop.

Raw SQL, below the ORM on purpose: this is the hot path of every order, and building ORM
statements cost more CPU than the database took to run them. A stock row's lock is held from
its UPDATE to COMMIT while every other writer of that row waits, so the locked part of a write
is made as short as possible. Only table names (from the models) and fixed fragments are
formatted into the SQL; every value is a bound parameter.

- `_CHANGE_SQL`: one statement per change, a data-modifying CTE:
  `WITH level AS (UPDATE inventory_stocklevel SET ... WHERE variant_id = .. AND location_id = ..
  AND <still valid> RETURNING on_hand, committed), movement AS (INSERT INTO inventory_movement
  ... SELECT ... FROM level RETURNING id), change AS (INSERT INTO inventory_stockchange ...
  SELECT ... FROM level) [, reservation AS (INSERT INTO inventory_reservation ... SELECT ...
  FROM level RETURNING id)] SELECT on_hand, committed, movement id, reservation id FROM level`.
  It is still a conditional atomic UPDATE with its row count checked: no row back means the
  condition refused it (or the level does not exist yet) and nothing was inserted, because
  every INSERT selects from the UPDATE's result. Outside any transaction, a single change is
  this one autocommitted statement: the row lock lasts for the statement and its commit only,
  with no client round trip in between.
- `_LEVEL_SQL` (SQLite, see `_write_sqlite`): the same conditional UPDATE on its own,
  RETURNING the quantities after it (SQLite 3.35+), then the movement, outbox and reservation
  rows of the whole batch in one multi-row INSERT each. SQLite's IMMEDIATE transactions
  serialise writers, so no row lock is needed and the whole write is one transaction.
- `_SNAPSHOT_SQL`: the one read a reservation needs before any lock is taken (see
  `allocation_snapshot`): the variant's parts (itself, or a bundle's components), their levels
  with each location's priority and backorder flag, and whether the reference already holds
  the variant. Plain SQL, the same on SQLite and PostgreSQL.
- `_execute`: on PostgreSQL both are server-side prepared statements, `PREPARE
  stockbridge_<hash of the SQL> (<types>) AS ...` once per session (tracked per driver
  connection), then `EXECUTE stockbridge_<hash>(...)`. SQL-level prepared statements need
  the session to persist: use direct connections or session pooling, not a pooler in
  transaction mode or one that runs `DISCARD ALL` between clients.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from functools import cache
from typing import Any
from weakref import WeakKeyDictionary

from django.db import ProgrammingError, connection, transaction
from django.db.backends.utils import CursorWrapper

from stockbridge.catalog.models import Variant
from stockbridge.platform import clock

from .errors import InsufficientStock, UnknownLocation
from .models import BundleComponent, Location, Movement, Reason, Reservation, StockLevel
from .outbox import StockChange


@dataclass(frozen=True, slots=True)
class Hold:
    """The reservation row a reserving change inserts with it (see `reserve`): its quantity is
    the change's `committed`; `bundle_id` names the bundle sold, `per_unit` its units per
    bundle unit."""

    bundle_id: int | None = None
    per_unit: int = 1


@dataclass(frozen=True, slots=True)
class Change:
    """One change of one stock level. `reference` names what caused it (e.g. `order-line:42`)."""

    variant_id: int
    location_id: int
    reason: Reason
    on_hand: int = 0
    committed: int = 0
    incoming: int = 0
    reference: str = ""
    note: str = ""
    field: str = "quantity"
    hold: Hold | None = None


def _ensure_levels(pairs: set[tuple[int, int]], flags: Mapping[int, bool]) -> None:
    existing = set(
        StockLevel.objects.filter(
            variant_id__in={v for _, v in pairs}, location_id__in={loc for loc, _ in pairs}
        ).values_list("location_id", "variant_id")
    )
    missing = sorted(pairs - existing)
    if missing:
        StockLevel.objects.bulk_create(
            [StockLevel(location_id=loc, variant_id=v, backorder=flags[loc]) for loc, v in missing],
            ignore_conflicts=True,
        )


def _refusal(change: Change) -> InsufficientStock:
    level = StockLevel.objects.get(variant_id=change.variant_id, location_id=change.location_id)
    if change.committed < 0 and level.committed < -change.committed:
        return InsufficientStock(
            change.field,
            variant_id=change.variant_id,
            requested=-change.committed,
            available=level.committed,
            where=f"location {change.location_id} (committed)",
        )
    if change.incoming < 0 and level.incoming < -change.incoming:
        return InsufficientStock(
            change.field,
            variant_id=change.variant_id,
            requested=-change.incoming,
            available=level.incoming,
            where=f"location {change.location_id} (incoming)",
        )
    return InsufficientStock(
        change.field,
        variant_id=change.variant_id,
        requested=change.committed - change.on_hand,
        available=level.available,
        where=f"location {change.location_id}",
    )


def _flags(location_ids: set[int], known: Mapping[int, bool] | None) -> dict[int, bool]:
    """{location id: allows_backorder}, from `known` or read (fixed SQL: on every fulfilment
    and release). Raises UnknownLocation."""
    if known is not None and location_ids <= known.keys():
        return {loc: known[loc] for loc in location_ids}
    ids = sorted(location_ids)
    sql = (
        f"SELECT id, allows_backorder FROM {Location._meta.db_table}"  # noqa: S608
        f" WHERE id IN ({', '.join(['%s'] * len(ids))})"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, ids)
        flags = {loc: bool(allowed) for loc, allowed in cursor.fetchall()}
    for loc in sorted(location_ids - flags.keys()):
        raise UnknownLocation("location_id", loc)
    return flags


Param = int | str | bool | datetime | None

# The SQL type of each named parameter of the raw statements (see `_execute`).
_TYPES = {
    "v": "bigint",
    "l": "bigint",
    "bundle": "bigint",
    "dh": "integer",
    "dc": "integer",
    "di": "integer",
    "neg_dh": "integer",
    "neg_dc": "integer",
    "neg_di": "integer",
    "gap": "integer",
    "per": "integer",
    "now": "timestamptz",
    "reason": "text",
    "ref": "text",
    "actor": "text",
    "note": "text",
    "active": "boolean",
}
_PLACEHOLDER = re.compile(r"%\((\w+)\)s")
# Names of the statements prepared on each PostgreSQL session (by its driver connection).
_PREPARED: WeakKeyDictionary[Any, set[str]] = WeakKeyDictionary()
_NO_SUCH_STATEMENT = "26000"  # invalid_sql_statement_name


@cache
def _preparation(sql: str) -> tuple[str, str, tuple[str, ...]]:
    """(statement name, PREPARE command, parameter names in $n order) for `sql`."""
    names: list[str] = []

    def number(match: re.Match[str]) -> str:
        if match[1] not in names:
            names.append(match[1])
        return f"${names.index(match[1]) + 1}"

    body = _PLACEHOLDER.sub(number, sql)
    name = "stockbridge_" + hashlib.sha1(sql.encode(), usedforsecurity=False).hexdigest()[:16]
    types = ", ".join(_TYPES[n] for n in names)
    return name, f"PREPARE {name} ({types}) AS {body}", tuple(names)


def _execute(cursor: CursorWrapper, sql: str, params: Mapping[str, Param]) -> None:
    """Run one of the raw statements. On PostgreSQL it is prepared once per session (PREPARE)
    and then only executed (EXECUTE): Django binds parameters on the client and never prepares,
    so each call would be parsed and planned again, which cost about as much server CPU as
    running it. SQLite runs it as it is."""
    if connection.vendor != "postgresql":
        cursor.execute(sql, params)
        return
    name, prepare, names = _preparation(sql)
    prepared = _PREPARED.setdefault(connection.connection, set())
    if name not in prepared:
        cursor.execute(prepare)
        prepared.add(name)
    execute = f"EXECUTE {name}({', '.join(['%s'] * len(names))})"
    values = [params[n] for n in names]
    try:
        cursor.execute(execute, values)
    except ProgrammingError as exc:
        if getattr(exc.__cause__, "sqlstate", None) != _NO_SUCH_STATEMENT:
            raise
        # The session's prepared statements were dropped behind our back (DEALLOCATE ALL,
        # DISCARD ALL): forget them all. Outside a transaction nothing was lost: prepare and
        # run again; inside one, the transaction is aborted and the error goes to the caller.
        prepared.clear()
        if connection.in_atomic_block:
            raise
        cursor.execute(prepare)
        prepared.add(name)
        cursor.execute(execute, values)


_LEVELS = StockLevel._meta.db_table
_MOVEMENTS = Movement._meta.db_table
_CHANGES = StockChange._meta.db_table
_RESERVATIONS = Reservation._meta.db_table

# One change = one statement (see the module docstring). {where} and {backorder} come from
# `_condition`; the optional CTEs are left out when the change writes no such row. Only table
# names (from the models) and fixed fragments are formatted in; every value is a parameter.
_LEVEL_SQL = (
    f"UPDATE {_LEVELS} SET on_hand = on_hand + %(dh)s,"  # noqa: S608
    " committed = committed + %(dc)s, incoming = incoming + %(di)s,"
    " backorder = {backorder}, updated_at = %(now)s"
    " WHERE variant_id = %(v)s AND location_id = %(l)s{where} RETURNING on_hand, committed"
)
_CHANGE_SQL = "WITH level AS (" + _LEVEL_SQL + ")"
_MOVEMENT_CTE = (
    f", movement AS (INSERT INTO {_MOVEMENTS} (variant_id, location_id, reason, on_hand_delta,"  # noqa: S608
    " committed_delta, on_hand_after, committed_after, reference, actor, note, created_at)"
    " SELECT %(v)s, %(l)s, %(reason)s, %(dh)s, %(dc)s, on_hand, committed, %(ref)s, %(actor)s,"
    " %(note)s, %(now)s FROM level RETURNING id)"
)
_CHANGE_CTE = (
    f", change AS (INSERT INTO {_CHANGES} (variant_id, location_id, available, created_at)"  # noqa: S608
    " SELECT %(v)s, %(l)s, on_hand - committed, %(now)s FROM level)"
)
_RESERVATION_CTE = (
    f", reservation AS (INSERT INTO {_RESERVATIONS} (reference, variant_id, location_id,"  # noqa: S608
    " bundle_id, quantity, per_unit, released, fulfilled, created_at)"
    " SELECT %(ref)s, %(v)s, %(l)s, CAST(%(bundle)s AS bigint), %(dc)s, %(per)s, 0, 0, %(now)s"
    " FROM level RETURNING id)"
)

# (on_hand, committed) after the change, the movement's id, the reservation's id.
_Written = tuple[int, int, int | None, int | None]


def _condition(change: Change, backorder_allowed: bool) -> tuple[str, str]:
    """The extra WHERE of the conditional UPDATE and the new `backorder` value, in SQL (SET
    expressions see the row before the update). A change that lowers stock at a location
    without backorder must leave it within stock (then no exemption is needed); a level left
    negative while the location allowed backorder keeps its exemption until it is back in
    stock."""
    dh, dc = change.on_hand, change.committed
    where = ""
    if dc < 0:
        where += " AND committed >= %(neg_dc)s"
    if change.incoming < 0:
        where += " AND incoming >= %(neg_di)s"
    within = "on_hand >= committed + %(gap)s AND on_hand >= %(neg_dh)s"
    if not backorder_allowed and (dh - dc < 0 or dh < 0):
        return where + " AND " + within, "FALSE"
    if not backorder_allowed:
        return where, f"CASE WHEN {within} THEN FALSE ELSE TRUE END"
    return where, "TRUE"


def _write_pg(
    change: Change, backorder_allowed: bool, actor: str, now: datetime
) -> _Written | None:
    """One change as one statement; None when the UPDATE's condition refused it (or the level
    does not exist yet): then nothing was written."""
    where, backorder = _condition(change, backorder_allowed)
    moved = bool(change.on_hand or change.committed)
    sql = _CHANGE_SQL.format(where=where, backorder=backorder)
    if moved:
        sql += _MOVEMENT_CTE
    if change.on_hand != change.committed:
        sql += _CHANGE_CTE
    if change.hold is not None:
        sql += _RESERVATION_CTE
    movement_id = "(SELECT id FROM movement)" if moved else "NULL"
    reservation_id = "(SELECT id FROM reservation)" if change.hold is not None else "NULL"
    sql += f" SELECT on_hand, committed, {movement_id}, {reservation_id} FROM level"  # noqa: S608
    with connection.cursor() as cursor:
        _execute(cursor, sql, _params(change, actor, now))
        row = cursor.fetchone()
    return None if row is None else (row[0], row[1], row[2], row[3])


def _params(change: Change, actor: str, now: datetime | str) -> dict[str, Param]:
    """The named parameters of `_CHANGE_SQL` (and of `_LEVEL_SQL`) for one change."""
    hold = change.hold or Hold()
    return {
        "v": change.variant_id,
        "l": change.location_id,
        "dh": change.on_hand,
        "dc": change.committed,
        "di": change.incoming,
        "neg_dh": -change.on_hand,
        "neg_dc": -change.committed,
        "neg_di": -change.incoming,
        "gap": change.committed - change.on_hand,
        "now": now,
        "reason": change.reason,
        "ref": change.reference,
        "actor": actor,
        "note": change.note,
        "bundle": hold.bundle_id,
        "per": hold.per_unit,
    }


# The SQLite path (see `_write_sqlite`): the level UPDATE alone, then multi-row INSERTs.
_MOVEMENT_COLUMNS = (
    "variant_id, location_id, reason, on_hand_delta, committed_delta, on_hand_after,"
    " committed_after, reference, actor, note, created_at"
)
_CHANGE_COLUMNS = "variant_id, location_id, available, created_at"
_RESERVATION_COLUMNS = (
    "reference, variant_id, location_id, bundle_id, quantity, per_unit, released, fulfilled,"
    " created_at"
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
        row = "(" + ", ".join(["%s"] * len(chunk[0])) + ")"
        cursor.execute(
            f"INSERT INTO {table} ({columns}) VALUES "  # noqa: S608  (fixed names, values bound)
            + ", ".join([row] * len(chunk))
            + " RETURNING id",
            [value for values in chunk for value in values],
        )
        ids.extend(r[0] for r in cursor.fetchall())
    return ids


def _write_sqlite(
    ordered: Sequence[Change], flags: Mapping[int, bool], actor: str, now: datetime
) -> list[_Written]:
    """The SQLite path, in fixed SQL below the ORM (building ORM statements cost more CPU than
    SQLite takes to run them): per change the conditional UPDATE of `_LEVEL_SQL` (same
    condition as PostgreSQL's, RETURNING the quantities after it; no row back = refused, and
    nothing is inserted), then the movement, outbox and reservation rows of the whole batch in
    one multi-row INSERT each. Writers are serialised by SQLite's IMMEDIATE transactions, and
    the caller's transaction (or `apply`'s) makes it all or nothing."""
    stamp = str(connection.ops.adapt_datetimefield_value(now))
    after: list[tuple[int, int]] = []
    with connection.cursor() as cursor:
        for change in ordered:
            row = _update_sqlite(cursor, change, flags[change.location_id], actor, stamp)
            if row is None:
                _ensure_levels({(change.location_id, change.variant_id)}, flags)
                row = _update_sqlite(cursor, change, flags[change.location_id], actor, stamp)
            if row is None:
                raise _refusal(change)
            after.append(row)
        moved = [(c, a) for c, a in zip(ordered, after, strict=True) if c.on_hand or c.committed]
        movement_ids = iter(
            _insert(
                cursor,
                _MOVEMENTS,
                _MOVEMENT_COLUMNS,
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
            _insert(cursor, _CHANGES, _CHANGE_COLUMNS, changed)
        holds = [
            (
                c.reference,
                c.variant_id,
                c.location_id,
                c.hold.bundle_id,
                c.committed,
                c.hold.per_unit,
                0,
                0,
                stamp,
            )
            for c in ordered
            if c.hold is not None
        ]
        reservation_ids = iter(
            _insert(cursor, _RESERVATIONS, _RESERVATION_COLUMNS, holds) if holds else ()
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


def _update_sqlite(
    cursor: CursorWrapper, change: Change, backorder_allowed: bool, actor: str, stamp: str
) -> tuple[int, int] | None:
    """`_LEVEL_SQL` for one change: (on_hand, committed) after it, or None when refused."""
    where, backorder = _condition(change, backorder_allowed)
    cursor.execute(
        _LEVEL_SQL.format(where=where, backorder=backorder), _params(change, actor, stamp)
    )
    row = cursor.fetchone()
    return None if row is None else (row[0], row[1])


def _write(
    ordered: Sequence[Change], actor: str, backorder: Mapping[int, bool] | None, now: datetime
) -> list[_Written]:
    flags = _flags({c.location_id for c in ordered}, backorder)
    if connection.vendor != "postgresql":
        return _write_sqlite(ordered, flags, actor, now)
    written: list[_Written] = []
    for change in ordered:
        row = _write_pg(change, flags[change.location_id], actor, now)
        if row is None:
            _ensure_levels({(change.location_id, change.variant_id)}, flags)
            row = _write_pg(change, flags[change.location_id], actor, now)
        if row is None:
            raise _refusal(change)
        written.append(row)
    return written


def _one_statement(ordered: Sequence[Change]) -> bool:
    """A single change outside any transaction is one autocommitted statement (PostgreSQL)."""
    return (
        len(ordered) == 1
        and connection.vendor == "postgresql"
        and not connection.in_atomic_block
        and connection.get_autocommit()
    )


def apply(
    changes: Iterable[Change],
    *,
    actor: str = "",
    backorder: Mapping[int, bool] | None = None,
) -> list[Movement]:
    """Apply `changes` in lock order, each with its movement and outbox row (and, for a change
    with a `hold`, its reservation row).

    `backorder` may carry {location id: allows_backorder} the caller has already read.
    Raises UnknownLocation, or InsufficientStock (naming `change.field`) when a change would
    take available below zero at a location without backorder, or committed/incoming below
    zero. It runs inside the caller's transaction (or its own) without a savepoint: on an error
    the whole transaction must roll back, so nothing of the batch is ever kept.
    """
    ordered: Sequence[Change] = sorted(changes, key=lambda c: (c.location_id, c.variant_id))
    if not ordered:
        return []
    now = clock.now()
    if _one_statement(ordered):
        written = _write(ordered, actor, backorder, now)
    else:
        with transaction.atomic(savepoint=False):
            written = _write(ordered, actor, backorder, now)
    movements = [
        Movement(
            pk=movement_id,
            variant_id=change.variant_id,
            location_id=change.location_id,
            reason=change.reason,
            on_hand_delta=change.on_hand,
            committed_delta=change.committed,
            on_hand_after=on_hand,
            committed_after=committed,
            reference=change.reference,
            actor=actor,
            note=change.note,
            created_at=now,
        )
        for change, (on_hand, committed, movement_id, _) in zip(ordered, written, strict=True)
        if movement_id is not None
    ]
    for movement in movements:
        _stored(movement)
    return movements


def _stored(row: Movement | Reservation) -> None:
    """Mark a row built from what the database returned as a stored one."""
    row._state.adding = False
    row._state.db = connection.alias


def reserve(
    changes: Sequence[Change],
    *,
    actor: str = "",
    backorder: Mapping[int, bool] | None = None,
) -> list[Reservation]:
    """Apply reserving changes (each with a `hold`) as `apply` does, each also inserting its
    `Reservation` row in the same statement; returns the reservations in the order of
    `changes`.

    All or none. Inside the caller's transaction it runs under a savepoint, so a refusal leaves
    that transaction usable (the caller may allocate again); outside any transaction a single
    change is one autocommitted statement on PostgreSQL (the shortest possible row lock).
    Raises as `apply`, and IntegrityError when the reference already holds the variant at
    that location (a concurrent duplicate).
    """
    order = sorted(
        range(len(changes)), key=lambda i: (changes[i].location_id, changes[i].variant_id)
    )
    ordered = [changes[i] for i in order]
    now = clock.now()
    if _one_statement(ordered):
        written = _write(ordered, actor, backorder, now)
    else:
        with transaction.atomic():
            written = _write(ordered, actor, backorder, now)
    held: list[Reservation | None] = [None] * len(changes)
    for i, change, (_, _, _, reservation_id) in zip(order, ordered, written, strict=True):
        hold = change.hold or Hold()
        reservation = Reservation(
            pk=reservation_id,
            reference=change.reference,
            variant_id=change.variant_id,
            location_id=change.location_id,
            bundle_id=hold.bundle_id,
            quantity=change.committed,
            per_unit=hold.per_unit,
            created_at=now,
        )
        _stored(reservation)
        held[i] = reservation
    return [r for r in held if r is not None]


_SNAPSHOT_SQL = (
    "SELECT p.component_id, p.per, x.location_id, x.priority, x.allows_backorder, x.available,"  # noqa: S608
    f" EXISTS (SELECT 1 FROM {_RESERVATIONS} r WHERE r.reference = %(ref)s"
    " AND (r.variant_id = %(v)s OR r.bundle_id = %(v)s))"
    " FROM (SELECT COALESCE(c.component_id, v.id) AS component_id,"
    " COALESCE(c.quantity, 1) AS per"
    f" FROM {Variant._meta.db_table} v"
    f" LEFT JOIN {BundleComponent._meta.db_table} c ON c.bundle_id = v.id WHERE v.id = %(v)s) p"
    " LEFT JOIN (SELECT s.variant_id, s.location_id, l.priority, l.allows_backorder,"
    " s.on_hand - s.committed AS available"
    f" FROM {_LEVELS} s JOIN {Location._meta.db_table} l ON l.id = s.location_id"
    " WHERE {where}) x ON x.variant_id = p.component_id"
)


@dataclass(frozen=True, slots=True)
class Snapshot:
    """What a reservation reads before taking any lock (see `allocation_snapshot`)."""

    parts: dict[int, int]  # {component id: units per line unit}; {variant: 1} for a plain one
    levels: list[tuple[int, int, bool, int, int]]  # (location, priority, backorder, part, avail.)
    held: bool  # the reference already holds the variant (or the bundle)


def allocation_snapshot(*, variant_id: int, location_id: int | None, reference: str) -> Snapshot:
    """In one query: the variant's parts (itself, or a bundle's components), their stock levels
    at `location_id` (or at every active location) with each location's priority and backorder
    flag, and whether `reference` already holds the variant. Read without locks: the
    conditional UPDATE is what guarantees no oversell. `parts` is empty when there is no such
    variant."""
    where = "l.is_active = %(active)s" if location_id is None else "s.location_id = %(l)s"
    params: dict[str, Param] = {"ref": reference, "v": variant_id, "active": True}
    params["l"] = location_id
    with connection.cursor() as cursor:
        _execute(cursor, _SNAPSHOT_SQL.format(where=where), params)
        rows = cursor.fetchall()
    parts: dict[int, int] = {}
    levels: list[tuple[int, int, bool, int, int]] = []
    for part, per, location, priority, backorder, available, _ in rows:
        parts[part] = per
        if location is not None:
            levels.append((location, priority, bool(backorder), part, available))
    return Snapshot(parts=parts, levels=levels, held=bool(rows and rows[0][6]))


def record_movement(
    *,
    variant_id: int,
    location_id: int,
    reason: Reason,
    on_hand: int = 0,
    committed: int = 0,
    reference: str = "",
    actor: str = "",
    note: str = "",
    field: str = "quantity",
    backorder: bool | None = None,
) -> Movement:
    """One change of one level, with its movement row (see `apply`)."""
    change = Change(
        variant_id=variant_id,
        location_id=location_id,
        reason=reason,
        on_hand=on_hand,
        committed=committed,
        reference=reference,
        note=note,
        field=field,
    )
    known = None if backorder is None else {location_id: backorder}
    return apply([change], actor=actor, backorder=known)[0]


def record_count(
    *,
    variant_id: int,
    location_id: int,
    counted: int,
    reference: str = "",
    actor: str = "",
    field: str = "counted",
) -> Movement:
    """Set on_hand to a counted figure: the movement records the difference (possibly 0).

    The level row is locked while the difference is worked out, so a concurrent change can
    never be lost. Raises InsufficientStock when the count is below what is committed at a
    location without backorder (release reservations first).
    """
    with transaction.atomic():
        flags = dict(Location.objects.filter(pk=location_id).values_list("pk", "allows_backorder"))
        if location_id not in flags:
            raise UnknownLocation("location_id", location_id)
        _ensure_levels({(location_id, variant_id)}, flags)
        level = StockLevel.objects.select_for_update().get(
            variant_id=variant_id, location_id=location_id
        )
        change = Change(
            variant_id=variant_id,
            location_id=location_id,
            reason=Reason.COUNTED,
            on_hand=counted - level.on_hand,
            reference=reference,
            field=field,
        )
        if change.on_hand:
            return apply([change], actor=actor)[0]
        return Movement.objects.create(
            variant_id=variant_id,
            location_id=location_id,
            reason=Reason.COUNTED,
            on_hand_delta=0,
            committed_delta=0,
            on_hand_after=level.on_hand,
            committed_after=level.committed,
            reference=reference,
            actor=actor,
            created_at=clock.now(),
        )


# Reservation rows as `_settle` reads them (created_at is left deferred: loaded on access).
_HELD_FIELDS = (
    "id",
    "reference",
    "variant_id",
    "location_id",
    "bundle_id",
    "quantity",
    "per_unit",
    "released",
    "fulfilled",
)
_SETTLED = {"fulfilled", "released"}


def lock_reservations(references: Collection[str]) -> list[Reservation]:
    """The reservations of `references` in (location, variant, id) order, row-locked until the
    transaction ends on PostgreSQL (SQLite's IMMEDIATE transactions serialise writers). Fixed
    SQL: this read is on every fulfilment and release, where the ORM's query building cost
    more than the query."""
    refs = sorted(references)
    if not refs:
        return []
    lock = " FOR UPDATE" if connection.vendor == "postgresql" else ""
    sql = (
        f"SELECT {', '.join(_HELD_FIELDS)} FROM {_RESERVATIONS}"  # noqa: S608
        f" WHERE reference IN ({', '.join(['%s'] * len(refs))})"
        f" ORDER BY location_id, variant_id, id{lock}"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, refs)
        rows = cursor.fetchall()
    return [Reservation.from_db(connection.alias, _HELD_FIELDS, row) for row in rows]


def settle_reservations(field: str, rows: Sequence[Reservation]) -> None:
    """Save `field` ("fulfilled" or "released") of reservations read by `lock_reservations`,
    in one statement (executemany of a fixed UPDATE by id)."""
    if field not in _SETTLED:
        raise ValueError(f"not a settled field: {field!r}")
    if rows:
        with connection.cursor() as cursor:
            cursor.executemany(
                f"UPDATE {_RESERVATIONS} SET {field} = %s WHERE id = %s",  # noqa: S608
                [(getattr(r, field), r.pk) for r in rows],
            )
