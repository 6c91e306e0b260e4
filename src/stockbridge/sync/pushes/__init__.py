"""Quantities and prices out to the channels, split by use case:

- `stock_changes`: the consumer `channels` of the stock outbox. Changed variant x location
  pairs become a `PendingPush(aspect="quantity")` per linked listing on every channel whose
  location mapping includes the changed location and that syncs quantities, the listings of
  the bundles built from a changed variant included; it nudges those channels' drains.
- `price_changes`: the listener of the catalog's price changes (`platform.wakeups`), marking
  `PendingPush(aspect="price")` rows in the catalog's transaction.
- `pending`: the upsert of pending rows (a new row, or its version goes up) and what is due.
- `drain`: the job per channel, serialised by `channel_lock`; it pushes the due quantity rows
  (`quantities`), then the due price rows (`prices`), until none is left or the channel
  stops it.
- `quantities` / `prices`: what one batch of each aspect writes and records.
- `settle`: what both do with their rows after a batch: done rows deleted only at the version
  read (a change made while its push was in flight is pushed again), failed ones waiting with
  a backoff, listings gone from the channel marked removed, a refused token disconnecting the
  channel.

Refs sent to the connector carry the row's version, so the connector's idempotency key (a
digest of the call's content) changes with every new hub figure and stays the same when the
same rows are sent again after an answer was lost.
"""

from __future__ import annotations

from .drain import DrainResult, channel_lock, drain, drain_channel_pushes, nudge
from .pending import PRICE, QUANTITY, due, mark_pending
from .quantities import item_ref
from .settle import BACKOFF_BASE, BACKOFF_MAX
from .stock_changes import CONSUMER, install, take

__all__ = [
    "BACKOFF_BASE",
    "BACKOFF_MAX",
    "CONSUMER",
    "PRICE",
    "QUANTITY",
    "DrainResult",
    "channel_lock",
    "drain",
    "drain_channel_pushes",
    "due",
    "install",
    "item_ref",
    "mark_pending",
    "nudge",
    "take",
]
