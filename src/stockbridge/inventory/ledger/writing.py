"""The write API of the ledger: `apply` (a batch of changes), `reserve` (reserving changes
with their reservation rows), `record_movement` and `record_count`.

Each change updates its stock level by a conditional atomic UPDATE (row count checked) and
writes the immutable movement row and the outbox row, all in the caller's transaction (one is
opened when there is none), in the global lock order (location id, variant id). A stock row's
lock is held from its UPDATE to COMMIT while every other writer of that row waits, so the
locked part of a write is made as short as possible: on PostgreSQL each change is one
statement (`statements.CHANGE_SQL`), and a single change outside any transaction is that one
autocommitted statement; on SQLite see `sqlite.write`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime

from django.db import connection, transaction

from stockbridge.platform import clock, wakeups
from stockbridge.platform.bounds import MAX_STOCK, check_quantity, check_stock_delta, check_text
from stockbridge.platform.errors import FieldError

from ..errors import InsufficientStock, NotOnHand, StockOutOfRange, UnknownLocation
from ..models import Location, Movement, Reason, Reservation, StockLevel
from . import sqlite
from .changes import SHIPPED, Change, Hold, Rules
from .prepared import execute
from .statements import (
    CHANGE_CTE,
    CHANGE_SQL,
    MOVEMENT_CTE,
    RESERVATION_CTE,
    Written,
    condition,
    params,
)

_LEVEL_INSERT = (
    f"INSERT INTO {StockLevel._meta.db_table}"  # noqa: S608 (names from the model)
    " (location_id, variant_id, on_hand, committed, incoming, backorder, updated_at)"
    " VALUES (%s, %s, 0, 0, 0, %s, %s) ON CONFLICT (variant_id, location_id) DO NOTHING"
)

_LEVELS_OF = (
    f"SELECT location_id, variant_id FROM {StockLevel._meta.db_table}"  # noqa: S608
    " WHERE variant_id IN ({variants}) AND location_id IN ({locations})"
)


def ensure_levels(pairs: set[tuple[int, int]], rules: Mapping[int, Rules]) -> None:
    """Create the missing stock levels of (location id, variant id) `pairs` (empty, with the
    location's backorder rule): one prepared INSERT over the missing ones, a level another
    writer created first is left as it is."""
    if not pairs:
        return
    variants = sorted({v for _, v in pairs})
    locations = sorted({loc for loc, _ in pairs})
    with connection.cursor() as cursor:  # fixed SQL: the ORM's IN of thousands costs more
        cursor.execute(
            _LEVELS_OF.format(
                variants=", ".join(["%s"] * len(variants)),
                locations=", ".join(["%s"] * len(locations)),
            ),
            [*variants, *locations],
        )
        existing = set(cursor.fetchall())
    missing = sorted(pairs - existing)
    if missing:
        field = StockLevel._meta.get_field("updated_at")
        now = field.get_db_prep_save(clock.now(), connection)
        with connection.cursor() as cursor:
            cursor.executemany(
                _LEVEL_INSERT, [(loc, v, rules[loc].backorder, now) for loc, v in missing]
            )


def _out_of_range(
    change: Change, level: StockLevel, sku: str, where: str
) -> StockOutOfRange | None:
    for figure, before, delta, low in (
        ("on hand", level.on_hand, change.on_hand, -MAX_STOCK),
        ("committed", level.committed, change.committed, 0),
        ("incoming", level.incoming, change.incoming, 0),
    ):
        after = before + delta
        if after > MAX_STOCK or (after < low and low < 0):
            limit = MAX_STOCK if after > 0 else low
            return StockOutOfRange(
                change.field, figure=figure, value=after, limit=limit, sku=sku, where=where
            )
    return None


def _refusal(change: Change, rules: Rules) -> FieldError:
    """Why the conditional UPDATE refused `change`, naming the level as a user does (`SKU LS-M
    at WH`): read after the refusal, on the error path only."""
    level = StockLevel.objects.select_related("variant", "location").get(
        variant_id=change.variant_id, location_id=change.location_id
    )
    sku, where = level.variant.sku, level.location.code
    out_of_range = _out_of_range(change, level, sku, where)
    if out_of_range is not None:
        return out_of_range
    if change.committed < 0 and level.committed < -change.committed:
        return InsufficientStock(
            change.field,
            sku=sku,
            requested=-change.committed,
            available=level.committed,
            where=where,
            figure="committed",
        )
    if change.incoming < 0 and level.incoming < -change.incoming:
        return InsufficientStock(
            change.field,
            sku=sku,
            requested=-change.incoming,
            available=level.incoming,
            where=where,
            figure="incoming",
        )
    if (
        change.reason in SHIPPED
        and not rules.negative
        and change.on_hand < 0
        and level.on_hand < -change.on_hand
    ):
        return NotOnHand(
            change.field,
            sku=sku,
            requested=-change.on_hand,
            on_hand=level.on_hand,
            where=where,
        )
    return InsufficientStock(
        change.field,
        sku=sku,
        requested=change.committed - change.on_hand,
        available=level.available,
        where=where,
    )


_RULES_SQL = (
    "SELECT id, allows_backorder, allows_negative_stock"  # noqa: S608
    f" FROM {Location._meta.db_table} WHERE id IN ({{ids}})"
)


def location_rules(location_ids: set[int], known: Mapping[int, Rules] | None) -> dict[int, Rules]:
    """{location id: its Rules}, from `known` or read (fixed SQL: on every fulfilment and
    release). Raises UnknownLocation."""
    if known is not None and location_ids <= known.keys():
        return {loc: known[loc] for loc in location_ids}
    ids = sorted(location_ids)
    with connection.cursor() as cursor:
        cursor.execute(_RULES_SQL.format(ids=", ".join(["%s"] * len(ids))), ids)
        rules = {
            loc: Rules(backorder=bool(backorder), negative=bool(negative))
            for loc, backorder, negative in cursor.fetchall()
        }
    for loc in sorted(location_ids - rules.keys()):
        raise UnknownLocation("location_id", loc)
    return rules


def _write_pg(change: Change, rules: Rules, actor: str, now: datetime) -> Written | None:
    """One change as one statement; None when the UPDATE's condition refused it (or the level
    does not exist yet): then nothing was written."""
    where, backorder = condition(change, rules)
    moved = bool(change.on_hand or change.committed)
    sql = CHANGE_SQL.format(where=where, backorder=backorder)
    if moved:
        sql += MOVEMENT_CTE
    if change.on_hand != change.committed:
        sql += CHANGE_CTE
    if change.hold is not None:
        sql += RESERVATION_CTE
    movement_id = "(SELECT id FROM movement)" if moved else "NULL"
    reservation_id = "(SELECT id FROM reservation)" if change.hold is not None else "NULL"
    sql += f" SELECT on_hand, committed, {movement_id}, {reservation_id} FROM level"  # noqa: S608
    with connection.cursor() as cursor:
        execute(cursor, sql, params(change, actor, now))
        row = cursor.fetchone()
    return None if row is None else (row[0], row[1], row[2], row[3])


def _check(ordered: Sequence[Change], actor: str) -> None:
    """Every delta inside +-MAX_STOCK, every text inside its column (services check their
    input first; this keeps what the ledger stores readable whatever the caller)."""
    check_text("actor", actor, limit=_ACTOR)
    for change in ordered:
        for delta in (change.on_hand, change.committed, change.incoming):
            check_stock_delta(change.field, delta)
        check_text("reference", change.reference, limit=_REFERENCE)
        check_text("note", change.note, limit=_NOTE)


_ACTOR = Movement._meta.get_field("actor").max_length or 0
_REFERENCE = Movement._meta.get_field("reference").max_length or 0
_NOTE = Movement._meta.get_field("note").max_length or 0


def _write(
    ordered: Sequence[Change], actor: str, known: Mapping[int, Rules] | None, now: datetime
) -> list[Written]:
    _check(ordered, actor)
    rules = location_rules({c.location_id for c in ordered}, known)

    def ensure_level(change: Change) -> None:
        ensure_levels({(change.location_id, change.variant_id)}, rules)

    def refusal(change: Change) -> FieldError:
        return _refusal(change, rules[change.location_id])

    written: list[Written] = []
    if connection.vendor != "postgresql":
        written = sqlite.write(
            ordered, rules, actor, now, ensure_level=ensure_level, refusal=refusal
        )
    else:
        for change in ordered:
            row = _write_pg(change, rules[change.location_id], actor, now)
            if row is None:
                ensure_level(change)
                row = _write_pg(change, rules[change.location_id], actor, now)
            if row is None:
                raise refusal(change)
            written.append(row)
    wakeups.wrote("stock")  # the stock outbox rows written above: readers drain after commit
    return written


def _one_statement(ordered: Sequence[Change]) -> bool:
    """A single change outside any transaction is one autocommitted statement (PostgreSQL)."""
    return (
        len(ordered) == 1
        and connection.vendor == "postgresql"
        and not connection.in_atomic_block
        and connection.get_autocommit()
    )


def _run(
    changes: Iterable[Change], actor: str, rules: Mapping[int, Rules] | None
) -> tuple[Sequence[Change], list[Written], datetime]:
    ordered: Sequence[Change] = sorted(changes, key=lambda c: (c.location_id, c.variant_id))
    now = clock.now()
    if not ordered:
        return ordered, [], now
    if _one_statement(ordered):
        return ordered, _write(ordered, actor, rules, now), now
    with transaction.atomic(savepoint=False):
        return ordered, _write(ordered, actor, rules, now), now


def write(
    changes: Iterable[Change], *, actor: str = "", rules: Mapping[int, Rules] | None = None
) -> None:
    """`apply` for a caller that has no use for the movement rows it writes (not built)."""
    _run(changes, actor, rules)


def apply(
    changes: Iterable[Change],
    *,
    actor: str = "",
    rules: Mapping[int, Rules] | None = None,
) -> list[Movement]:
    """Apply `changes` in lock order, each with its movement and outbox row (and, for a change
    with a `hold`, its reservation row).

    `rules` may carry {location id: Rules} the caller has already read. Raises
    UnknownLocation; InsufficientStock (naming `change.field`) when a change would take
    available below zero at a location without backorder, or committed/incoming below zero;
    NotOnHand when units would ship that are not on hand where that is not allowed;
    StockOutOfRange when a figure would leave +-MAX_STOCK. It runs inside the caller's
    transaction (or its own) without a savepoint: on an error the whole transaction must roll
    back, so nothing of the batch is ever kept.
    """
    ordered, written, now = _run(changes, actor, rules)
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
    rules: Mapping[int, Rules] | None = None,
) -> list[Reservation]:
    """Apply reserving changes (each with a `hold`) as `apply` does, each also inserting its
    `Reservation` row in the same statement; returns the reservations in the order of
    `changes`.

    All or none: like `apply`, it runs inside the caller's transaction (or its own) without a
    savepoint (the reservation services open one when nested); outside any transaction a
    single change is one autocommitted statement on PostgreSQL. Raises as `apply`, and
    IntegrityError when the reference already holds the variant at that location (a
    concurrent duplicate).
    """
    order = sorted(
        range(len(changes)), key=lambda i: (changes[i].location_id, changes[i].variant_id)
    )
    ordered = [changes[i] for i in order]
    now = clock.now()
    if _one_statement(ordered):
        written = _write(ordered, actor, rules, now)
    else:
        with transaction.atomic(savepoint=False):
            written = _write(ordered, actor, rules, now)
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
    rules: Rules | None = None,
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
    known = None if rules is None else {location_id: rules}
    return apply([change], actor=actor, rules=known)[0]


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
        check_quantity(field, counted, minimum=0, maximum=MAX_STOCK)
        rules = location_rules({location_id}, None)
        ensure_levels({(location_id, variant_id)}, rules)
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
            return apply([change], actor=actor, rules=rules)[0]
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
