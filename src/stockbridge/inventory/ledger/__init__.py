"""The only writer of stock quantities, split by use case:

- `changes`: `Change` and `Hold`, what the ledger is asked to write (plain values).
- `writing`: the write API: `apply` a batch of changes in the global lock order (location id,
  variant id), each by a conditional atomic UPDATE whose row count is checked, with its
  movement row and outbox row in the same transaction; `reserve` (also the reservation rows),
  `record_movement`, `record_count`.
- `statements`: the SQL text of a write; `prepared`: the PostgreSQL statement cache;
  `sqlite`: the SQLite write path.
- `batched`: `write_batch`, the set-based write of many levels at once (one statement per
  group of changes sharing a condition; counts of an import or a stock-take).
- `new_levels`: `write_new`, the levels that don't exist yet inserted with their first
  figures (counts of variants an import just created), the rest left to `write_batch`.
- `locking`: the locked reads that go with a write: `lock_for_allocation` (levels and what
  deciding needs), `lock_levels` (before several writes), `lock_reservations`.

Raw SQL, below the ORM on purpose: this is the hot path of every order, and building ORM
statements cost more CPU than the database took to run them. The CHECK constraints on
`StockLevel` are the backstop, not the rule.
"""

from .batched import write_batch
from .changes import SHIPPED, Change, Hold, Rules
from .locking import (
    Context,
    lock_for_allocation,
    lock_levels,
    lock_reservations,
    settle_reservations,
)
from .writing import apply, location_rules, record_count, record_movement, reserve, write

__all__ = [
    "SHIPPED",
    "Change",
    "Context",
    "Hold",
    "Rules",
    "apply",
    "location_rules",
    "lock_for_allocation",
    "lock_levels",
    "lock_reservations",
    "record_count",
    "record_movement",
    "reserve",
    "settle_reservations",
    "write",
    "write_batch",
]
