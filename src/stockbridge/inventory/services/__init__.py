"""Inventory write use cases: adjust, count, reserve, release, fulfil, return, transfer, bundles.

Each runs in one transaction (joining the caller's, if any), takes keyword-only arguments and
raises typed errors naming the field (InsufficientStock, UnknownLocation, ...); nothing is
half-written. Every quantity change goes through the ledger, which also writes the movement
and the outbox row; allocation is decided here, once, under the inventory's locks. Split by use
case; import them from here.
"""

from .adjusting import ReturnRequest, adjust, count, lock_levels, return_lines, return_stock
from .bundles import set_bundle
from .counting import CountLine, count_levels
from .reserving import LineRequest, reserve, reserve_lines
from .settling import (
    FulfilRequest,
    ReleaseRequest,
    ShipLine,
    fulfil,
    fulfil_lines,
    release,
    release_lines,
    ship_lines,
)
from .transfers import create_transfer, receive_transfer

__all__ = [
    "CountLine",
    "FulfilRequest",
    "LineRequest",
    "ReleaseRequest",
    "ReturnRequest",
    "ShipLine",
    "adjust",
    "count",
    "count_levels",
    "create_transfer",
    "fulfil",
    "fulfil_lines",
    "lock_levels",
    "receive_transfer",
    "release",
    "release_lines",
    "reserve",
    "reserve_lines",
    "return_lines",
    "return_stock",
    "set_bundle",
    "ship_lines",
]
