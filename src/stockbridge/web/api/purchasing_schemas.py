"""API shapes for purchase orders."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from ninja import Field, Schema
from pydantic import ConfigDict

from .inputs import Currency, Date, Id, Money, Quantity, StrictIn, Text, either

MAX_LINES = 1000


class PurchaseLineIn(StrictIn):
    model_config = ConfigDict(json_schema_extra=either(("sku", "variant_id")))

    sku: Text | None = None
    variant_id: Id | None = None
    quantity: Quantity
    expected_on: Date | None = None
    unit_cost: Money | None = None


class PurchaseOrderIn(StrictIn):
    model_config = ConfigDict(
        json_schema_extra=either(("supplier", "supplier_id"), ("location", "location_id"))
    )

    supplier: Text | None = None
    supplier_id: Id | None = None
    location: Text | None = None
    location_id: Id | None = None
    expected_on: Date | None = None
    currency: Currency | None = None
    note: Text = ""
    place: bool = False
    lines: list[PurchaseLineIn] = Field(..., min_length=1, max_length=MAX_LINES)


class PurchaseLineOut(Schema):
    id: int
    variant_id: int
    sku: str
    quantity: int
    received: int
    open_quantity: int
    expected_on: date | None
    unit_cost: Decimal | None

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
    currency: str
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
