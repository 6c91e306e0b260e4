"""API shapes for purchase orders."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from ninja import Schema


class PurchaseLineIn(Schema):
    sku: str | None = None
    variant_id: int | None = None
    quantity: int
    expected_on: date | None = None


class PurchaseOrderIn(Schema):
    supplier: str | None = None
    supplier_id: int | None = None
    location: str | None = None
    location_id: int | None = None
    expected_on: date | None = None
    note: str = ""
    place: bool = False
    lines: list[PurchaseLineIn]


class PurchaseLineOut(Schema):
    id: int
    variant_id: int
    sku: str
    quantity: int
    received: int
    open_quantity: int
    expected_on: date | None

    @staticmethod
    def resolve_sku(obj: Any) -> str:
        return str(obj.variant.sku)


class PurchaseOrderOut(Schema):
    id: int
    number: str
    supplier: str
    location_id: int
    status: str
    expected_on: date | None
    note: str
    created_at: datetime
    ordered_at: datetime | None
    closed_at: datetime | None
    lines: list[PurchaseLineOut]

    @staticmethod
    def resolve_supplier(obj: Any) -> str:
        return str(obj.supplier.code)

    @staticmethod
    def resolve_lines(obj: Any) -> list[Any]:
        return list(obj.lines.select_related("variant").all())


class PurchaseOrderPage(Schema):
    items: list[PurchaseOrderOut]
    next_cursor: str | None


class IncomingLineOut(Schema):
    variant_id: int
    location_id: int
    quantity: int
    expected_on: date | None
    purchase_order: str
    supplier: str
