"""What the ledger is asked to write: `Change` (one change of one stock level), `Hold` (the
reservation row a reserving change inserts with it), and the `Rules` of the location a change
is made at. Plain values, no I/O."""

from __future__ import annotations

from dataclasses import dataclass

from ..models import Reason

# Reasons for which units physically leave a location: on hand may only go below zero there
# when the location allows negative stock.
SHIPPED = frozenset({Reason.SOLD, Reason.TRANSFERRED_OUT})


@dataclass(frozen=True, slots=True)
class Hold:
    """The reservation row a reserving change inserts with it (see `writing.reserve`): its
    quantity is the change's `committed`; `bundle_id` names the bundle sold, `per_unit` its
    units per bundle unit."""

    bundle_id: int | None = None
    per_unit: int = 1
    fulfilled: int = 0  # units of it already shipped (a reservation moved and shipped at once)


@dataclass(frozen=True, slots=True)
class Change:
    """One change of one stock level. `reference` names what caused it (e.g. `order-line:42`)."""

    variant_id: int
    location_id: int
    reason: Reason
    on_hand: int = 0
    committed: int = 0
    incoming: int = 0
    reference: str = ""
    note: str = ""
    field: str = "quantity"
    hold: Hold | None = None


@dataclass(frozen=True, slots=True)
class Rules:
    """What a location allows. `backorder`: available (on hand - committed) may go below zero,
    so lines can be held there beyond its stock, and on hand may be adjusted below zero;
    `negative`: units may ship or be transferred out that are not on hand."""

    backorder: bool = False
    negative: bool = False
