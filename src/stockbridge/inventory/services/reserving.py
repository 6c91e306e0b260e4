"""Reservations for order lines: reserve (one line or several, all or none), release, fulfil."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from django.db import IntegrityError, transaction

from stockbridge.platform.errors import FieldError

from .. import ledger
from ..allocation import Candidate, Strategy, allocate
from ..errors import (
    AlreadyReserved,
    InsufficientStock,
    ReservationNotFound,
    UnknownVariant,
)
from ..ledger import Change
from ..models import Location, Reason, Reservation
from .checks import positive, require_location

RESERVE_ATTEMPTS = 5


@dataclass(frozen=True, slots=True)
class LineRequest:
    """One order line to reserve (see `reserve_lines`)."""

    variant_id: int
    quantity: int
    reference: str
    location_id: int | None = None


def _candidates(snapshot: ledger.Snapshot, taken: dict[tuple[int, int], int]) -> list[Candidate]:
    """Each location holding any part of the line, with the line's available there (less what
    earlier lines of the same batch have `taken`)."""
    locations: dict[int, tuple[int, bool]] = {}
    available: dict[tuple[int, int], int] = {}
    for loc, priority, backorder, part, units in snapshot.levels:
        locations[loc] = (priority, backorder)
        available[(loc, part)] = units - taken.get((loc, part), 0)
    return [
        Candidate(
            location_id=loc,
            priority=priority,
            allows_backorder=backorder,
            available=min(available.get((loc, v), 0) // per for v, per in snapshot.parts.items()),
        )
        for loc, (priority, backorder) in locations.items()
    ]


def _with_backorder(candidates: list[Candidate], location_id: int | None) -> list[Candidate]:
    """`candidates` and the locations with no level yet that allow backorder (the line may go
    there when stock cannot cover it)."""
    others = Location.objects.filter(allows_backorder=True).exclude(
        pk__in=[c.location_id for c in candidates]
    )
    others = (
        others.filter(pk=location_id) if location_id is not None else others.filter(is_active=True)
    )
    return candidates + [
        Candidate(location_id=loc, priority=priority, allows_backorder=True, available=0)
        for loc, priority in others.values_list("pk", "priority")
    ]


def reserve(
    *,
    variant_id: int,
    quantity: int,
    reference: str,
    location_id: int | None = None,
    strategy: Strategy | str = Strategy.PRIORITY,
    split: bool = False,
    actor: str = "",
) -> list[Reservation]:
    """Hold `quantity` units of a variant for `reference` (an order line): committed goes up.

    The allocation policy picks the location (or use `location_id`); with `split`, several
    locations may share the quantity. Reserving a bundle reserves its components (one
    reservation per component, `bundle` set). Raises NotAQuantity, UnknownVariant,
    UnknownLocation, AlreadyReserved, or InsufficientStock (field `quantity`); a refused
    reservation writes nothing. Emits movements (reserved) and outbox rows.
    """
    line = LineRequest(variant_id, quantity, reference, location_id)
    return _reserve([line], Strategy(strategy), split, actor, prefix="")[0]


def reserve_lines(
    *,
    lines: Sequence[LineRequest],
    strategy: Strategy | str = Strategy.PRIORITY,
    split: bool = False,
    actor: str = "",
) -> list[list[Reservation]]:
    """Reserve several order lines at once, all or none: the reservations of each line, in
    order. Every stock row of the batch is locked in the global order, so orders reserving
    the same variants in any line order never deadlock each other. Errors as for `reserve`,
    naming `lines[i].quantity` (etc.)."""
    if not lines:
        raise FieldError("lines", "at least one line is required")
    return _reserve(list(lines), Strategy(strategy), split, actor, prefix="lines")


def _reserve(
    lines: list[LineRequest], strategy: Strategy, split: bool, actor: str, *, prefix: str
) -> list[list[Reservation]]:
    def name(i: int, field: str) -> str:
        return f"{prefix}[{i}].{field}" if prefix else field

    for i, line in enumerate(lines):
        positive(name(i, "quantity"), line.quantity)
        if not line.reference:
            raise FieldError(name(i, "reference"), "is required")
    seen: set[tuple[str, int]] = set()
    for i, line in enumerate(lines):
        if (line.reference, line.variant_id) in seen:
            raise FieldError(name(i, "reference"), "the same line appears twice", code="duplicate")
        seen.add((line.reference, line.variant_id))
    error: InsufficientStock | None = None
    failed = 0
    for attempt in range(RESERVE_ATTEMPTS):
        # Stock is read without holding any lock (one query per line); the conditional UPDATE
        # in the ledger is what guarantees no oversell. When another process took the units in
        # between, nothing was written and the attempt runs again with a fresh read.
        snapshots = [_snapshot(i, line, name, first=attempt == 0) for i, line in enumerate(lines)]
        changes: list[Change] = []
        sizes: list[int] = []
        taken: dict[tuple[int, int], int] = defaultdict(int)
        flags: dict[int, bool] = {}
        for i, (line, snapshot) in enumerate(zip(lines, snapshots, strict=True)):
            candidates = _candidates(snapshot, taken)
            try:
                allocations = allocate(line.quantity, candidates, strategy=strategy, split=split)
            except InsufficientStock:
                candidates = _with_backorder(candidates, line.location_id)
                try:
                    allocations = allocate(
                        line.quantity, candidates, strategy=strategy, split=split
                    )
                except InsufficientStock as exc:
                    raise InsufficientStock(
                        name(i, "quantity"),
                        variant_id=line.variant_id,
                        requested=line.quantity,
                        available=exc.available,
                    ) from None
            flags.update((c.location_id, c.allows_backorder) for c in candidates)
            bundle_id = line.variant_id if line.variant_id not in snapshot.parts else None
            for a in allocations:
                for component, per in snapshot.parts.items():
                    taken[(a.location_id, component)] += a.quantity * per
                    changes.append(
                        Change(
                            variant_id=component,
                            location_id=a.location_id,
                            reason=Reason.RESERVED,
                            committed=a.quantity * per,
                            reference=line.reference,
                            hold=ledger.Hold(bundle_id=bundle_id, per_unit=per),
                        )
                    )
            sizes.append(len(allocations) * len(snapshot.parts))
        try:
            held = ledger.reserve(changes, actor=actor, backorder=flags)
        except InsufficientStock as exc:
            error = exc
            failed = next(
                (i for i, s in enumerate(snapshots) if _touches(lines[i], s.parts, exc)), 0
            )
            continue
        except IntegrityError:
            # The same reference reserved this variant concurrently (unique per location).
            line = lines[0]
            raise AlreadyReserved(line.reference, line.variant_id) from None
        by_line: list[list[Reservation]] = []
        for size in sizes:
            by_line.append(held[:size])
            held = held[size:]
        return by_line
    assert error is not None
    line = lines[failed]
    raise InsufficientStock(
        name(failed, "quantity"),
        variant_id=line.variant_id,
        requested=line.quantity,
        available=error.available,
    )


def _snapshot(
    i: int, line: LineRequest, name: Callable[[int, str], str], *, first: bool
) -> ledger.Snapshot:
    snapshot = ledger.allocation_snapshot(
        variant_id=line.variant_id, location_id=line.location_id, reference=line.reference
    )
    if not snapshot.parts:
        raise UnknownVariant(name(i, "variant_id"), line.variant_id)
    if first and line.location_id is not None and not snapshot.levels:
        require_location(line.location_id, name(i, "location_id"))
    if snapshot.held:
        raise AlreadyReserved(line.reference, line.variant_id)
    return snapshot


def _touches(line: LineRequest, parts: dict[int, int], error: InsufficientStock) -> bool:
    return error.variant_id in parts or error.variant_id == line.variant_id


@dataclass(frozen=True, slots=True)
class FulfilRequest:
    """Units of one order line to ship (see `fulfil_lines`): `quantity` line units (all open
    ones when None), only those held at `location_id` / of `variant_id` when given."""

    reference: str
    quantity: int | None = None
    location_id: int | None = None
    variant_id: int | None = None


@dataclass(frozen=True, slots=True)
class ReleaseRequest:
    """Units of one order line to give back (see `release_lines`); fields as `FulfilRequest`."""

    reference: str
    quantity: int | None = None
    location_id: int | None = None
    variant_id: int | None = None


def _take(
    rows: list[Reservation], quantity: int | None, field: str = "quantity"
) -> list[tuple[Reservation, int]]:
    """How many units to take from each reservation for `quantity` line units (all if None).

    Line units are counted per location (a bundle's components move together)."""
    by_line: dict[tuple[int | None, int], list[Reservation]] = defaultdict(list)
    for r in rows:
        by_line[(r.bundle_id or r.variant_id, r.location_id)].append(r)
    taken: list[tuple[Reservation, int]] = []
    remaining = quantity
    for group in by_line.values():
        units = min(r.open_quantity // r.per_unit for r in group)
        take = units if remaining is None else min(units, remaining)
        if take <= 0:
            continue
        taken.extend((r, take * r.per_unit) for r in group)
        if remaining is not None:
            remaining -= take
    if quantity is not None and remaining:
        raise FieldError(
            field, f"only {quantity - remaining} units are reserved, {quantity} requested"
        )
    return taken


def _settle(
    requests: Sequence[FulfilRequest | ReleaseRequest], reason: Reason, actor: str, *, prefix: str
) -> list[list[Reservation]]:
    """Fulfil (reason sold) or release the requested units: the reservations of every line
    are locked in one query, then the stock changes of all lines go through one
    `ledger.apply` (which locks the stock rows in the global order), in one transaction."""

    def name(i: int, field: str) -> str:
        return f"{prefix}[{i}].{field}" if prefix else field

    for i, request in enumerate(requests):
        if request.quantity is not None:
            positive(name(i, "quantity"), request.quantity)
    sold = reason == Reason.SOLD
    with transaction.atomic():
        held: dict[str, list[Reservation]] = defaultdict(list)
        for row in ledger.lock_reservations({r.reference for r in requests}):
            held[row.reference].append(row)
        per_line: list[list[Reservation]] = []
        changes: list[Change] = []
        touched: dict[int, Reservation] = {}
        for i, request in enumerate(requests):
            rows = [
                r
                for r in held.get(request.reference, ())
                if r.open_quantity
                and (
                    request.variant_id is None
                    or (r.bundle_id or r.variant_id) == request.variant_id
                )
                and (request.location_id is None or r.location_id == request.location_id)
            ]
            if not rows:
                raise ReservationNotFound(
                    request.reference, field=name(i, "reference"), location_id=request.location_id
                )
            taken = _take(rows, request.quantity, name(i, "quantity"))
            for r, n in taken:
                changes.append(
                    Change(
                        variant_id=r.variant_id,
                        location_id=r.location_id,
                        reason=reason,
                        on_hand=-n if sold else 0,
                        committed=-n,
                        reference=request.reference,
                        field=name(i, "quantity"),
                    )
                )
                if sold:
                    r.fulfilled += n
                else:
                    r.released += n
                touched[r.pk] = r
            per_line.append([r for r, _ in taken])
        # The reservation rows are already locked; the stock rows are locked last, by the
        # ledger, so they are held for as short a time as possible.
        ledger.settle_reservations("fulfilled" if sold else "released", list(touched.values()))
        ledger.apply(changes, actor=actor)
    return per_line


def release(
    *,
    reference: str,
    variant_id: int | None = None,
    quantity: int | None = None,
    location_id: int | None = None,
    actor: str = "",
) -> list[Reservation]:
    """Give back reserved units (all of `reference`, or of one variant, or `quantity` of it;
    only those held at `location_id` when given): committed goes down. Raises
    ReservationNotFound, FieldError (quantity). Emits movements (released) and outbox rows."""
    request = ReleaseRequest(reference, quantity, location_id, variant_id)
    return _settle([request], Reason.RELEASED, actor, prefix="")[0]


def fulfil(
    *,
    reference: str,
    variant_id: int | None = None,
    quantity: int | None = None,
    location_id: int | None = None,
    actor: str = "",
) -> list[Reservation]:
    """Ship reserved units (only those held at `location_id` when given): on_hand and
    committed go down together (available is unchanged). Raises ReservationNotFound,
    FieldError (quantity). Emits movements (sold)."""
    request = FulfilRequest(reference, quantity, location_id, variant_id)
    return _settle([request], Reason.SOLD, actor, prefix="")[0]


def fulfil_lines(*, lines: Sequence[FulfilRequest], actor: str = "") -> list[list[Reservation]]:
    """Ship several order lines at once, all or none, in one transaction and one ledger write
    (stock rows locked in the global order): the reservations touched for each line, in
    order. Errors as for `fulfil`, naming `lines[i].reference` / `lines[i].quantity`."""
    if not lines:
        raise FieldError("lines", "at least one line is required")
    return _settle(list(lines), Reason.SOLD, actor, prefix="lines")


def release_lines(
    *, lines: Sequence[ReleaseRequest | FulfilRequest], actor: str = ""
) -> list[list[Reservation]]:
    """Give back units of several order lines at once, all or none (as `fulfil_lines`)."""
    if not lines:
        raise FieldError("lines", "at least one line is required")
    return _settle(list(lines), Reason.RELEASED, actor, prefix="lines")
