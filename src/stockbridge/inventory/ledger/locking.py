"""Reads that go with a write: the allocation read and the reservation locks.

- `allocation_snapshot`: the one read a reservation needs (the variant's parts, their levels
  with each location's priority and backorder flag, whether the reference already holds it).
- `lock_reservations` / `settle_reservations`: the reservations of some references, row-locked
  in (location, variant, id) order, and saving what was fulfilled or released of them.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass

from django.db import connection

from stockbridge.catalog.models import Variant

from ..models import BundleComponent, Location, Reservation
from .prepared import Param, execute
from .statements import LEVELS, RESERVATIONS

_SNAPSHOT_SQL = (
    "SELECT p.component_id, p.per, x.location_id, x.priority, x.allows_backorder, x.available,"  # noqa: S608
    f" EXISTS (SELECT 1 FROM {RESERVATIONS} r WHERE r.reference = %(ref)s"
    " AND (r.variant_id = %(v)s OR r.bundle_id = %(v)s))"
    " FROM (SELECT COALESCE(c.component_id, v.id) AS component_id,"
    " COALESCE(c.quantity, 1) AS per"
    f" FROM {Variant._meta.db_table} v"
    f" LEFT JOIN {BundleComponent._meta.db_table} c ON c.bundle_id = v.id WHERE v.id = %(v)s) p"
    " LEFT JOIN (SELECT s.variant_id, s.location_id, l.priority, l.allows_backorder,"
    " s.on_hand - s.committed AS available"
    f" FROM {LEVELS} s JOIN {Location._meta.db_table} l ON l.id = s.location_id"
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
    values: dict[str, Param] = {"ref": reference, "v": variant_id, "active": True}
    values["l"] = location_id
    with connection.cursor() as cursor:
        execute(cursor, _SNAPSHOT_SQL.format(where=where), values)
        rows = cursor.fetchall()
    parts: dict[int, int] = {}
    levels: list[tuple[int, int, bool, int, int]] = []
    for part, per, location, priority, backorder, available, _ in rows:
        parts[part] = per
        if location is not None:
            levels.append((location, priority, bool(backorder), part, available))
    return Snapshot(parts=parts, levels=levels, held=bool(rows and rows[0][6]))


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
