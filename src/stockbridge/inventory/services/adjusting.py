"""Adjust, count and return: on_hand changes that are not orders or transfers; and
`lock_levels` for a caller that makes several stock writes in one transaction."""

from __future__ import annotations

from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass

from django.db import transaction

from stockbridge.platform.bounds import MAX_STOCK, check_quantity, check_stock_delta, check_text
from stockbridge.platform.errors import FieldError

from .. import ledger
from ..ledger import Change
from ..models import (
    Movement,
    Reason,
)
from .checks import components_of, require_location, require_variant

ADJUST_REASONS = (
    Reason.ADJUSTED,
    Reason.DAMAGED,
    Reason.CHANNEL_CORRECTION,
    Reason.RECEIVED,
    Reason.RETURNED,
)


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
    """Change on_hand by `delta` (non-zero, within +-MAX_STOCK) with a reason. Raises FieldError
    (delta/reason/reference/note), UnknownVariant, UnknownLocation, InsufficientStock (field
    `delta`), StockOutOfRange (on hand would leave +-MAX_STOCK). Emits a movement and an
    outbox row."""
    check_stock_delta("delta", delta)
    if delta == 0:
        raise FieldError("delta", "must not be 0")
    if reason not in ADJUST_REASONS:
        allowed = ", ".join(ADJUST_REASONS)
        raise FieldError("reason", f"must be one of {allowed}, got {reason!r}")
    check_text("reference", reference, limit=120)
    check_text("note", note)
    require_variant(variant_id)
    location = require_location(location_id)
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
            rules=ledger.Rules(
                backorder=location.allows_backorder, negative=location.allows_negative_stock
            ),
        )


def count(
    *, variant_id: int, location_id: int, counted: int, reference: str = "", actor: str = ""
) -> Movement:
    """Record a cycle count: on_hand becomes `counted`, the movement holds the difference.

    Raises FieldError (counted: a whole number in [0, MAX_STOCK]), UnknownVariant,
    UnknownLocation, InsufficientStock (counted below committed at a location without
    backorder)."""
    check_quantity("counted", counted, minimum=0, maximum=MAX_STOCK)
    check_text("reference", reference, limit=120)
    with transaction.atomic():
        require_variant(variant_id)
        require_location(location_id)
        return ledger.record_count(
            variant_id=variant_id,
            location_id=location_id,
            counted=counted,
            reference=reference or "count",
            actor=actor,
        )


@dataclass(frozen=True, slots=True)
class ReturnRequest:
    """Units of a variant coming back at a location (see `return_lines`)."""

    variant_id: int
    location_id: int
    quantity: int
    reference: str
    restock: bool = True


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
    Raises FieldError (quantity, reference), UnknownVariant, UnknownLocation."""
    request = ReturnRequest(variant_id, location_id, quantity, reference, restock)
    return _return([request], actor, name=lambda _, field: field)


def return_lines(*, lines: Sequence[ReturnRequest], actor: str = "") -> list[Movement]:
    """`return_stock` for several lines at once, all or none, in one lock-ordered ledger write
    (errors name `lines[i].quantity`...)."""
    if not lines:
        raise FieldError("lines", "at least one line is required")
    return _return(list(lines), actor, name=lambda i, field: f"lines[{i}].{field}")


def _return(
    requests: Sequence[ReturnRequest], actor: str, *, name: Callable[[int, str], str]
) -> list[Movement]:
    for i, request in enumerate(requests):
        check_quantity(name(i, "quantity"), request.quantity)
        check_text(name(i, "reference"), request.reference, limit=120)
    with transaction.atomic():
        changes: list[Change] = []
        for i, request in enumerate(requests):
            require_variant(request.variant_id, name(i, "variant_id"))
            require_location(request.location_id, name(i, "location_id"))
            for component, per in components_of(request.variant_id).items():
                units = request.quantity * per
                common = (component, request.location_id)
                changes.append(
                    Change(*common, Reason.RETURNED, on_hand=units, reference=request.reference)
                )
                if not request.restock:
                    changes.append(
                        Change(
                            *common,
                            Reason.DAMAGED,
                            on_hand=-units,
                            reference=request.reference,
                            note="returned, not restocked",
                        )
                    )
        return ledger.apply(changes, actor=actor)


def lock_levels(
    *, variant_ids: Collection[int], location_ids: Collection[int] | None = None
) -> None:
    """Lock the stock levels of `variant_ids` (a bundle's: its components') at `location_ids`
    (None: everywhere) in the global lock order, until the caller's transaction ends. Each
    inventory call is lock-ordered on its own, but several calls in one transaction are not:
    taking every row they will touch first means none of them waits for a row while holding
    another, so the transaction cannot deadlock with other writers of the same stock
    (PostgreSQL; SQLite runs one writer at a time). Must run inside a transaction."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("lock_levels needs the caller's transaction")
    parts = set(variant_ids)
    for variant_id in variant_ids:
        parts |= components_of(variant_id).keys()
    ledger.lock_levels(variant_ids=parts, location_ids=location_ids)
