"""Inventory write use cases: adjust, count, reserve, release, fulfil, return, transfer.

Each runs in one transaction (joining the caller's, if any), takes keyword-only arguments and
raises typed errors naming the field (InsufficientStock, UnknownLocation, ...); nothing is
half-written. Every quantity change goes through `ledger.apply`, which also writes the movement
and the outbox row.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.db.models import Q

from stockbridge.catalog.models import Variant
from stockbridge.platform import clock
from stockbridge.platform.errors import FieldError

from . import ledger
from .allocation import Allocation, Candidate, Strategy, allocate
from .errors import (
    AlreadyReserved,
    InsufficientStock,
    NotAQuantity,
    ReservationNotFound,
    TransferNotFound,
    UnknownLocation,
    UnknownVariant,
)
from .ledger import Change
from .models import (
    BundleComponent,
    Location,
    Movement,
    Reason,
    Reservation,
    StockLevel,
    Transfer,
    TransferLine,
    TransferStatus,
)

ADJUST_REASONS = (
    Reason.ADJUSTED,
    Reason.DAMAGED,
    Reason.CHANNEL_CORRECTION,
    Reason.RECEIVED,
    Reason.RETURNED,
)
RESERVE_ATTEMPTS = 5


def _positive(field: str, value: object) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise NotAQuantity(field, value)
    return value


def _variant(variant_id: int, field: str = "variant_id") -> None:
    if not Variant.objects.filter(pk=variant_id).exists():
        raise UnknownVariant(field, variant_id)


def _location(location_id: int, field: str = "location_id") -> Location:
    location = Location.objects.filter(pk=location_id).first()
    if location is None:
        raise UnknownLocation(field, location_id)
    return location


def _components(variant_id: int, *, must_exist: bool = False) -> dict[int, int]:
    """{component variant id: units per bundle}, or {variant_id: 1} for a plain variant.

    With `must_exist`, raises UnknownVariant for a missing variant (same single query)."""
    rows = list(
        Variant.objects.filter(pk=variant_id).values_list(
            "bundle_components__component_id", "bundle_components__quantity"
        )
    )
    if not rows and must_exist:
        raise UnknownVariant("variant_id", variant_id)
    parts = {component: units for component, units in rows if component is not None}
    return parts or {variant_id: 1}


# Adjust and count ------------------------------------------------------------------------------


def adjust(
    *,
    variant_id: int,
    location_id: int,
    delta: int,
    reason: Reason | str = Reason.ADJUSTED,
    reference: str = "",
    note: str = "",
    actor: str = "",
) -> Movement:
    """Change on_hand by `delta` with a reason. Raises FieldError (delta/reason), UnknownVariant,
    UnknownLocation, InsufficientStock (field `delta`). Emits a movement and an outbox row."""
    if isinstance(delta, bool) or not isinstance(delta, int) or delta == 0:
        raise FieldError("delta", f"must be a non-zero integer, got {delta!r}")
    if reason not in ADJUST_REASONS:
        allowed = ", ".join(ADJUST_REASONS)
        raise FieldError("reason", f"must be one of {allowed}, got {reason!r}")
    _variant(variant_id)
    location = _location(location_id)
    with transaction.atomic():
        return ledger.record_movement(
            variant_id=variant_id,
            location_id=location_id,
            reason=Reason(reason),
            on_hand=delta,
            reference=reference or "adjustment",
            note=note,
            actor=actor,
            field="delta",
            backorder=location.allows_backorder,
        )


def count(
    *, variant_id: int, location_id: int, counted: int, reference: str = "", actor: str = ""
) -> Movement:
    """Record a cycle count: on_hand becomes `counted`, the movement holds the difference.

    Raises FieldError (counted), UnknownVariant, UnknownLocation, InsufficientStock (counted
    below committed at a location without backorder)."""
    if isinstance(counted, bool) or not isinstance(counted, int) or counted < 0:
        raise NotAQuantity("counted", counted, minimum=0)
    with transaction.atomic():
        _variant(variant_id)
        _location(location_id)
        return ledger.record_count(
            variant_id=variant_id,
            location_id=location_id,
            counted=counted,
            reference=reference or "count",
            actor=actor,
        )


# Reservations ----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class LineRequest:
    """One order line to reserve (see `reserve_lines`)."""

    variant_id: int
    quantity: int
    reference: str
    location_id: int | None = None


def _candidates(
    parts: dict[int, int],
    location_id: int | None,
    *,
    all_backorder: bool = False,
    taken: dict[tuple[int, int], int] | None = None,
) -> list[Candidate]:
    """Each location that could fill the line, with the line's available there (less what
    earlier lines of the same batch have `taken`).

    One query over the levels (joined to their locations) serves the usual case; locations
    with no level yet only matter when they allow backorder: `all_backorder` adds them."""
    levels = StockLevel.objects.filter(variant_id__in=parts)
    levels = (
        levels.filter(location_id=location_id)
        if location_id is not None
        else levels.filter(location__is_active=True)
    )
    locations: dict[int, tuple[int, bool]] = {}
    available: dict[tuple[int, int], int] = {}
    for loc, priority, backorder, v, on_hand, committed in levels.values_list(
        "location_id",
        "location__priority",
        "location__allows_backorder",
        "variant_id",
        "on_hand",
        "committed",
    ):
        locations[loc] = (priority, backorder)
        available[(loc, v)] = on_hand - committed - (taken or {}).get((loc, v), 0)
    if all_backorder:
        others = Location.objects.filter(allows_backorder=True).exclude(pk__in=list(locations))
        if location_id is not None:
            others = others.filter(pk=location_id)
        else:
            others = others.filter(is_active=True)
        for loc, priority, backorder in others.values_list("pk", "priority", "allows_backorder"):
            locations[loc] = (priority, backorder)
    return [
        Candidate(
            location_id=loc,
            priority=priority,
            allows_backorder=backorder,
            available=min(available.get((loc, v), 0) // per for v, per in parts.items()),
        )
        for loc, (priority, backorder) in locations.items()
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

    parts_of: list[dict[int, int]] = []
    for i, line in enumerate(lines):
        _positive(name(i, "quantity"), line.quantity)
        if not line.reference:
            raise FieldError(name(i, "reference"), "is required")
        try:
            parts_of.append(_components(line.variant_id, must_exist=True))
        except UnknownVariant:
            raise UnknownVariant(name(i, "variant_id"), line.variant_id) from None
        if line.location_id is not None:
            _location(line.location_id, name(i, "location_id"))
    seen: set[tuple[str, int]] = set()
    for i, line in enumerate(lines):
        if (line.reference, line.variant_id) in seen:
            raise FieldError(name(i, "reference"), "the same line appears twice", code="duplicate")
        seen.add((line.reference, line.variant_id))
    error: InsufficientStock | None = None
    failed = 0
    for _ in range(RESERVE_ATTEMPTS):
        # Stock is read without holding any lock; the conditional UPDATE in the ledger is what
        # guarantees no oversell. When another process took the units in between, the attempt
        # rolls back (to its savepoint, if the caller holds a transaction) and runs again.
        plans = []
        taken: dict[tuple[int, int], int] = defaultdict(int)
        flags: dict[int, bool] = {}
        for i, (line, parts) in enumerate(zip(lines, parts_of, strict=True)):
            candidates = _candidates(parts, line.location_id, taken=taken)
            try:
                allocations = allocate(line.quantity, candidates, strategy=strategy, split=split)
            except InsufficientStock:
                candidates = _candidates(parts, line.location_id, all_backorder=True, taken=taken)
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
            for a in allocations:
                for component, per in parts.items():
                    taken[(a.location_id, component)] += a.quantity * per
            plans.append(allocations)
        try:
            with transaction.atomic():
                return _hold(lines, parts_of, plans, actor, flags)
        except InsufficientStock as exc:
            error = exc
            failed = next(
                (i for i, line in enumerate(lines) if _touches(line, parts_of[i], exc)), 0
            )
        except IntegrityError:
            # The same reference reserved this variant concurrently (unique per location).
            line = lines[0]
            raise AlreadyReserved(line.reference, line.variant_id) from None
    assert error is not None
    line = lines[failed]
    raise InsufficientStock(
        name(failed, "quantity"),
        variant_id=line.variant_id,
        requested=line.quantity,
        available=error.available,
    )


def _touches(line: LineRequest, parts: dict[int, int], error: InsufficientStock) -> bool:
    return error.variant_id in parts or error.variant_id == line.variant_id


def _hold(
    lines: list[LineRequest],
    parts_of: list[dict[int, int]],
    plans: list[list[Allocation]],
    actor: str,
    flags: dict[int, bool],
) -> list[list[Reservation]]:
    now = clock.now()
    by_line: list[list[Reservation]] = []
    changes: list[Change] = []
    for line, parts, allocations in zip(lines, parts_of, plans, strict=True):
        rows: list[Reservation] = []
        by_line.append(rows)
        held = Reservation.objects.filter(reference=line.reference)
        if held.filter(Q(variant_id=line.variant_id) | Q(bundle_id=line.variant_id)).exists():
            raise AlreadyReserved(line.reference, line.variant_id)
        bundle_id = line.variant_id if line.variant_id not in parts else None
        for a in allocations:
            for component, per in parts.items():
                changes.append(
                    Change(
                        variant_id=component,
                        location_id=a.location_id,
                        reason=Reason.RESERVED,
                        committed=a.quantity * per,
                        reference=line.reference,
                    )
                )
                rows.append(
                    Reservation(
                        reference=line.reference,
                        variant_id=component,
                        location_id=a.location_id,
                        bundle_id=bundle_id,
                        quantity=a.quantity * per,
                        per_unit=per,
                        created_at=now,
                    )
                )
    # The reservation rows go in before the stock rows are locked: the lock is held for as
    # short a time as possible (UPDATE, movement, outbox, commit).
    Reservation.objects.bulk_create([r for rows in by_line for r in rows])
    ledger.apply(changes, actor=actor, backorder=flags)
    return by_line


def _open_reservations(reference: str, variant_id: int | None) -> list[Reservation]:
    qs = Reservation.objects.select_for_update().filter(reference=reference)
    rows = [r for r in qs.order_by("location_id", "variant_id") if r.open_quantity]
    if variant_id is not None:
        # The line's variant: a bundle (its component rows) or a plain variant (its own rows).
        rows = [r for r in rows if (r.bundle_id or r.variant_id) == variant_id]
    if not rows:
        raise ReservationNotFound(reference)
    return rows


def _take(rows: list[Reservation], quantity: int | None) -> list[tuple[Reservation, int]]:
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
            "quantity", f"only {quantity - remaining} units are reserved, {quantity} requested"
        )
    return taken


def release(
    *,
    reference: str,
    variant_id: int | None = None,
    quantity: int | None = None,
    actor: str = "",
) -> list[Reservation]:
    """Give back reserved units (all of `reference`, or of one variant, or `quantity` of it):
    committed goes down. Raises ReservationNotFound, FieldError (quantity). Emits movements
    (released) and outbox rows."""
    if quantity is not None:
        _positive("quantity", quantity)
    with transaction.atomic():
        taken = _take(_open_reservations(reference, variant_id), quantity)
        ledger.apply(
            [
                Change(
                    variant_id=r.variant_id,
                    location_id=r.location_id,
                    reason=Reason.RELEASED,
                    committed=-n,
                    reference=reference,
                )
                for r, n in taken
            ],
            actor=actor,
        )
        for r, n in taken:
            r.released += n
            r.save(update_fields=["released"])
        return [r for r, _ in taken]


def fulfil(
    *,
    reference: str,
    variant_id: int | None = None,
    quantity: int | None = None,
    actor: str = "",
) -> list[Reservation]:
    """Ship reserved units: on_hand and committed go down together (available is unchanged).
    Raises ReservationNotFound, FieldError (quantity). Emits movements (sold)."""
    if quantity is not None:
        _positive("quantity", quantity)
    with transaction.atomic():
        taken = _take(_open_reservations(reference, variant_id), quantity)
        ledger.apply(
            [
                Change(
                    variant_id=r.variant_id,
                    location_id=r.location_id,
                    reason=Reason.SOLD,
                    on_hand=-n,
                    committed=-n,
                    reference=reference,
                )
                for r, n in taken
            ],
            actor=actor,
        )
        for r, n in taken:
            r.fulfilled += n
            r.save(update_fields=["fulfilled"])
        return [r for r, _ in taken]


def return_stock(
    *,
    variant_id: int,
    location_id: int,
    quantity: int,
    reference: str,
    restock: bool = True,
    actor: str = "",
) -> list[Movement]:
    """Take back returned units at a location. With `restock` they are sellable again
    (on_hand up, reason returned); without, they are recorded as returned and written off
    as damaged in the same instant (on_hand unchanged). A bundle returns its components.
    Raises NotAQuantity, UnknownVariant, UnknownLocation."""
    _positive("quantity", quantity)
    with transaction.atomic():
        _variant(variant_id)
        _location(location_id)
        changes = []
        for component, per in _components(variant_id).items():
            units = quantity * per
            changes.append(
                Change(
                    variant_id=component,
                    location_id=location_id,
                    reason=Reason.RETURNED,
                    on_hand=units,
                    reference=reference,
                )
            )
        movements = ledger.apply(changes, actor=actor)
        if not restock:
            movements += ledger.apply(
                [
                    Change(
                        variant_id=c.variant_id,
                        location_id=location_id,
                        reason=Reason.DAMAGED,
                        on_hand=-c.on_hand,
                        reference=reference,
                        note="returned, not restocked",
                    )
                    for c in changes
                ],
                actor=actor,
            )
        return movements


# Transfers -------------------------------------------------------------------------------------


def create_transfer(
    *,
    source_id: int,
    destination_id: int,
    lines: Iterable[tuple[int, int]],
    note: str = "",
    actor: str = "",
) -> Transfer:
    """Ship stock from `source_id` to `destination_id`: on_hand goes down at the source
    (transferred out) and the units show as `incoming` at the destination until received.
    `lines` are (variant id, quantity). Raises FieldError (destination_id/lines),
    UnknownLocation, UnknownVariant, InsufficientStock (field `lines[i].quantity`)."""
    items = list(lines)
    if not items:
        raise FieldError("lines", "at least one line is required")
    if source_id == destination_id:
        raise FieldError("destination_id", "must differ from source_id")
    with transaction.atomic():
        _location(source_id, "source_id")
        _location(destination_id, "destination_id")
        transfer = Transfer.objects.create(
            source_id=source_id,
            destination_id=destination_id,
            status=TransferStatus.IN_TRANSIT,
            note=note,
            created_at=clock.now(),
        )
        changes: list[Change] = []
        for i, (variant_id, quantity) in enumerate(items):
            _positive(f"lines[{i}].quantity", quantity)
            _variant(variant_id, f"lines[{i}].variant_id")
            line = TransferLine.objects.create(
                transfer=transfer, variant_id=variant_id, quantity=quantity
            )
            ref = f"transfer:{transfer.pk}"
            changes.append(
                Change(
                    variant_id=variant_id,
                    location_id=source_id,
                    reason=Reason.TRANSFERRED_OUT,
                    on_hand=-quantity,
                    reference=ref,
                    field=f"lines[{i}].quantity",
                )
            )
            changes.append(
                Change(
                    variant_id=line.variant_id,
                    location_id=destination_id,
                    reason=Reason.TRANSFERRED_IN,
                    incoming=quantity,
                    reference=ref,
                )
            )
        ledger.apply(changes, actor=actor)
        return transfer


def receive_transfer(
    *,
    transfer_id: int,
    quantities: dict[int, int] | None = None,
    actor: str = "",
) -> Transfer:
    """Receive a transfer at its destination, fully or `quantities` {variant id: units}:
    on_hand goes up (transferred in) and incoming down. Raises TransferNotFound, FieldError
    (quantities.<variant id>) when more is received than is in transit."""
    with transaction.atomic():
        transfer = Transfer.objects.select_for_update().filter(pk=transfer_id).first()
        if transfer is None:
            raise TransferNotFound(transfer_id)
        lines = {line.variant_id: line for line in transfer.lines.all()}
        wanted = (
            {v: line.in_transit for v, line in lines.items()}
            if quantities is None
            else dict(quantities)
        )
        changes = []
        for variant_id, units in wanted.items():
            field = f"quantities.{variant_id}"
            line = lines.get(variant_id)
            if line is None:
                raise FieldError(field, f"variant {variant_id} is not on transfer {transfer_id}")
            if units == 0:
                continue
            _positive(field, units)
            if units > line.in_transit:
                raise FieldError(field, f"only {line.in_transit} in transit, {units} received")
            line.received += units
            line.save(update_fields=["received"])
            changes.append(
                Change(
                    variant_id=variant_id,
                    location_id=transfer.destination_id,
                    reason=Reason.TRANSFERRED_IN,
                    on_hand=units,
                    incoming=-units,
                    reference=f"transfer:{transfer.pk}",
                    field=field,
                )
            )
        ledger.apply(changes, actor=actor)
        done = all(line.in_transit == 0 for line in lines.values())
        transfer.status = TransferStatus.RECEIVED if done else TransferStatus.PARTIALLY_RECEIVED
        transfer.received_at = clock.now() if done else None
        transfer.save(update_fields=["status", "received_at"])
        return transfer


# Bundles ---------------------------------------------------------------------------------------


def set_bundle(*, bundle_id: int, components: dict[int, int]) -> list[BundleComponent]:
    """Make `bundle_id` a bundle of `components` {variant id: units}, replacing any previous
    definition. Raises UnknownVariant, FieldError (components)."""
    if not components:
        raise FieldError("components", "at least one component is required")
    with transaction.atomic():
        _variant(bundle_id, "bundle_id")
        for component, units in components.items():
            field = f"components.{component}"
            _positive(field, units)
            _variant(component, field)
            if component == bundle_id:
                raise FieldError(field, "a bundle cannot contain itself")
            if BundleComponent.objects.filter(bundle_id=component).exists():
                raise FieldError(field, "a bundle cannot contain another bundle")
        if BundleComponent.objects.filter(component_id=bundle_id).exists():
            raise FieldError("bundle_id", "this variant is a component of another bundle")
        BundleComponent.objects.filter(bundle_id=bundle_id).delete()
        return BundleComponent.objects.bulk_create(
            BundleComponent(bundle_id=bundle_id, component_id=c, quantity=q)
            for c, q in sorted(components.items())
        )
