"""Many counts at once: a channel import (or a stock-take) sets the on hand of many levels in
one transaction, through the ledger's set-based batch (`ledger.write_batch`: one conditional
UPDATE per group of levels sharing a condition, not one per level)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from django.db import connection, transaction

from stockbridge.catalog.models import Variant
from stockbridge.platform.bounds import MAX_STOCK, check_quantity, check_text
from stockbridge.platform.errors import FieldError
from stockbridge.platform.lookups import mark

from .. import ledger
from ..errors import UnknownVariant
from ..ledger import Change, new_levels
from ..ledger.writing import ensure_levels, location_rules
from ..models import Reason

BATCH = 500  # levels per statement group (SQLite caps the parameters of a query)
_KNOWN = f"SELECT id FROM {Variant._meta.db_table} WHERE id IN ({{ids}})"  # noqa: S608


@dataclass(frozen=True, slots=True)
class CountLine:
    variant_id: int
    location_id: int
    counted: int


def count_levels(*, counts: Sequence[CountLine], reference: str = "", actor: str = "") -> int:
    """Record the counts of many levels: each level's on hand becomes its `counted` figure and
    the movement holds the difference (levels already at their figure get no movement).
    Answers how many levels changed. All or nothing: raises FieldError naming
    `counts[n].counted` (a whole number in [0, MAX_STOCK]; a level given twice),
    UnknownVariant (`counts[n].variant_id`), UnknownLocation, InsufficientStock (a count below
    what is committed at a location without backorder); nothing is written then."""
    check_text("reference", reference, limit=120)
    seen: set[tuple[int, int]] = set()
    for n, line in enumerate(counts):
        counted = line.counted
        if not (type(counted) is int and 0 <= counted <= MAX_STOCK):  # (names built if wrong)
            check_quantity(f"counts[{n}].counted", counted, minimum=0, maximum=MAX_STOCK)
        key = (line.location_id, line.variant_id)
        if key in seen:
            raise FieldError(f"counts[{n}]", "counts the same level twice")
        seen.add(key)
    if not counts:
        return 0
    variant_ids = {line.variant_id for line in counts}
    known: set[int] = set()
    ids = sorted(variant_ids)
    param = mark(connection)
    with connection.cursor() as cursor:  # fixed SQL: the ORM's IN of thousands costs more
        for start in range(0, len(ids), BATCH):
            chunk = ids[start : start + BATCH]
            cursor.execute(_KNOWN.format(ids=", ".join([param] * len(chunk))), chunk)
            known.update(row[0] for row in cursor.fetchall())
    for n, line in enumerate(counts):
        if line.variant_id not in known:
            raise UnknownVariant(f"counts[{n}].variant_id", line.variant_id)
    with transaction.atomic():
        rules = location_rules({line.location_id for line in counts}, None)
        # Levels that don't exist yet are created with their count (one INSERT per chunk);
        # the others are locked, read and updated.
        created = new_levels.write_new(
            [_change(n, line, reference) for n, line in enumerate(counts)],
            actor=actor,
            rules=rules,
        )
        rest = [
            (n, line)
            for n, line in enumerate(counts)
            if (line.location_id, line.variant_id) not in created
        ]
        changed = sum(
            1 for line in counts if line.counted and (line.location_id, line.variant_id) in created
        )
        if not rest:
            return changed
        ensure_levels({(line.location_id, line.variant_id) for _, line in rest}, rules)
        # one statement, so every row is locked in the global order (callers keep a call
        # under a few thousand levels: SQLite caps a query's parameters)
        figures = ledger.lock_levels(
            variant_ids={line.variant_id for _, line in rest},
            location_ids={line.location_id for _, line in rest},
        )
        changes = [
            _change(n, line, reference, figures[(line.location_id, line.variant_id)][0])
            for n, line in rest
            if line.counted != figures[(line.location_id, line.variant_id)][0]
        ]
        ledger.write_batch(changes, actor=actor, rules=rules)  # set-based: one level each
    return changed + len(changes)


def _change(n: int, line: CountLine, reference: str, on_hand: int = 0) -> Change:
    """The change that brings a level of `on_hand` to the counted figure."""
    return Change(
        variant_id=line.variant_id,
        location_id=line.location_id,
        reason=Reason.COUNTED,
        on_hand=line.counted - on_hand,
        reference=reference or "count",
        field=f"counts[{n}].counted",
    )
