"""Supplier endpoints: who purchase orders are placed with (and products name)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.http import HttpRequest
from ninja import Field, Router, Schema, Status

from stockbridge.catalog import suppliers
from stockbridge.catalog.suppliers import SupplierNotFound, SupplierSpec

from .customers_schemas import EMAIL_PATTERN
from .inputs import Days, Id, NonBlank, StrictIn, Text, Text64, Text254
from .pagination import Cursor, Limit, Page, paginate

CODE_PATTERN = r"^\s*[A-Za-z0-9][A-Za-z0-9._-]{0,39}\s*$"

router = Router(tags=["suppliers"])


class SupplierIn(StrictIn):
    name: NonBlank
    code: str = Field(..., pattern=CODE_PATTERN)
    email: Text254 = Field("", json_schema_extra={"pattern": EMAIL_PATTERN})
    phone: Text64 = ""
    lead_time_days: Days | None = None


class SupplierPatch(StrictIn):
    name: NonBlank | None = None
    code: str | None = Field(None, pattern=CODE_PATTERN)
    email: Text254 | None = Field(None, json_schema_extra={"pattern": EMAIL_PATTERN})
    phone: Text64 | None = None
    lead_time_days: Days | None = None


class SupplierOut(Schema):
    id: int
    name: str
    code: str
    email: str
    phone: str
    lead_time_days: int | None
    created_at: datetime
    updated_at: datetime


class SupplierPage(Page):
    items: list[SupplierOut]


def _supplier(supplier_id: Id) -> Any:
    supplier = suppliers.suppliers().filter(pk=supplier_id).first()
    if supplier is None:
        raise SupplierNotFound(supplier_id)
    return supplier


@router.get("/suppliers", response=SupplierPage)
def list_suppliers(
    request: HttpRequest,
    q: Text | None = None,
    cursor: Cursor | None = None,
    limit: Limit = 50,
) -> dict[str, Any]:
    """Suppliers by name; `q` matches a part of the name or code."""
    return paginate(suppliers.suppliers(q=q), cursor=cursor, limit=limit)


@router.post("/suppliers", response={201: SupplierOut})
def create_supplier(request: HttpRequest, payload: SupplierIn) -> Status[Any]:
    return Status(201, suppliers.create_supplier(spec=SupplierSpec(**payload.model_dump())))


@router.get("/suppliers/{supplier_id}", response=SupplierOut)
def get_supplier(request: HttpRequest, supplier_id: Id) -> Any:
    return _supplier(supplier_id)


@router.patch("/suppliers/{supplier_id}", response=SupplierOut)
def update_supplier(request: HttpRequest, supplier_id: Id, payload: SupplierPatch) -> Any:
    """Change the fields given; `lead_time_days: null` clears the lead time."""
    changes = payload.model_dump(exclude_unset=True)
    changes = {k: v for k, v in changes.items() if v is not None or k == "lead_time_days"}
    return suppliers.update_supplier(supplier_id=supplier_id, changes=changes)
