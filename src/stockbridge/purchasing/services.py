"""Purchasing write use cases: create, place, receive (full or partial) and cancel purchase
orders. Each runs in one transaction; quantities change only through `inventory.ledger`
(placing raises `incoming`, receiving moves units from `incoming` to `on_hand` with a ledger
row, cancelling drops what is still open)."""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db import transaction

from stockbridge.catalog.models import Variant
from stockbridge.inventory import ledger
from stockbridge.inventory.errors import (
    NotAQuantity,
    UnknownLocation,
    quantities_field,
    stock_of,
)
from stockbridge.inventory.ledger import Change
from stockbridge.inventory.models import Location, Reason
from stockbridge.platform import clock
from stockbridge.platform.bounds import (
    check_currency,
    check_id,
    check_money,
    check_quantity,
    check_text,
)
from stockbridge.platform.errors import FieldError

from .errors import PurchaseOrderNotFound, UnknownSupplier, WrongStatus
from .models import (
    OPEN_STATUSES,
    PurchaseOrder,
    PurchaseOrderLine,
    PurchaseOrderStatus,
    Supplier,
)

NOTE_MAX = PurchaseOrder._meta.get_field("note").max_length or 255


@dataclass(frozen=True, slots=True)
class LineSpec:
    variant_id: int
    quantity: int
    expected_on: date | None = None
    unit_cost: Decimal | str | None = None


def _get(purchase_order_id: int) -> PurchaseOrder:
    po = PurchaseOrder.objects.select_for_update().filter(pk=purchase_order_id).first()
    if po is None:
        raise PurchaseOrderNotFound(purchase_order_id)
    return po


def create_purchase_order(
    *,
    supplier_id: int,
    location_id: int,
    lines: Iterable[LineSpec],
    expected_on: date | None = None,
    note: str = "",
    currency: str = "",
    place: bool = False,
    actor: str = "",
) -> PurchaseOrder:
    """Create a draft purchase order (numbered PO-00001...), placed at once with `place`.
    Lines may carry a unit cost (not negative, in at most the minor units of `currency`,
    which is then required).

    Raises UnknownSupplier, UnknownLocation, FieldError naming `lines[i].x` or `currency`."""
    specs = list(lines)
    if not specs:
        raise FieldError("lines", "at least one line is required")
    check_id("supplier_id", supplier_id)
    check_id("location_id", location_id)
    check_text("note", note, limit=NOTE_MAX)
    if currency:
        check_currency("currency", currency)
    costs: list[Decimal | None] = []
    for i, spec in enumerate(specs):
        check_id(f"lines[{i}].variant_id", spec.variant_id)
        check_quantity(f"lines[{i}].quantity", spec.quantity)
        if spec.unit_cost is None:
            costs.append(None)
            continue
        if not currency:
            raise FieldError("currency", "is required when a line has a unit cost")
        costs.append(check_money(f"lines[{i}].unit_cost", spec.unit_cost, currency=currency))
    with transaction.atomic():
        if not Supplier.objects.filter(pk=supplier_id).exists():
            raise UnknownSupplier(supplier_id)
        if not Location.objects.filter(pk=location_id).exists():
            raise UnknownLocation("location_id", location_id)
        seen: set[int] = set()
        for i, spec in enumerate(specs):
            q = spec.quantity
            if isinstance(q, bool) or not isinstance(q, int) or q < 1:
                raise FieldError(f"lines[{i}].quantity", f"must be an integer >= 1, got {q!r}")
            if not Variant.objects.filter(pk=spec.variant_id).exists():
                raise FieldError(
                    f"lines[{i}].variant_id", f"no variant {spec.variant_id}", code="not_found"
                )
            if spec.variant_id in seen:
                raise FieldError(
                    f"lines[{i}].variant_id", "each variant appears on one line", code="duplicate"
                )
            seen.add(spec.variant_id)
        po = PurchaseOrder.objects.create(
            number=f"tmp-{uuid.uuid4().hex}",
            supplier_id=supplier_id,
            location_id=location_id,
            expected_on=expected_on,
            currency=currency,
            note=note,
            created_at=clock.now(),
        )
        po.number = f"PO-{po.pk:05d}"
        po.save(update_fields=["number"])
        PurchaseOrderLine.objects.bulk_create(
            PurchaseOrderLine(
                purchase_order=po,
                variant_id=s.variant_id,
                quantity=s.quantity,
                expected_on=s.expected_on,
                unit_cost=cost,
            )
            for s, cost in zip(specs, costs, strict=True)
        )
        if place:
            return place_purchase_order(purchase_order_id=po.pk, actor=actor)
        return po


def place_purchase_order(*, purchase_order_id: int, actor: str = "") -> PurchaseOrder:
    """Send a draft to the supplier: its lines now show as `incoming` at its location.
    Raises PurchaseOrderNotFound, WrongStatus."""
    with transaction.atomic():
        po = _get(purchase_order_id)
        if po.status != PurchaseOrderStatus.DRAFT:
            raise WrongStatus(po.number, po.status, "place it")
        ledger.apply(
            [
                Change(
                    variant_id=line.variant_id,
                    location_id=po.location_id,
                    reason=Reason.RECEIVED,
                    incoming=line.quantity,
                    reference=f"po-line:{line.pk}",
                )
                for line in po.lines.all()
            ],
            actor=actor,
        )
        po.status = PurchaseOrderStatus.ORDERED
        po.ordered_at = clock.now()
        po.save(update_fields=["status", "ordered_at"])
        return po


def receive_purchase_order(
    *,
    purchase_order_id: int,
    quantities: Mapping[int, int] | None = None,
    actor: str = "",
) -> PurchaseOrder:
    """Receive units: all that is open, or `quantities` {variant id: units}. on_hand goes up
    (movement `received`, reference `po-line:<id>`), incoming down by what was expected.
    Receiving more than ordered is accepted (suppliers over-ship) and only raises on_hand.
    Raises PurchaseOrderNotFound, WrongStatus, FieldError naming `quantities["<SKU>"]`."""
    with transaction.atomic():
        po = _get(purchase_order_id)
        if po.status not in OPEN_STATUSES:
            raise WrongStatus(po.number, po.status, "receive it")
        lines = {line.variant_id: line for line in po.lines.select_related("variant")}
        wanted = (
            {v: line.open_quantity for v, line in lines.items() if line.open_quantity}
            if quantities is None
            else dict(quantities)
        )
        changes = []
        for variant_id, units in wanted.items():
            line = lines.get(variant_id)
            if line is None:
                raise _not_on(variant_id, po.number)
            field = quantities_field(line.variant.sku, variant_id)
            if isinstance(units, bool) or not isinstance(units, int) or units < 0:
                raise NotAQuantity(field, units, minimum=0)
            check_quantity(field, units, minimum=0)
            if units == 0:
                continue
            changes.append(
                Change(
                    variant_id=variant_id,
                    location_id=po.location_id,
                    reason=Reason.RECEIVED,
                    on_hand=units,
                    incoming=-min(units, line.open_quantity),
                    reference=f"po-line:{line.pk}",
                    field=field,
                )
            )
            line.received += units
            line.save(update_fields=["received"])
        if not changes:
            raise FieldError("quantities", "nothing to receive")
        ledger.apply(changes, actor=actor)
        done = all(line.open_quantity == 0 for line in lines.values())
        po.status = PurchaseOrderStatus.RECEIVED if done else PurchaseOrderStatus.PARTIALLY_RECEIVED
        po.closed_at = clock.now() if done else None
        po.save(update_fields=["status", "closed_at"])
        return po


def _not_on(variant_id: int, number: str) -> FieldError:
    """A variant to receive that is not on the purchase order (read on the error path)."""
    sku = Variant.objects.filter(pk=variant_id).values_list("sku", flat=True).first()
    field = quantities_field(sku, variant_id)
    if sku is None:
        return FieldError(field, f"no variant {variant_id}", code="not_found")
    return FieldError(field, f"{stock_of(sku)} is not on {number}")


def cancel_purchase_order(*, purchase_order_id: int, actor: str = "") -> PurchaseOrder:
    """Cancel what is still open: incoming drops by the open quantities; what was received
    stays. Raises PurchaseOrderNotFound, WrongStatus (already received or cancelled)."""
    with transaction.atomic():
        po = _get(purchase_order_id)
        if po.status not in (PurchaseOrderStatus.DRAFT, *OPEN_STATUSES):
            raise WrongStatus(po.number, po.status, "cancel it")
        if po.status in OPEN_STATUSES:
            ledger.apply(
                [
                    Change(
                        variant_id=line.variant_id,
                        location_id=po.location_id,
                        reason=Reason.RECEIVED,
                        incoming=-line.open_quantity,
                        reference=f"po-line:{line.pk}",
                    )
                    for line in po.lines.all()
                    if line.open_quantity
                ],
                actor=actor,
            )
        po.status = PurchaseOrderStatus.CANCELLED
        po.closed_at = clock.now()
        po.save(update_fields=["status", "closed_at"])
        return po


def update_purchase_order(
    *, purchase_order_id: int, expected_on: date | None, note: str, actor: str = ""
) -> PurchaseOrder:
    """Change what a purchase order says, not what it moves: its expected date and its note.
    Its supplier, location and lines are fixed once created (placing it put its units in
    `incoming` at that location). Raises PurchaseOrderNotFound, FieldError (note)."""
    check_text("note", note, limit=NOTE_MAX)
    with transaction.atomic():
        po = _get(purchase_order_id)
        po.expected_on = expected_on
        po.note = note
        po.save(update_fields=["expected_on", "note"])
        return po
