"""Settling reservations: fulfil (ship held units) and release them, one line or several at
once, and `ship_lines`, which ships lines from one location, moving there first the units they
hold elsewhere. Each is one transaction and one lock-ordered ledger write."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from django.db import transaction

from stockbridge.platform.bounds import check_quantity, check_text
from stockbridge.platform.errors import FieldError

from .. import ledger
from ..errors import ReservationNotFound
from ..ledger import Change
from ..models import Location, Reason, Reservation


def _code(location_id: int | None) -> str:
    """The code a user names a location by (read on the error path only)."""
    if location_id is None:
        return ""
    code = Location.objects.filter(pk=location_id).values_list("code", flat=True).first()
    return code or f"location_id {location_id}"


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


Namer = Callable[[int, str], str]


def _namer(prefix: str) -> Namer:
    """`lines[i].field` (or `field` alone without a prefix) for request i."""
    return lambda i, field: f"{prefix}[{i}].{field}" if prefix else field


def _check(requests: Sequence[FulfilRequest | ReleaseRequest], name: Namer) -> None:
    for i, request in enumerate(requests):
        check_text(name(i, "reference"), request.reference, limit=120, required=True)
        if request.quantity is not None:
            check_quantity(name(i, "quantity"), request.quantity)


def _plan(
    held: dict[str, list[Reservation]],
    requests: Sequence[FulfilRequest | ReleaseRequest],
    reason: Reason,
    name: Namer,
    changes: list[Change],
    touched: dict[int, Reservation],
) -> list[list[Reservation]]:
    """Add to `changes` the stock changes that fulfil (reason sold) or release the requested
    units of the locked reservations `held`, marking them (`touched`); the reservations taken
    for each request, in order."""
    sold = reason == Reason.SOLD
    per_line: list[list[Reservation]] = []
    for i, request in enumerate(requests):
        rows = [
            r
            for r in held.get(request.reference, ())
            if r.open_quantity
            and (request.variant_id is None or (r.bundle_id or r.variant_id) == request.variant_id)
            and (request.location_id is None or r.location_id == request.location_id)
        ]
        if not rows:
            raise ReservationNotFound(
                request.reference, field=name(i, "reference"), where=_code(request.location_id)
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
    return per_line


def _lock(references: set[str]) -> dict[str, list[Reservation]]:
    held: dict[str, list[Reservation]] = defaultdict(list)
    for row in ledger.lock_reservations(references):
        held[row.reference].append(row)
    return held


def _settle(
    requests: Sequence[FulfilRequest | ReleaseRequest], reason: Reason, actor: str, *, prefix: str
) -> list[list[Reservation]]:
    """Fulfil (reason sold) or release the requested units: the reservations of every line
    are locked in one query, then the stock changes of all lines go through one
    `ledger.apply` (which locks the stock rows in the global order), in one transaction."""
    name = _namer(prefix)
    _check(requests, name)
    with transaction.atomic():
        held = _lock({r.reference for r in requests})
        changes: list[Change] = []
        touched: dict[int, Reservation] = {}
        per_line = _plan(held, requests, reason, name, changes, touched)
        # The reservation rows are already locked; the stock rows are locked last, by the
        # ledger, so they are held for as short a time as possible.
        field = "fulfilled" if reason == Reason.SOLD else "released"
        ledger.settle_reservations(field, list(touched.values()))
        ledger.write(changes, actor=actor)
    return per_line


def _line_namer(line: int) -> Namer:
    """Every request of line `line` is named `lines[<line>].field`."""
    return lambda _, field: f"lines[{line}].{field}"


@dataclass(frozen=True, slots=True)
class ShipLine:
    """Units of one order line to ship from one location (see `ship_lines`): `held` are units
    held there, shipped as they are; `moved` are units held elsewhere, released there and
    held again at the shipping location under `reference` (a new one) before they ship."""

    held: Sequence[FulfilRequest] = ()
    moved: Sequence[ReleaseRequest] = ()
    reference: str = ""


def ship_lines(*, location_id: int, lines: Sequence[ShipLine], actor: str = "") -> None:
    """Ship several order lines from `location_id`, all or none, in one transaction and one
    lock-ordered ledger write: units held there ship (on hand and committed go down); units
    held elsewhere are released there, held here under the line's new `reference` (its
    reservation is recorded as shipped) and ship with them. Raises UnknownLocation,
    ReservationNotFound, FieldError, InsufficientStock (this location cannot hold the moved
    units: its available is short and it does not allow backorder) or NotOnHand (it does not
    hold the units and does not allow negative stock), naming `lines[i].quantity`. Inside the
    caller's transaction it takes no savepoint (like `ledger.apply`): after an error that
    transaction must roll back."""
    if not lines:
        raise FieldError("lines", "at least one line is required")
    names = [_line_namer(i) for i in range(len(lines))]
    for i, line in enumerate(lines):
        _check([*line.held, *line.moved], names[i])
        if line.moved:
            check_text(f"lines[{i}].reference", line.reference, limit=120, required=True)
    with transaction.atomic(savepoint=False):
        held = _lock(
            {r.reference for line in lines for r in line.held}
            | {r.reference for line in lines for r in line.moved}
        )
        changes: list[Change] = []
        sold: dict[int, Reservation] = {}
        given_back: dict[int, Reservation] = {}
        for i, line in enumerate(lines):
            shipped = [
                FulfilRequest(r.reference, r.quantity, location_id, r.variant_id) for r in line.held
            ]
            _plan(held, shipped, Reason.SOLD, names[i], changes, sold)
            released: list[Change] = []
            rows = _plan(held, line.moved, Reason.RELEASED, names[i], released, given_back)
            changes.extend(released)
            field = f"lines[{i}].quantity"
            changes.extend(_moved_here(released, rows, line.reference, location_id, field))
        ledger.settle_reservations("fulfilled", list(sold.values()))
        ledger.settle_reservations("released", list(given_back.values()))
        ledger.write(changes, actor=actor)


def _moved_here(
    released: Sequence[Change],
    rows: Sequence[Sequence[Reservation]],
    reference: str,
    location_id: int,
    field: str,
) -> list[Change]:
    """The changes that hold the `released` units at `location_id` under `reference` (one
    reservation per part, recorded as shipped) and ship them."""
    kind = {(r.reference, r.variant_id): (r.bundle_id, r.per_unit) for group in rows for r in group}
    units: dict[tuple[int, int | None, int], int] = defaultdict(int)
    for change in released:
        bundle_id, per = kind[(change.reference, change.variant_id)]
        units[(change.variant_id, bundle_id, per)] -= change.committed
    changes: list[Change] = []
    for (variant_id, bundle_id, per), n in sorted(units.items(), key=lambda item: item[0][0]):
        changes.append(
            Change(
                variant_id=variant_id,
                location_id=location_id,
                reason=Reason.RESERVED,
                committed=n,
                reference=reference,
                field=field,
                hold=ledger.Hold(bundle_id=bundle_id, per_unit=per, fulfilled=n),
            )
        )
        changes.append(
            Change(
                variant_id=variant_id,
                location_id=location_id,
                reason=Reason.SOLD,
                on_hand=-n,
                committed=-n,
                reference=reference,
                field=field,
            )
        )
    return changes


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
