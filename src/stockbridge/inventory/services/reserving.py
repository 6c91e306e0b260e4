"""Reservations for order lines (one line or several, all or none), decided once, under the
inventory's locks: the stock levels of every variant of the batch are locked in the global
order (location id, variant id) and read in one statement (`ledger.lock_for_allocation`), the
pure policy (`allocation.allocate_lines`) decides where each line goes, and the ledger writes
it. No stock figure is read without its lock, and there is nothing to retry."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from django.db import IntegrityError, connection, transaction

from stockbridge.platform.bounds import check_quantity, check_text
from stockbridge.platform.errors import FieldError

from .. import ledger
from ..allocation import LineShort, Need, Strategy, allocate_lines
from ..errors import AlreadyReserved, InsufficientStock, UnknownLocation, UnknownVariant
from ..ledger import Change
from ..models import Reason, Reservation

# Reservation.reference holds 120 characters; a numbered reference adds ":<n>".
REFERENCE_LIMIT = 120
PART_SUFFIX = 8


@dataclass(frozen=True, slots=True)
class LineRequest:
    """One order line to reserve (see `reserve_lines`). With `first_part`, the line's units at
    each location it is allocated to are held under their own reference,
    `<reference>:<first_part>`, `<reference>:<first_part + 1>`, ... in allocation order (so
    units held at one location can be released or shipped apart from the others)."""

    variant_id: int
    quantity: int
    reference: str
    location_id: int | None = None
    first_part: int | None = None


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
    locations may share the quantity, stock on hand first, backorder last. Reserving a bundle
    reserves its components (one reservation per component, `bundle` set). Raises
    FieldError (quantity, reference), UnknownVariant, UnknownLocation, AlreadyReserved, or
    InsufficientStock (field `quantity`); a refused reservation writes nothing. Emits
    movements (reserved) and outbox rows.
    """
    line = LineRequest(variant_id, quantity, reference, location_id)
    return _reserve([line], Strategy(strategy), split, actor, prefix="")[0]


def reserve_lines(
    *,
    lines: Sequence[LineRequest],
    strategy: Strategy | str = Strategy.PRIORITY,
    split: bool = False,
    actor: str = "",
    savepoint: bool = True,
) -> list[list[Reservation]]:
    """Reserve several order lines at once, all or none: the reservations of each line, in
    order. Every stock row of the batch is locked in the global order, so orders reserving
    the same variants in any line order never deadlock each other. Errors as for `reserve`,
    naming `lines[i].quantity` (etc.).

    Inside the caller's transaction a refusal rolls back to a savepoint, leaving that
    transaction usable. A caller that rolls its whole use case back on any error (its own
    transaction or savepoint, as the order services do) passes `savepoint=False`: two
    statements less, and after an error that transaction must roll back (as after
    `ledger.apply` or `ship_lines`)."""
    if not lines:
        raise FieldError("lines", "at least one line is required")
    return _reserve(
        list(lines), Strategy(strategy), split, actor, prefix="lines", savepoint=savepoint
    )


def _check(lines: Sequence[LineRequest], name: _Namer) -> None:
    seen: set[tuple[str, int]] = set()
    for i, line in enumerate(lines):
        check_quantity(name(i, "quantity"), line.quantity)
        limit = REFERENCE_LIMIT - (PART_SUFFIX if line.first_part is not None else 0)
        check_text(name(i, "reference"), line.reference, limit=limit, required=True)
        if line.first_part is not None:
            check_quantity(name(i, "first_part"), line.first_part, maximum=10**6)
        if (line.reference, line.variant_id) in seen:
            raise FieldError(name(i, "reference"), "the same line appears twice", code="duplicate")
        seen.add((line.reference, line.variant_id))


class _Namer:
    def __init__(self, prefix: str) -> None:
        self.prefix = prefix

    def __call__(self, i: int, field: str) -> str:
        return f"{self.prefix}[{i}].{field}" if self.prefix else field


def _reserve(
    lines: list[LineRequest],
    strategy: Strategy,
    split: bool,
    actor: str,
    *,
    prefix: str,
    savepoint: bool = True,
) -> list[list[Reservation]]:
    name = _Namer(prefix)
    _check(lines, name)
    if _one_statement(lines):
        # One line outside any transaction on PostgreSQL: decide on figures read without a
        # lock (one consistent snapshot: a refusal decided on it is a true answer at that
        # instant) and write in one autocommitted statement, whose condition checks they
        # still hold (the shortest row lock, the hot path of channel orders). When the write
        # is refused, nothing was written: decide once more, under the locks.
        try:
            return _decide_and_write(lines, strategy, split, actor, name, lock=False)
        except _Stale:
            pass
    with transaction.atomic(savepoint=savepoint):
        return _decide_and_write(lines, strategy, split, actor, name, lock=True)


class _Stale(Exception):
    """The write of a decision made on unlocked figures was refused: they had changed."""


def _one_statement(lines: Sequence[LineRequest]) -> bool:
    return (
        len(lines) == 1
        and connection.vendor == "postgresql"
        and not connection.in_atomic_block
        and connection.get_autocommit()
    )


def _decide_and_write(
    lines: list[LineRequest],
    strategy: Strategy,
    split: bool,
    actor: str,
    name: _Namer,
    *,
    lock: bool,
) -> list[list[Reservation]]:
    """Read (and with `lock`, lock) the stock of every line, decide where each line goes and
    write it; the reservations of each line."""
    context = ledger.lock_for_allocation(
        variant_ids={line.variant_id for line in lines},
        references={line.reference for line in lines if line.first_part is None},
        location_ids={line.location_id for line in lines if line.location_id is not None},
        lock=lock,
    )
    for i, line in enumerate(lines):
        if line.variant_id not in context.parts:
            raise UnknownVariant(name(i, "variant_id"), line.variant_id)
        if line.location_id is not None and line.location_id not in context.rules:
            raise UnknownLocation(name(i, "location_id"), line.location_id)
        if (line.reference, line.variant_id) in context.held:
            raise AlreadyReserved(
                line.reference, context.skus[line.variant_id], field=name(i, "reference")
            )
    needs = [
        Need(
            line.quantity,
            context.parts[line.variant_id],
            line.location_id,
            sku=context.skus[line.variant_id],
        )
        for line in lines
    ]
    available = {key: on_hand - committed for key, (on_hand, committed) in context.levels.items()}
    try:
        plans = allocate_lines(needs, context.sites, available, strategy=strategy, split=split)
    except LineShort as exc:
        raise InsufficientStock(
            name(exc.index, "quantity"),
            sku=exc.sku,
            requested=lines[exc.index].quantity,
            available=exc.available,
            where=exc.where,
        ) from None
    changes: list[Change] = []
    sizes: list[int] = []
    for i, (line, plan) in enumerate(zip(lines, plans, strict=True)):
        parts = context.parts[line.variant_id]
        bundle_id = line.variant_id if line.variant_id not in parts else None
        for k, a in enumerate(plan):
            reference = line.reference
            if line.first_part is not None:
                reference = f"{line.reference}:{line.first_part + k}"
            changes.extend(
                Change(
                    variant_id=part,
                    location_id=a.location_id,
                    reason=Reason.RESERVED,
                    committed=a.quantity * per,
                    reference=reference,
                    field=name(i, "quantity"),
                    hold=ledger.Hold(bundle_id=bundle_id, per_unit=per),
                )
                for part, per in parts.items()
            )
        sizes.append(len(plan) * len(parts))
    try:
        held = ledger.reserve(changes, actor=actor, rules=context.rules)
    except InsufficientStock:
        if lock:
            raise
        raise _Stale from None  # the figures changed between the read and the write
    except IntegrityError:
        # The same reference reserved this variant concurrently (unique per location).
        line = lines[0]
        raise AlreadyReserved(
            line.reference, context.skus[line.variant_id], field=name(0, "reference")
        ) from None
    by_line: list[list[Reservation]] = []
    for size in sizes:
        by_line.append(held[:size])
        held = held[size:]
    return by_line
