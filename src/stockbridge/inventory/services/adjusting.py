"""Adjust, count and return: on_hand changes that are not orders or transfers."""

from __future__ import annotations

from django.db import transaction

from stockbridge.platform.errors import FieldError

from .. import ledger
from ..errors import (
    NotAQuantity,
)
from ..ledger import Change
from ..models import (
    Movement,
    Reason,
)
from .checks import (
    components_of,
    positive,
    require_location,
    require_variant,
)

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
    """Change on_hand by `delta` with a reason. Raises FieldError (delta/reason), UnknownVariant,
    UnknownLocation, InsufficientStock (field `delta`). Emits a movement and an outbox row."""
    if isinstance(delta, bool) or not isinstance(delta, int) or delta == 0:
        raise FieldError("delta", f"must be a non-zero integer, got {delta!r}")
    if reason not in ADJUST_REASONS:
        allowed = ", ".join(ADJUST_REASONS)
        raise FieldError("reason", f"must be one of {allowed}, got {reason!r}")
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
        require_variant(variant_id)
        require_location(location_id)
        return ledger.record_count(
            variant_id=variant_id,
            location_id=location_id,
            counted=counted,
            reference=reference or "count",
            actor=actor,
        )


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
    positive("quantity", quantity)
    with transaction.atomic():
        require_variant(variant_id)
        require_location(location_id)
        changes = []
        for component, per in components_of(variant_id).items():
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
