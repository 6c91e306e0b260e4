"""Purchasing reads: purchase orders with filters, and incoming stock by expected date."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import date

from django.db.models import QuerySet

from .models import OPEN_STATUSES, PurchaseOrder, PurchaseOrderLine


@dataclass(frozen=True, slots=True)
class Incoming:
    """Units of a variant still expected from one purchase order line."""

    variant_id: int
    location_id: int
    quantity: int
    expected_on: date | None
    purchase_order: str
    supplier: str


def purchase_orders(
    *, status: str | None = None, supplier_id: int | None = None, location_id: int | None = None
) -> QuerySet[PurchaseOrder]:
    qs = PurchaseOrder.objects.select_related("supplier", "location").prefetch_related("lines")
    if status:
        qs = qs.filter(status=status)
    if supplier_id is not None:
        qs = qs.filter(supplier_id=supplier_id)
    if location_id is not None:
        qs = qs.filter(location_id=location_id)
    return qs


def incoming(
    *,
    variant_id: int | None = None,
    location_id: int | None = None,
    variant_ids: Collection[int] | None = None,
) -> list[Incoming]:
    """Open purchase order quantities with their expected dates, soonest first (undated last).

    A line's own expected date wins over its order's."""
    qs = PurchaseOrderLine.objects.select_related(
        "purchase_order", "purchase_order__supplier"
    ).filter(purchase_order__status__in=OPEN_STATUSES)
    if variant_id is not None:
        qs = qs.filter(variant_id=variant_id)
    if variant_ids is not None:
        qs = qs.filter(variant_id__in=list(variant_ids))
    if location_id is not None:
        qs = qs.filter(purchase_order__location_id=location_id)
    rows = [
        Incoming(
            variant_id=line.variant_id,
            location_id=line.purchase_order.location_id,
            quantity=line.open_quantity,
            expected_on=line.expected_on or line.purchase_order.expected_on,
            purchase_order=line.purchase_order.number,
            supplier=line.purchase_order.supplier.code,
        )
        for line in qs
        if line.open_quantity
    ]
    return sorted(
        rows, key=lambda r: (r.expected_on is None, r.expected_on or date.min, r.purchase_order)
    )
