"""The only writer of stock quantities.

`apply` takes a batch of changes, sorts them in the global lock order (location id, variant id)
and, for each, updates the stock level by a conditional atomic UPDATE (F() expressions, row count
checked), writes the immutable movement row and the outbox row, all in the caller's transaction
(one is opened when there is none). The CHECK constraints on `StockLevel` are the backstop.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Case, F, Q, Value, When

from stockbridge.platform import clock

from .errors import InsufficientStock, UnknownLocation
from .models import Location, Movement, Reason, StockLevel
from .outbox import StockChange


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


def _ensure_levels(pairs: set[tuple[int, int]], flags: Mapping[int, bool]) -> None:
    existing = set(
        StockLevel.objects.filter(
            variant_id__in={v for _, v in pairs}, location_id__in={loc for loc, _ in pairs}
        ).values_list("location_id", "variant_id")
    )
    missing = sorted(pairs - existing)
    if missing:
        StockLevel.objects.bulk_create(
            [StockLevel(location_id=loc, variant_id=v, backorder=flags[loc]) for loc, v in missing],
            ignore_conflicts=True,
        )


_META = StockLevel._meta
_RETURNING = [_META.get_field("on_hand"), _META.get_field("committed")]


def _update(change: Change, backorder_allowed: bool) -> tuple[int, int] | None:
    """Conditional atomic UPDATE of one level, returning (on_hand, committed) after it, or None
    when the condition refused it (or the level does not exist yet)."""
    dh, dc, di = change.on_hand, change.committed, change.incoming
    qs = StockLevel.objects.filter(variant_id=change.variant_id, location_id=change.location_id)
    stays_sold_within_stock = Q(on_hand__gte=F("committed") + (dc - dh)) & Q(on_hand__gte=-dh)
    if dc < 0:
        qs = qs.filter(committed__gte=-dc)
    if di < 0:
        qs = qs.filter(incoming__gte=-di)
    backorder: Value | Case = Value(True)
    if not backorder_allowed and (dh - dc < 0 or dh < 0):
        # A change that lowers stock must leave it within stock: then no exemption is needed.
        qs = qs.filter(stays_sold_within_stock)
        backorder = Value(False)
    elif not backorder_allowed:
        # A level left negative while the location allowed backorder keeps its exemption
        # until it is back in stock; only changes that raise stock reach here for it.
        backorder = Case(When(stays_sold_within_stock, then=Value(False)), default=Value(True))
    values = {
        "on_hand": F("on_hand") + dh,
        "committed": F("committed") + dc,
        "incoming": F("incoming") + di,
        "backorder": backorder,
        "updated_at": clock.now(),
    }
    # QuerySet.update() with RETURNING (what Model.save() uses): one round trip gives the
    # resulting quantities for the movement row while the row lock is held.
    rows = qs._update(  # type: ignore[attr-defined]  # not in django-stubs
        [(_META.get_field(name), None, value) for name, value in values.items()],
        returning_fields=_RETURNING,
    )
    return (rows[0][0], rows[0][1]) if rows else None


def _refusal(change: Change) -> InsufficientStock:
    level = StockLevel.objects.get(variant_id=change.variant_id, location_id=change.location_id)
    if change.committed < 0 and level.committed < -change.committed:
        return InsufficientStock(
            change.field,
            variant_id=change.variant_id,
            requested=-change.committed,
            available=level.committed,
            where=f"location {change.location_id} (committed)",
        )
    if change.incoming < 0 and level.incoming < -change.incoming:
        return InsufficientStock(
            change.field,
            variant_id=change.variant_id,
            requested=-change.incoming,
            available=level.incoming,
            where=f"location {change.location_id} (incoming)",
        )
    return InsufficientStock(
        change.field,
        variant_id=change.variant_id,
        requested=change.committed - change.on_hand,
        available=level.available,
        where=f"location {change.location_id}",
    )


def _flags(location_ids: set[int], known: Mapping[int, bool] | None) -> dict[int, bool]:
    if known is not None and location_ids <= known.keys():
        return {loc: known[loc] for loc in location_ids}
    flags = dict(Location.objects.filter(pk__in=location_ids).values_list("pk", "allows_backorder"))
    for loc in sorted(location_ids - flags.keys()):
        raise UnknownLocation("location_id", loc)
    return flags


def apply(
    changes: Iterable[Change],
    *,
    actor: str = "",
    backorder: Mapping[int, bool] | None = None,
) -> list[Movement]:
    """Apply `changes` in lock order, each with its movement and outbox row.

    `backorder` may carry {location id: allows_backorder} the caller has already read.
    Raises UnknownLocation, or InsufficientStock (naming `change.field`) when a change would
    take available below zero at a location without backorder, or committed/incoming below
    zero. It runs inside the caller's transaction (or its own) without a savepoint: on an error
    the whole transaction must roll back, so nothing of the batch is ever kept.
    """
    ordered: Sequence[Change] = sorted(changes, key=lambda c: (c.location_id, c.variant_id))
    if not ordered:
        return []
    with transaction.atomic(savepoint=False):
        flags = _flags({c.location_id for c in ordered}, backorder)
        now = clock.now()
        movements: list[Movement] = []
        outbox: list[StockChange] = []
        for change in ordered:
            after = _update(change, flags[change.location_id])
            if after is None:
                _ensure_levels({(change.location_id, change.variant_id)}, flags)
                after = _update(change, flags[change.location_id])
            if after is None:
                raise _refusal(change)
            if not (change.on_hand or change.committed):
                continue
            on_hand, committed = after
            movements.append(
                Movement(
                    variant_id=change.variant_id,
                    location_id=change.location_id,
                    reason=change.reason,
                    on_hand_delta=change.on_hand,
                    committed_delta=change.committed,
                    on_hand_after=on_hand,
                    committed_after=committed,
                    reference=change.reference,
                    actor=actor,
                    note=change.note,
                    created_at=now,
                )
            )
            if change.on_hand != change.committed:
                outbox.append(
                    StockChange(
                        variant_id=change.variant_id,
                        location_id=change.location_id,
                        available=on_hand - committed,
                        created_at=now,
                    )
                )
        Movement.objects.bulk_create(movements)
        if outbox:
            StockChange.objects.bulk_create(outbox)
        return movements


def record_movement(
    *,
    variant_id: int,
    location_id: int,
    reason: Reason,
    on_hand: int = 0,
    committed: int = 0,
    reference: str = "",
    actor: str = "",
    note: str = "",
    field: str = "quantity",
    backorder: bool | None = None,
) -> Movement:
    """One change of one level, with its movement row (see `apply`)."""
    change = Change(
        variant_id=variant_id,
        location_id=location_id,
        reason=reason,
        on_hand=on_hand,
        committed=committed,
        reference=reference,
        note=note,
        field=field,
    )
    known = None if backorder is None else {location_id: backorder}
    return apply([change], actor=actor, backorder=known)[0]


def record_count(
    *,
    variant_id: int,
    location_id: int,
    counted: int,
    reference: str = "",
    actor: str = "",
    field: str = "counted",
) -> Movement:
    """Set on_hand to a counted figure: the movement records the difference (possibly 0).

    The level row is locked while the difference is worked out, so a concurrent change can
    never be lost. Raises InsufficientStock when the count is below what is committed at a
    location without backorder (release reservations first).
    """
    with transaction.atomic():
        flags = dict(Location.objects.filter(pk=location_id).values_list("pk", "allows_backorder"))
        if location_id not in flags:
            raise UnknownLocation("location_id", location_id)
        _ensure_levels({(location_id, variant_id)}, flags)
        level = StockLevel.objects.select_for_update().get(
            variant_id=variant_id, location_id=location_id
        )
        change = Change(
            variant_id=variant_id,
            location_id=location_id,
            reason=Reason.COUNTED,
            on_hand=counted - level.on_hand,
            reference=reference,
            field=field,
        )
        if change.on_hand:
            return apply([change], actor=actor)[0]
        return Movement.objects.create(
            variant_id=variant_id,
            location_id=location_id,
            reason=Reason.COUNTED,
            on_hand_delta=0,
            committed_delta=0,
            on_hand_after=level.on_hand,
            committed_after=level.committed,
            reference=reference,
            actor=actor,
            created_at=clock.now(),
        )
