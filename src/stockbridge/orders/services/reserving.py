"""How order lines hold stock: one inventory reservation per (line, location), each under its
own reference `order:<order id>:line:<line id>:<n>`, recorded as a `LineAllocation`.

Everything here calls the public inventory services (reserve_lines, release, fulfil);
quantities are never written by orders. All the lines of an order are reserved by one
`reserve_lines` call: one lock-ordered ledger write, so two orders naming the same variants
in opposite line order never deadlock. Giving each location its own reference is what lets a
line ship from a chosen location: units held elsewhere are released and held again where
they ship.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from django.db.models import Count

from stockbridge.inventory import queries as stock
from stockbridge.inventory import services as inventory
from stockbridge.inventory.allocation import Allocation, Candidate, Strategy, allocate
from stockbridge.inventory.errors import InsufficientStock
from stockbridge.inventory.models import BundleComponent, Location, StockLevel

from .. import rows
from ..models import LineAllocation, OrderLine

SPLIT_ATTEMPTS = 3


def _reference(line: OrderLine, n: int) -> str:
    return f"order:{line.order_id}:line:{line.pk}:{n}"


@dataclass(frozen=True, slots=True)
class _Hold:
    """One reservation to make: `quantity` units of `line` at `location_id` (None: where the
    allocation policy says) under reference number `n`; `field` names the line in errors."""

    line: OrderLine
    field: str
    location_id: int | None
    quantity: int
    n: int


def _reserve(holds: Sequence[_Hold], actor: str) -> list[LineAllocation]:
    """Reserve every hold in one inventory call (all or none) and record the allocations
    (not saved). Raises InsufficientStock naming the hold's `field`."""
    requests = [
        inventory.LineRequest(
            variant_id=h.line.variant_id,
            quantity=h.quantity,
            reference=_reference(h.line, h.n),
            location_id=h.location_id,
        )
        for h in holds
    ]
    try:
        held = inventory.reserve_lines(lines=requests, actor=actor)
    except InsufficientStock as exc:
        h = holds[_index(exc.field, len(holds))]
        raise InsufficientStock(
            h.field, variant_id=h.line.variant_id, requested=h.quantity, available=exc.available
        ) from exc
    return [
        LineAllocation(
            line=h.line,
            location_id=rows[0].location_id,
            reference=request.reference,
            quantity=h.quantity,
        )
        for h, request, rows in zip(holds, requests, held, strict=True)
    ]


def _index(field: str, count: int) -> int:
    """The i of `lines[i].quantity` as named by reserve_lines (0 when it names no line)."""
    if field.startswith("lines[") and "]" in field:
        i = int(field[len("lines[") : field.index("]")])
        if 0 <= i < count:
            return i
    return 0


def _candidates(line: OrderLine, taken: dict[tuple[int, int], int]) -> list[Candidate]:
    rows = Location.objects.filter(is_active=True).values_list("pk", "priority", "allows_backorder")
    return [
        Candidate(
            location_id=pk,
            priority=priority,
            allows_backorder=backorder,
            available=stock.available(variant_id=line.variant_id, location_id=pk)
            - taken[(pk, line.variant_id)],
        )
        for pk, priority, backorder in rows
    ]


def _plan_split(lines: Sequence[OrderLine], fields: Sequence[str]) -> list[_Hold]:
    """Where each line goes when one location cannot fill every line: one location when one
    has it all (after what earlier lines of the order take), otherwise split over several.
    Raises InsufficientStock naming the first line nothing can fill."""
    holds: list[_Hold] = []
    taken: dict[tuple[int, int], int] = defaultdict(int)
    for line, field in zip(lines, fields, strict=True):
        quantity = line.open_quantity
        candidates = _candidates(line, taken)
        plan: list[Allocation]
        try:
            plan = allocate(quantity, candidates, strategy=Strategy.PRIORITY, split=False)
        except InsufficientStock:
            try:
                plan = allocate(
                    quantity,
                    candidates,
                    strategy=Strategy.PRIORITY,
                    split=True,
                    variant_id=line.variant_id,
                )
            except InsufficientStock as exc:
                raise InsufficientStock(
                    field, variant_id=line.variant_id, requested=quantity, available=exc.available
                ) from exc
        for i, a in enumerate(plan):
            taken[(a.location_id, line.variant_id)] += a.quantity
            holds.append(_Hold(line, field, a.location_id, a.quantity, 1 + i))
    return holds


def hold_lines(
    lines: Sequence[OrderLine],
    *,
    fields: Sequence[str],
    location_id: int | None = None,
    actor: str = "",
) -> list[LineAllocation]:
    """Reserve the open units of lines that hold nothing yet, all or none, in one inventory
    call: at `location_id` only, or where the allocation policy says (one location per line
    when one can fill it, otherwise split over several). Saves and returns the allocations,
    in line order. Raises InsufficientStock naming the line's entry of `fields`."""
    holds = [
        _Hold(line, field, location_id, line.open_quantity, 1)
        for line, field in zip(lines, fields, strict=True)
        if line.open_quantity > 0
    ]
    if not holds:
        return []
    try:
        allocations = _reserve(holds, actor)
    except InsufficientStock:
        if location_id is not None:
            raise
        allocations = _split(holds, actor)
    rows.insert(allocations)
    return allocations


def _split(holds: Sequence[_Hold], actor: str) -> list[LineAllocation]:
    lines = [h.line for h in holds]
    fields = [h.field for h in holds]
    error: InsufficientStock | None = None
    for _ in range(SPLIT_ATTEMPTS):
        # Stock is read without locks: another process may take it before the reservation,
        # which then writes nothing; plan again.
        try:
            return _reserve(_plan_split(lines, fields), actor)
        except InsufficientStock as exc:
            error = exc
    assert error is not None
    raise error


def _open(line_ids: Sequence[int]) -> dict[int, list[LineAllocation]]:
    """The allocations still holding units, per line, newest first."""
    held: dict[int, list[LineAllocation]] = {pk: [] for pk in line_ids}
    for a in rows.allocations_of(line_ids):
        if a.open_quantity > 0:
            held[a.line_id].append(a)
    return held


def _save(changed: Sequence[LineAllocation], field: str) -> None:
    """Save `field` ("fulfilled" or "released") of the allocations, in one statement. Their
    order is locked by the caller, so the values read under that lock are current."""
    rows.update(list({a.pk: a for a in changed}.values()), [field])


def release_lines(
    lines: Sequence[tuple[OrderLine, int | None]], *, actor: str = ""
) -> dict[int, int]:
    """Give back held units of several lines ((line, quantity or None for all)), newest holds
    first, in one inventory call. Returns the units released per line id."""
    opened = _open([line.pk for line, _ in lines])
    released: dict[int, int] = {}
    taken: list[tuple[LineAllocation, int]] = []
    for line, quantity in lines:
        remaining = quantity
        released[line.pk] = 0
        for a in opened[line.pk]:
            take = a.open_quantity if remaining is None else min(a.open_quantity, remaining)
            if take <= 0:
                break
            a.released += take
            taken.append((a, take))
            released[line.pk] += take
            if remaining is not None:
                remaining -= take
    _settle(inventory.release_lines, taken, actor)
    _save([a for a, _ in taken], "released")
    return released


def _settle(
    call: Callable[..., object], taken: Sequence[tuple[LineAllocation, int]], actor: str
) -> None:
    """Fulfil or release (`call`: inventory.fulfil_lines / release_lines) units of several
    allocations in one inventory call: one transaction, one lock-ordered ledger write."""
    if taken:
        call(
            lines=[
                inventory.FulfilRequest(a.reference, take, location_id=a.location_id)
                for a, take in taken
            ],
            actor=actor,
        )


def lock_stock(location_ids: set[int] | None, variant_ids: set[int]) -> None:
    """Lock the stock rows of these variants (a bundle's: its components') at these locations
    (None: everywhere) in the inventory's global lock order (location, variant). Each
    inventory call is lock-ordered on its own, but several calls in one transaction are not:
    holding every row they will touch first means none of them waits for a row while holding
    another, so the transaction cannot deadlock with other writers of the same stock
    (PostgreSQL; SQLite runs one writer at a time). Only locks: quantities are still written
    by the inventory."""
    components = BundleComponent.objects.filter(bundle_id__in=variant_ids)
    variants = variant_ids | set(components.values_list("component_id", flat=True))
    rows = StockLevel.objects.select_for_update().filter(variant_id__in=variants)
    if location_ids is not None:
        rows = rows.filter(location_id__in=location_ids)
    list(rows.order_by("location_id", "variant_id").values_list("pk", flat=True))


def ship_lines(
    wanted: Sequence[tuple[str, OrderLine, int]], *, location_id: int, actor: str = ""
) -> None:
    """Ship units of several lines ((field, line, quantity)) from `location_id`: on_hand and
    committed go down there, for every line in one inventory call. Units held at another
    location move here first: released there and held here (one call each for every such
    line). Raises InsufficientStock naming the line's field when this location cannot cover
    them."""
    opened = _open([line.pk for _, line, _ in wanted])
    shipped: list[tuple[LineAllocation, int]] = []
    released: list[tuple[LineAllocation, int]] = []
    moving: list[_Hold] = []
    for field, line, quantity in wanted:
        remaining = quantity
        for a in opened[line.pk]:
            if a.location_id != location_id or remaining == 0:
                continue
            take = min(a.open_quantity, remaining)
            a.fulfilled += take
            shipped.append((a, take))
            remaining -= take
        if remaining == 0:
            continue
        moving.append(_Hold(line, field, location_id, remaining, 0))
        for a in opened[line.pk]:
            if a.location_id == location_id or remaining == 0:
                continue
            take = min(a.open_quantity, remaining)
            a.released += take
            released.append((a, take))
            remaining -= take
    _save([a for a, _ in shipped], "fulfilled")
    here: list[LineAllocation] = []
    if moving:
        # The inventory cannot move a reservation: units held elsewhere are released there
        # and reserved here under the line's next reference, then shipped with the others.
        # Three inventory calls: the stock rows they touch are locked first, in order.
        lock_stock(
            {location_id} | {a.location_id for a, _ in released},
            {line.variant_id for _, line, _ in wanted},
        )
        _settle(inventory.release_lines, released, actor)
        _save([a for a, _ in released], "released")
        counts = dict(
            LineAllocation.objects.filter(line_id__in=[h.line.pk for h in moving])
            .values("line_id")
            .annotate(n=Count("id"))
            .values_list("line_id", "n")
        )
        holds = [
            _Hold(h.line, h.field, location_id, h.quantity, counts.get(h.line.pk, 0) + 1)
            for h in moving
        ]
        here = _reserve(holds, actor)
        for a in here:
            a.fulfilled = a.quantity
    _settle(inventory.fulfil_lines, shipped + [(a, a.quantity) for a in here], actor)
    rows.insert(here)
