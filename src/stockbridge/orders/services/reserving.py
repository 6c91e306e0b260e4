"""How order lines hold stock: one inventory reservation per (line, location), each under its
own reference `order:<order id>:line:<line id>:<n>`, recorded as a `LineAllocation`.

Orders ask, the inventory decides: every call here is one call of a public inventory service
(reserve_lines, release_lines, ship_lines), which locks the stock it reads and writes in its
global order and decides where units go under those locks. Orders never read stock levels or
lock them. Giving each location its own reference is what lets a line ship from a chosen
location: units held elsewhere are released there and held again where they ship.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Sequence

from stockbridge.inventory import services as inventory
from stockbridge.inventory.errors import InsufficientStock
from stockbridge.platform.errors import FieldError

from .. import rows
from ..models import LineAllocation, OrderLine


def _base(line: OrderLine) -> str:
    return f"order:{line.order_id}:line:{line.pk}"


def _index(field: str, count: int) -> int:
    """The i of `lines[i].quantity` as named by the inventory (0 when it names no line)."""
    if field.startswith("lines[") and "]" in field:
        i = int(field[len("lines[") : field.index("]")])
        if 0 <= i < count:
            return i
    return 0


def _renamed(error: InsufficientStock, fields: Sequence[str]) -> InsufficientStock:
    """`error` naming the order's field of the line the inventory named by position."""
    i = _index(error.field, len(fields))
    renamed = InsufficientStock(
        fields[i],
        sku=error.sku,
        requested=error.requested,
        available=error.available,
        where=error.where,
    )
    renamed.reason = error.reason
    renamed.args = (f"{fields[i]}: {error.reason}",)
    renamed.code = error.code
    return renamed


def hold_lines(
    lines: Sequence[OrderLine],
    *,
    fields: Sequence[str],
    location_id: int | None = None,
    actor: str = "",
) -> list[LineAllocation]:
    """Reserve the open units of lines that hold nothing yet, all or none, in one inventory
    call: at `location_id` only, or where the inventory's allocation policy says (one location
    per line when one can fill it, otherwise split over several, stock on hand before any
    backorder). Saves and returns the allocations, in line order. Raises InsufficientStock
    naming the line's entry of `fields`; the caller's transaction (or savepoint) must then
    roll back, as every order use case does on an error."""
    wanted = [
        (line, field)
        for line, field in zip(lines, fields, strict=True)
        if line.open_quantity > 0 and line.variant_id is not None  # unlinked: no stock
    ]
    if not wanted:
        return []
    requests = [
        inventory.LineRequest(
            variant_id=int(line.variant_id or 0),  # only linked lines are wanted
            quantity=line.open_quantity,
            reference=_base(line),
            location_id=location_id,
            first_part=1,
        )
        for line, _ in wanted
    ]
    try:
        # Every caller rolls the order's use case back whole on an error (its transaction, or
        # the savepoint of `_confirm_or_keep_draft`): no savepoint of the inventory's own.
        held = inventory.reserve_lines(
            lines=requests, split=location_id is None, actor=actor, savepoint=False
        )
    except InsufficientStock as exc:
        raise _renamed(exc, [field for _, field in wanted]) from exc
    allocations: list[LineAllocation] = []
    for (line, _), reservations in zip(wanted, held, strict=True):
        seen: set[str] = set()
        for r in reservations:
            if r.reference not in seen:  # a bundle holds one reservation per part
                seen.add(r.reference)
                allocations.append(
                    rows.new(
                        LineAllocation,
                        line=line,
                        location_id=r.location_id,
                        reference=r.reference,
                        quantity=r.quantity // r.per_unit,
                    )
                )
    rows.insert(allocations)
    return allocations


def _held(line_ids: Sequence[int]) -> tuple[dict[int, list[LineAllocation]], dict[int, int]]:
    """The allocations still holding units, per line, newest first; and how many allocations
    each line has had (its next reference number is one more)."""
    held: dict[int, list[LineAllocation]] = {pk: [] for pk in line_ids}
    counts: dict[int, int] = defaultdict(int)
    for a in rows.allocations_of(line_ids):
        counts[a.line_id] += 1
        if a.open_quantity > 0:
            held[a.line_id].append(a)
    return held, counts


def _save(changed: Sequence[LineAllocation], field: str) -> None:
    """Save `field` ("fulfilled" or "released") of the allocations, in one statement. Their
    order is locked by the caller, so the values read under that lock are current."""
    rows.update(list({a.pk: a for a in changed}.values()), [field])


def release_lines(
    lines: Sequence[tuple[OrderLine, int | None]], *, actor: str = ""
) -> dict[int, int]:
    """Give back held units of several lines ((line, quantity or None for all)), newest holds
    first, in one inventory call. Returns the units released per line id."""
    opened, _ = _held([line.pk for line, _ in lines])
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
    """Release units of several allocations in one inventory call."""
    if taken:
        call(
            lines=[
                inventory.ReleaseRequest(a.reference, take, location_id=a.location_id)
                for a, take in taken
            ],
            actor=actor,
        )


def ship_lines(
    wanted: Sequence[tuple[str, OrderLine, int]], *, location_id: int, actor: str = ""
) -> None:
    """Ship units of several lines ((field, line, quantity)) from `location_id` in one
    inventory call: units held there ship; units held at another location are released there
    and held here under the line's next reference (the inventory moves them), then ship.
    Raises InsufficientStock (or NotOnHand) naming the line's field when this location cannot
    cover them."""
    opened, counts = _held([line.pk for _, line, _ in wanted])
    shipped: list[LineAllocation] = []
    released: list[LineAllocation] = []
    here: list[LineAllocation] = []
    requests: list[inventory.ShipLine] = []
    for field, line, quantity in wanted:
        remaining = quantity
        held: list[inventory.FulfilRequest] = []
        for a in opened[line.pk]:
            if a.location_id != location_id or remaining == 0:
                continue
            take = min(a.open_quantity, remaining)
            a.fulfilled += take
            shipped.append(a)
            held.append(inventory.FulfilRequest(a.reference, take, location_id=location_id))
            remaining -= take
        moved: list[inventory.ReleaseRequest] = []
        reference = f"{_base(line)}:{counts[line.pk] + 1}" if remaining else ""
        for a in opened[line.pk]:
            if a.location_id == location_id or remaining == 0:
                continue
            take = min(a.open_quantity, remaining)
            a.released += take
            released.append(a)
            moved.append(inventory.ReleaseRequest(a.reference, take, location_id=a.location_id))
            remaining -= take
        if remaining:
            raise FieldError(field, f"only {quantity - remaining} units are held for this line")
        if moved:
            units = sum(m.quantity or 0 for m in moved)
            here.append(
                rows.new(
                    LineAllocation,
                    line=line,
                    location_id=location_id,
                    reference=reference,
                    quantity=units,
                    fulfilled=units,
                )
            )
        requests.append(inventory.ShipLine(held=held, moved=moved, reference=reference))
    try:
        inventory.ship_lines(location_id=location_id, lines=requests, actor=actor)
    except InsufficientStock as exc:
        raise _renamed(exc, [field for field, _, _ in wanted]) from exc
    _save(shipped, "fulfilled")
    _save(released, "released")
    rows.insert(here)
