"""Allocation policy: which location(s) fill a quantity. Pure: plain values in, plain values
out, no database."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

from .errors import InsufficientStock


class Strategy(StrEnum):
    PRIORITY = "priority"  # the location with the lowest priority number that can fill it
    MOST_STOCK = "most_stock"  # the location with the most available


@dataclass(frozen=True, slots=True)
class Candidate:
    location_id: int
    available: int
    priority: int = 100
    allows_backorder: bool = False


@dataclass(frozen=True, slots=True)
class Allocation:
    location_id: int
    quantity: int


def _ordered(candidates: Sequence[Candidate], strategy: Strategy) -> list[Candidate]:
    if strategy == Strategy.MOST_STOCK:
        return sorted(candidates, key=lambda c: (-c.available, c.priority, c.location_id))
    return sorted(candidates, key=lambda c: (c.priority, c.location_id))


def allocate(
    quantity: int,
    candidates: Sequence[Candidate],
    *,
    strategy: Strategy = Strategy.PRIORITY,
    split: bool = False,
    variant_id: int = 0,
) -> list[Allocation]:
    """Where to take `quantity` from.

    One location that has it all, chosen by `strategy`; with `split`, several locations in
    strategy order; what stock cannot cover goes to the first location (in strategy order)
    that allows backorder. Raises InsufficientStock (field `quantity`) when nothing fits.
    """
    ordered = _ordered(candidates, strategy)
    for c in ordered:
        if c.available >= quantity:
            return [Allocation(c.location_id, quantity)]
    backorder = next((c for c in ordered if c.allows_backorder), None)
    result: list[Allocation] = []
    remaining = quantity
    if split:
        for c in ordered:
            take = min(c.available, remaining)
            if take > 0:
                result.append(Allocation(c.location_id, take))
                remaining -= take
    if remaining and backorder is None:
        best = max((c.available for c in ordered), default=0)
        total = sum(max(c.available, 0) for c in ordered)
        raise InsufficientStock(
            "quantity",
            variant_id=variant_id,
            requested=quantity,
            available=max(total if split else best, 0),
        )
    if remaining and backorder is not None:
        if not split:
            return [Allocation(backorder.location_id, quantity)]
        merged = {a.location_id: a.quantity for a in result}
        merged[backorder.location_id] = merged.get(backorder.location_id, 0) + remaining
        result = [Allocation(loc, q) for loc, q in merged.items()]
    return result
