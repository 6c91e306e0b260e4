"""The SQL text of a stock write, shared by the PostgreSQL and SQLite paths.

Only table names (from the models) and fixed fragments are formatted into the SQL; every value
is a bound parameter (`params`).

- `CHANGE_SQL` (PostgreSQL): one statement per change, a data-modifying CTE:
  `WITH level AS (UPDATE inventory_stocklevel SET ... WHERE variant_id = .. AND location_id = ..
  AND <still valid> RETURNING on_hand, committed), movement AS (INSERT INTO inventory_movement
  ... SELECT ... FROM level RETURNING id), change AS (INSERT INTO inventory_stockchange ...
  SELECT ... FROM level) [, reservation AS (INSERT INTO inventory_reservation ... SELECT ...
  FROM level RETURNING id)] SELECT on_hand, committed, movement id, reservation id FROM level`.
  It is a conditional atomic UPDATE with its row count checked: no row back means the
  condition refused it (or the level does not exist yet) and nothing was inserted, because
  every INSERT selects from the UPDATE's result.
- `LEVEL_SQL` (SQLite): the same conditional UPDATE on its own, RETURNING the quantities after
  it (SQLite 3.35+); the rows that go with it are inserted by multi-row INSERTs.
"""

from __future__ import annotations

from datetime import datetime

from stockbridge.platform.bounds import MAX_STOCK

from ..models import Movement, Reservation, StockLevel
from ..outbox import StockChange
from .changes import SHIPPED, Change, Hold, Rules
from .prepared import Param

LEVELS = StockLevel._meta.db_table
MOVEMENTS = Movement._meta.db_table
CHANGES = StockChange._meta.db_table
RESERVATIONS = Reservation._meta.db_table

# {where} and {backorder} come from `condition`; the optional CTEs are left out when the change
# writes no such row.
LEVEL_SQL = (
    f"UPDATE {LEVELS} SET on_hand = on_hand + %(dh)s,"  # noqa: S608
    " committed = committed + %(dc)s, incoming = incoming + %(di)s,"
    " backorder = {backorder}, updated_at = %(now)s"
    " WHERE variant_id = %(v)s AND location_id = %(l)s{where} RETURNING on_hand, committed"
)
CHANGE_SQL = "WITH level AS (" + LEVEL_SQL + ")"
MOVEMENT_CTE = (
    f", movement AS (INSERT INTO {MOVEMENTS} (variant_id, location_id, reason, on_hand_delta,"  # noqa: S608
    " committed_delta, on_hand_after, committed_after, reference, actor, note, created_at)"
    " SELECT %(v)s, %(l)s, %(reason)s, %(dh)s, %(dc)s, on_hand, committed, %(ref)s, %(actor)s,"
    " %(note)s, %(now)s FROM level RETURNING id)"
)
CHANGE_CTE = (
    f", change AS (INSERT INTO {CHANGES} (variant_id, location_id, available, created_at)"  # noqa: S608
    " SELECT %(v)s, %(l)s, on_hand - committed, %(now)s FROM level)"
)
RESERVATION_CTE = (
    f", reservation AS (INSERT INTO {RESERVATIONS} (reference, variant_id, location_id,"  # noqa: S608
    " bundle_id, quantity, per_unit, released, fulfilled, created_at)"
    " SELECT %(ref)s, %(v)s, %(l)s, CAST(%(bundle)s AS bigint), %(dc)s, %(per)s, 0, %(ful)s,"
    " %(now)s FROM level RETURNING id)"
)

# The columns of the rows the SQLite path inserts in bulk (same as the CTEs above).
MOVEMENT_COLUMNS = (
    "variant_id, location_id, reason, on_hand_delta, committed_delta, on_hand_after,"
    " committed_after, reference, actor, note, created_at"
)
CHANGE_COLUMNS = "variant_id, location_id, available, created_at"
RESERVATION_COLUMNS = (
    "reference, variant_id, location_id, bundle_id, quantity, per_unit, released, fulfilled,"
    " created_at"
)

# (on_hand, committed) after the change, the movement's id, the reservation's id.
Written = tuple[int, int, int | None, int | None]


# The level is within stock after the change (what the CHECK constraint asks of a level
# without the backorder exemption).
_WITHIN = "on_hand >= committed + %(gap)s AND on_hand >= %(neg_dh)s"
_KEEP_EXEMPTION = f"CASE WHEN {_WITHIN} THEN FALSE ELSE TRUE END"


def _bounds(change: Change) -> str:
    """Keep on hand, committed and incoming inside +-MAX_STOCK (and the latter two >= 0)."""
    where = ""
    if change.on_hand > 0:
        where += " AND on_hand <= %(hi_h)s"
    elif change.on_hand < 0:
        where += " AND on_hand >= %(lo_h)s"
    if change.committed > 0:
        where += " AND committed <= %(hi_c)s"
    elif change.committed < 0:
        where += " AND committed >= %(neg_dc)s"
    if change.incoming > 0:
        where += " AND incoming <= %(hi_i)s"
    elif change.incoming < 0:
        where += " AND incoming >= %(neg_di)s"
    return where


def condition(change: Change, rules: Rules) -> tuple[str, str]:
    """The extra WHERE of the conditional UPDATE and the new `backorder` value, in SQL (SET
    expressions see the row before the update).

    Every change stays inside the bounds (`_bounds`). A change that lowers stock at a location
    without backorder must leave it within stock (then no exemption is needed); at a location
    with backorder, units that ship (`SHIPPED`) must still be on hand unless it allows negative
    stock; a location without backorder that allows negative stock may ship below zero on hand
    but never below zero available. A level left negative while its location allowed it keeps
    its exemption until it is back in stock."""
    dh, dc = change.on_hand, change.committed
    where = _bounds(change)
    shipped = change.reason in SHIPPED
    lowers = dh - dc < 0 or dh < 0
    if not rules.backorder and lowers:
        if shipped and rules.negative:
            return where + " AND on_hand >= committed + %(gap)s", _KEEP_EXEMPTION
        return where + " AND " + _WITHIN, "FALSE"
    if not rules.backorder:
        return where, _KEEP_EXEMPTION
    if shipped and dh < 0 and not rules.negative:
        return where + " AND on_hand >= %(neg_dh)s", "TRUE"
    return where, "TRUE"


def params(change: Change, actor: str, now: datetime | str) -> dict[str, Param]:
    """The named parameters of `CHANGE_SQL` (and of `LEVEL_SQL`) for one change."""
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
        "hi_h": MAX_STOCK - change.on_hand,
        "lo_h": -MAX_STOCK - change.on_hand,
        "hi_c": MAX_STOCK - change.committed,
        "hi_i": MAX_STOCK - change.incoming,
        "gap": change.committed - change.on_hand,
        "now": now,
        "reason": change.reason,
        "ref": change.reference,
        "actor": actor,
        "note": change.note,
        "bundle": hold.bundle_id,
        "per": hold.per_unit,
        "ful": hold.fulfilled,
    }
