"""Allocation policy: which location(s) fill a quantity. Pure: plain values in, plain values
out, no database."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
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
    sku: str = "",
    where: str = "",
) -> list[Allocation]:
    """Where to take `quantity` from.

    One location that has it all, chosen by `strategy`; with `split`, several locations in
    strategy order; what stock cannot cover goes to the first location (in strategy order)
    that allows backorder. Raises InsufficientStock (field `quantity`) when nothing fits,
    naming the stock by the labels `sku` and `where` (the code of the one location the
    candidates are, if they are one) given.
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
            sku=sku,
            requested=quantity,
            available=max(total if split else best, 0),
            where=where,
        )
    if remaining and backorder is not None:
        if not split:
            return [Allocation(backorder.location_id, quantity)]
        merged = {a.location_id: a.quantity for a in result}
        merged[backorder.location_id] = merged.get(backorder.location_id, 0) + remaining
        result = [Allocation(loc, q) for loc, q in merged.items()]
    return result


@dataclass(frozen=True, slots=True)
class Site:
    """A location that may fill lines: its priority, whether it allows backorder, and whether
    it is active (an inactive one fills only lines that name it)."""

    location_id: int
    priority: int = 100
    allows_backorder: bool = False
    active: bool = True
    code: str = ""  # how a user names it, in messages


@dataclass(frozen=True, slots=True)
class Need:
    """One line to allocate: `quantity` units of a variant made of `parts` {variant id: units
    per line unit} ({variant: 1} for a plain one), only at `location_id` when given; `sku` labels
    it in messages."""

    quantity: int
    parts: Mapping[int, int]
    location_id: int | None = None
    sku: str = ""


class LineShort(InsufficientStock):
    """Line `index` of a batch cannot be filled (see `allocate_lines`)."""

    def __init__(self, index: int, error: InsufficientStock) -> None:
        super().__init__(
            error.field,
            sku=error.sku,
            requested=error.requested,
            available=error.available,
            where=error.where,
        )
        self.index = index


def allocate_lines(
    needs: Sequence[Need],
    sites: Sequence[Site],
    available: Mapping[tuple[int, int], int],
    *,
    strategy: Strategy = Strategy.PRIORITY,
    split: bool = False,
) -> list[list[Allocation]]:
    """Where each line of a batch goes, in order, each line seeing only what the earlier lines
    left. `available` is {(location id, variant id): on hand - committed} (a missing pair has
    none). A line of a bundle fills at a location as many units as its scarcest part allows.
    Raises LineShort naming the first line nothing can fill (by its `sku`, and at the code of
    its location when it names one)."""
    codes = {site.location_id: site.code for site in sites}
    taken: dict[tuple[int, int], int] = {}
    plans: list[list[Allocation]] = []
    for i, need in enumerate(needs):
        candidates = [
            Candidate(
                location_id=site.location_id,
                priority=site.priority,
                allows_backorder=site.allows_backorder,
                available=min(
                    (
                        available.get((site.location_id, part), 0)
                        - taken.get((site.location_id, part), 0)
                    )
                    // per
                    for part, per in need.parts.items()
                ),
            )
            for site in sites
            if need.location_id == site.location_id or (need.location_id is None and site.active)
        ]
        where = "" if need.location_id is None else codes.get(need.location_id, "")
        try:
            plan = allocate(
                need.quantity,
                candidates,
                strategy=strategy,
                split=split,
                sku=need.sku,
                where=where,
            )
        except InsufficientStock as exc:
            raise LineShort(i, exc) from None
        for a in plan:
            for part, per in need.parts.items():
                key = (a.location_id, part)
                taken[key] = taken.get(key, 0) + a.quantity * per
        plans.append(plan)
    return plans
