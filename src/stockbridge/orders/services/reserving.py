"""How order lines hold stock: one inventory reservation per (line, location), each under its
own reference `order:<order id>:line:<line id>:<n>`, recorded as a `LineAllocation`.

Everything here calls the public inventory services (reserve, release, fulfil); quantities
are never written by orders. Giving each location its own reference is what lets a line ship
from a chosen location: units held elsewhere are released and held again where they ship.
"""

from __future__ import annotations

from django.db import transaction

from stockbridge.inventory import queries as stock
from stockbridge.inventory import services as inventory
from stockbridge.inventory.allocation import Candidate, Strategy, allocate
from stockbridge.inventory.errors import InsufficientStock
from stockbridge.inventory.models import Location

from ..models import LineAllocation, OrderLine

SPLIT_ATTEMPTS = 3


def _reference(line: OrderLine, n: int) -> str:
    return f"order:{line.order_id}:line:{line.pk}:{n}"


def _next_n(line: OrderLine) -> int:
    return LineAllocation.objects.filter(line=line).count() + 1


def _hold_at(
    line: OrderLine, location_id: int, quantity: int, n: int, actor: str
) -> LineAllocation:
    reference = _reference(line, n)
    inventory.reserve(
        variant_id=line.variant_id,
        quantity=quantity,
        reference=reference,
        location_id=location_id,
        actor=actor,
    )
    return LineAllocation.objects.create(
        line=line, location_id=location_id, reference=reference, quantity=quantity
    )


def _split(line: OrderLine, quantity: int, actor: str) -> list[LineAllocation]:
    error: InsufficientStock | None = None
    for _ in range(SPLIT_ATTEMPTS):
        rows = Location.objects.filter(is_active=True).values_list(
            "pk", "priority", "allows_backorder"
        )
        candidates = [
            Candidate(
                location_id=pk,
                priority=priority,
                allows_backorder=backorder,
                available=stock.available(variant_id=line.variant_id, location_id=pk),
            )
            for pk, priority, backorder in rows
        ]
        plan = allocate(
            quantity, candidates, strategy=Strategy.PRIORITY, split=True, variant_id=line.variant_id
        )
        n = _next_n(line)
        try:
            # Another process may take the stock between our read and the reservation: undo
            # this attempt only and plan again.
            with transaction.atomic():
                return [
                    _hold_at(line, a.location_id, a.quantity, n + i, actor)
                    for i, a in enumerate(plan)
                ]
        except InsufficientStock as exc:
            error = exc
    assert error is not None
    raise error


def hold(
    line: OrderLine,
    *,
    location_id: int | None = None,
    field: str = "quantity",
    first: bool = False,
    actor: str = "",
) -> list[LineAllocation]:
    """Reserve the line's open units: at `location_id` only, or where the allocation policy
    says (one location when one can fill it, otherwise split over several). `first`: the line
    holds nothing yet (saves a count). Raises
    InsufficientStock naming `field`."""
    quantity = line.open_quantity
    n = 1 if first else _next_n(line)
    try:
        if location_id is not None:
            return [_hold_at(line, location_id, quantity, n, actor)]
        reference = _reference(line, n)
        held = inventory.reserve(
            variant_id=line.variant_id, quantity=quantity, reference=reference, actor=actor
        )
        return [
            LineAllocation.objects.create(
                line=line, location_id=held[0].location_id, reference=reference, quantity=quantity
            )
        ]
    except InsufficientStock as first:
        short = first
        if location_id is None:
            try:
                return _split(line, quantity, actor)
            except InsufficientStock as again:
                short = again
        raise InsufficientStock(
            field, variant_id=line.variant_id, requested=quantity, available=short.available
        ) from short


def _open(line: OrderLine) -> list[LineAllocation]:
    rows = LineAllocation.objects.filter(line=line).order_by("-id")
    return [a for a in rows if a.open_quantity > 0]


def release(line: OrderLine, quantity: int | None = None, *, actor: str = "") -> int:
    """Give back `quantity` held units of the line (all when None), newest holds first.
    Returns the units released."""
    remaining = quantity
    released = 0
    for a in _open(line):
        take = a.open_quantity if remaining is None else min(a.open_quantity, remaining)
        if take <= 0:
            break
        inventory.release(reference=a.reference, quantity=take, actor=actor)
        a.released += take
        a.save(update_fields=["released"])
        released += take
        if remaining is not None:
            remaining -= take
    return released


def ship(line: OrderLine, *, location_id: int, quantity: int, field: str, actor: str = "") -> None:
    """Ship `quantity` units of the line from `location_id`: on_hand and committed go down
    there. Units held at another location are released there and held here first. Raises
    InsufficientStock naming `field` when this location cannot cover them."""
    remaining = quantity
    opened = _open(line)
    for a in opened:
        if a.location_id != location_id or remaining == 0:
            continue
        take = min(a.open_quantity, remaining)
        inventory.fulfil(reference=a.reference, quantity=take, actor=actor)
        a.fulfilled += take
        a.save(update_fields=["fulfilled"])
        remaining -= take
    if remaining == 0:
        return
    # Units held elsewhere move here: release them there, hold them here, ship them.
    moving = remaining
    for a in opened:
        if a.location_id == location_id or remaining == 0:
            continue
        take = min(a.open_quantity, remaining)
        inventory.release(reference=a.reference, quantity=take, actor=actor)
        a.released += take
        a.save(update_fields=["released"])
        remaining -= take
    try:
        here = _hold_at(line, location_id, moving, _next_n(line), actor)
    except InsufficientStock as exc:
        raise InsufficientStock(
            field, variant_id=line.variant_id, requested=moving, available=exc.available
        ) from exc
    inventory.fulfil(reference=here.reference, quantity=here.quantity, actor=actor)
    here.fulfilled = here.quantity
    here.save(update_fields=["fulfilled"])
