"""What the ledger is asked to write: `Change` (one change of one stock level) and `Hold` (the
reservation row a reserving change inserts with it). Plain values, no I/O."""

from __future__ import annotations

from dataclasses import dataclass

from ..models import Reason


@dataclass(frozen=True, slots=True)
class Hold:
    """The reservation row a reserving change inserts with it (see `writing.reserve`): its
    quantity is the change's `committed`; `bundle_id` names the bundle sold, `per_unit` its
    units per bundle unit."""

    bundle_id: int | None = None
    per_unit: int = 1


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
