"""Reads that go with a write: what an allocation is decided on, and the locks.

- `lock_for_allocation`: the stock levels of the variants of a reservation, locked in the
  global lock order (location id, variant id), with everything else deciding needs.
- `lock_levels`: the stock levels of some variants, locked in the same order, with their
  figures: for a transaction that will make several stock writes.
- `lock_reservations` / `settle_reservations`: the reservations of some references, row-locked
  in (location, variant, id) order, and saving what was fulfilled or released of them.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass

from django.db import connection

from stockbridge.catalog.models import Variant

from ..allocation import Site
from ..models import BundleComponent, Location, Reservation
from .changes import Rules
from .prepared import Param, execute
from .statements import LEVELS, RESERVATIONS

_VARIANTS = Variant._meta.db_table
_COMPONENTS = BundleComponent._meta.db_table
_LOCATIONS = Location._meta.db_table


def _names(prefix: str, count: int) -> list[str]:
    return [f"{prefix}{i}" for i in range(count)]


def _placeholders(names: list[str]) -> str:
    return ", ".join(f"%({n})s" for n in names)


@dataclass(frozen=True, slots=True)
class Context:
    """What an allocation is decided on (see `lock_for_allocation`)."""

    parts: dict[int, dict[int, int]]  # {variant: {part: units per unit}}; {v: {v: 1}} if plain
    sites: list[Site]  # the active locations and those named, with priority and backorder
    rules: dict[int, Rules]  # {location id: Rules} of every site
    held: set[tuple[str, int]]  # (reference, variant or bundle id) already holding units
    levels: dict[tuple[int, int], tuple[int, int]]  # {(location, part): (on_hand, committed)}
    skus: dict[int, str]  # {variant: its SKU}, to name it in messages


def _level_lock(vs: list[str], lock: bool) -> str:
    """The levels of the parts of the variants named `vs`, in lock order (with `lock`, locked
    on PostgreSQL)."""
    clause = " FOR UPDATE" if lock and connection.vendor == "postgresql" else ""
    return (
        f"SELECT location_id, variant_id, on_hand, committed FROM {LEVELS}"  # noqa: S608
        f" WHERE variant_id IN (SELECT COALESCE(c.component_id, v.id) FROM {_VARIANTS} v"
        f" LEFT JOIN {_COMPONENTS} c ON c.bundle_id = v.id WHERE v.id IN ({_placeholders(vs)}))"
        f" ORDER BY location_id, variant_id{clause}"
    )


def _allocation_sql(vs: list[str], rs: list[str], ls: list[str], *, lock: bool) -> str:
    named = f" OR l.id IN ({_placeholders(ls)})" if ls else ""
    sql = (
        f"WITH locked AS MATERIALIZED ({_level_lock(vs, lock)})"  # noqa: S608
        " SELECT 's', location_id, variant_id, on_hand, committed, '' FROM locked"
        " UNION ALL SELECT 'p', v.id, COALESCE(c.component_id, v.id), COALESCE(c.quantity, 1),"
        f" 0, v.sku FROM {_VARIANTS} v LEFT JOIN {_COMPONENTS} c ON c.bundle_id = v.id"
        f" WHERE v.id IN ({_placeholders(vs)})"
        " UNION ALL SELECT 'l', l.id, l.priority,"
        " CASE WHEN l.allows_backorder THEN 1 ELSE 0 END"
        " + CASE WHEN l.allows_negative_stock THEN 2 ELSE 0 END,"
        " CASE WHEN l.is_active THEN 1 ELSE 0 END, l.code"
        f" FROM {_LOCATIONS} l WHERE l.is_active = %(active)s{named}"
    )
    if rs:
        sql += (
            " UNION ALL SELECT 'h', r.variant_id, COALESCE(r.bundle_id, 0), 0, 0, r.reference"  # noqa: S608
            f" FROM {RESERVATIONS} r WHERE r.reference IN ({_placeholders(rs)})"
        )
    return sql


def lock_for_allocation(
    *,
    variant_ids: Collection[int],
    references: Collection[str],
    location_ids: Collection[int],
    lock: bool = True,
) -> Context:
    """In one statement: lock the stock levels of the parts of `variant_ids` (a bundle's
    components, or the variant itself) at every location, in the global lock order, and read
    them with what deciding needs besides them: the parts of each variant (a missing variant
    has none), the active locations and those of `location_ids` with their rules, and which
    (reference, variant) pairs of `references` already hold units, and the SKUs and location
    codes that name them in messages. Call it inside a
    transaction: the locks (PostgreSQL; SQLite's IMMEDIATE transactions serialise writers)
    last until it ends, so the decision made on these figures is still true when written.
    Without `lock`, the same read takes no lock (its figures may be stale by the write: only
    for a write whose own condition checks them again)."""
    vs, rs, ls = (
        _names("v", len(variant_ids)),
        _names("r", len(references)),
        _names("l", len(location_ids)),
    )
    sql, sibling = (_allocation_sql(vs, rs, ls, lock=mode) for mode in (lock, not lock))
    values: dict[str, Param] = {"active": True}
    values.update(zip(vs, sorted(variant_ids), strict=True))
    values.update(zip(rs, sorted(references), strict=True))
    values.update(zip(ls, sorted(location_ids), strict=True))
    with connection.cursor() as cursor:
        execute(cursor, sql, values, siblings=(sibling,))
        rows = cursor.fetchall()
    context = Context(parts={}, sites=[], rules={}, held=set(), levels={}, skus={})
    for kind, a, b, c, d, text in rows:  # text: a SKU (p), a code (l), a reference (h)
        if kind == "s":
            context.levels[(a, b)] = (c, d)
        elif kind == "p":
            context.parts.setdefault(a, {})[b] = c
            context.skus[a] = text
        elif kind == "l":
            backorder = bool(c & 1)
            context.sites.append(
                Site(
                    location_id=a,
                    priority=b,
                    allows_backorder=backorder,
                    active=bool(d),
                    code=text,
                )
            )
            context.rules[a] = Rules(backorder=backorder, negative=bool(c & 2))
        else:
            context.held.add((text, a))
            if b:
                context.held.add((text, b))
    return context


def lock_levels(
    *, variant_ids: Collection[int], location_ids: Collection[int] | None = None
) -> dict[tuple[int, int], tuple[int, int]]:
    """Lock the stock levels of `variant_ids` (at `location_ids`, or everywhere) in the global
    lock order (location id, variant id) until the transaction ends, and return their figures:
    {(location id, variant id): (on_hand, committed)}. PostgreSQL locks the rows (`FOR
    UPDATE`); SQLite's IMMEDIATE transactions already serialise writers. Call it inside a
    transaction: the one lock every multi-row stock decision takes before it reads."""
    if not variant_ids or (location_ids is not None and not location_ids):
        return {}
    vs = _names("v", len(variant_ids))
    values: dict[str, Param] = dict(zip(vs, sorted(variant_ids), strict=True))
    sql = (
        f"SELECT location_id, variant_id, on_hand, committed FROM {LEVELS}"  # noqa: S608
        f" WHERE variant_id IN ({_placeholders(vs)})"
    )
    if location_ids is not None:
        ls = _names("l", len(location_ids))
        values.update(zip(ls, sorted(location_ids), strict=True))
        sql += f" AND location_id IN ({_placeholders(ls)})"
    sql += " ORDER BY location_id, variant_id"
    if connection.vendor == "postgresql":
        sql += " FOR UPDATE"
    with connection.cursor() as cursor:
        execute(cursor, sql, values)
        return {(loc, v): (on_hand, committed) for loc, v, on_hand, committed in cursor}


# Reservation rows as the settling services read them (created_at is left deferred).
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
        f"SELECT {', '.join(_HELD_FIELDS)} FROM {RESERVATIONS}"  # noqa: S608
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
                f"UPDATE {RESERVATIONS} SET {field} = %s WHERE id = %s",  # noqa: S608
                [(getattr(r, field), r.pk) for r in rows],
            )
