"""The only writer of stock quantities, split by use case:

- `changes`: `Change` and `Hold`, what the ledger is asked to write (plain values).
- `writing`: the write API: `apply` a batch of changes in the global lock order (location id,
  variant id), each by a conditional atomic UPDATE whose row count is checked, with its
  movement row and outbox row in the same transaction; `reserve` (also the reservation rows),
  `record_movement`, `record_count`.
- `statements`: the SQL text of a write; `prepared`: the PostgreSQL statement cache;
  `sqlite`: the SQLite write path.
- `locking`: the reads that go with a write (the allocation read, locked reservations).

Raw SQL, below the ORM on purpose: this is the hot path of every order, and building ORM
statements cost more CPU than the database took to run them. The CHECK constraints on
`StockLevel` are the backstop, not the rule.
"""

from .changes import Change, Hold
from .locking import (
    Snapshot,
    allocation_snapshot,
    lock_reservations,
    settle_reservations,
)
from .writing import apply, record_count, record_movement, reserve

__all__ = [
    "Change",
    "Hold",
    "Snapshot",
    "allocation_snapshot",
    "apply",
    "lock_reservations",
    "record_count",
    "record_movement",
    "reserve",
    "settle_reservations",
]
