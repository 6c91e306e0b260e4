"""Inventory write use cases: adjust, count, reserve, release, fulfil, return, transfer, bundles.

Each runs in one transaction (joining the caller's, if any), takes keyword-only arguments and
raises typed errors naming the field (InsufficientStock, UnknownLocation, ...); nothing is
half-written. Every quantity change goes through `ledger.apply`, which also writes the movement
and the outbox row. Split by use case; import them from here.
"""

from .adjusting import adjust, count, return_stock
from .bundles import set_bundle
from .reserving import (
    FulfilRequest,
    LineRequest,
    ReleaseRequest,
    fulfil,
    fulfil_lines,
    release,
    release_lines,
    reserve,
    reserve_lines,
)
from .transfers import create_transfer, receive_transfer

__all__ = [
    "FulfilRequest",
    "LineRequest",
    "ReleaseRequest",
    "adjust",
    "count",
    "create_transfer",
    "fulfil",
    "fulfil_lines",
    "receive_transfer",
    "release",
    "release_lines",
    "reserve",
    "reserve_lines",
    "return_stock",
    "set_bundle",
]
