"""Purchase order endpoints: create, place, receive (full or partial), cancel; incoming stock
with expected dates."""

from __future__ import annotations

from typing import Annotated, Any

from django.db.models import Q
from django.http import HttpRequest
from ninja import Router, Status

from stockbridge.purchasing import queries, services
from stockbridge.purchasing.errors import PurchaseOrderNotFound, UnknownSupplier
from stockbridge.purchasing.models import PurchaseOrderStatus, Supplier
from stockbridge.purchasing.services import LineSpec

from .inputs import Id, Text, choices
from .pagination import Cursor, Limit, paginate
from .purchasing_schemas import (
    IncomingLineOut,
    PurchaseOrderIn,
    PurchaseOrderOut,
    PurchaseOrderPage,
)
from .stock_schemas import (
    ReceiveIn,
    location_id_of,
    sku_quantities,
    variant_id_of,
)

router = Router(tags=["purchasing"])


def _actor(request: HttpRequest) -> str:
    user = getattr(request, "user", None)
    return str(getattr(user, "username", "") or "api")


def _po(purchase_order_id: Id) -> Any:
    po = queries.purchase_orders().filter(pk=purchase_order_id).first()
    if po is None:
        raise PurchaseOrderNotFound(purchase_order_id)
    return po


def _supplier_id(supplier_id: int | None, key: str | None) -> int:
    if supplier_id is not None:
        return supplier_id
    found = (
        Supplier.objects.filter(Q(code=key) | Q(name=key)).values_list("pk", flat=True).first()
        if key
        else None
    )
    if found is None:
        raise UnknownSupplier(repr(key))
    return found


@router.get("/purchase-orders", response=PurchaseOrderPage)
def list_purchase_orders(
    request: HttpRequest,
    status: Annotated[str, choices(PurchaseOrderStatus)] | None = None,
    supplier_id: Id | None = None,
    location_id: Id | None = None,
    cursor: Cursor | None = None,
    limit: Limit = 50,
) -> dict[str, Any]:
    qs = queries.purchase_orders(status=status, supplier_id=supplier_id, location_id=location_id)
    return paginate(qs, cursor=cursor, limit=limit)


@router.post("/purchase-orders", response={201: PurchaseOrderOut})
def create_purchase_order(request: HttpRequest, payload: PurchaseOrderIn) -> Status[Any]:
    po = services.create_purchase_order(
        supplier_id=_supplier_id(payload.supplier_id, payload.supplier),
        location_id=location_id_of(payload.location_id, payload.location),
        lines=[
            LineSpec(
                variant_id=variant_id_of(line.variant_id, line.sku, f"lines[{i}]."),
                quantity=line.quantity,
                expected_on=line.expected_on,
                unit_cost=line.unit_cost,
            )
            for i, line in enumerate(payload.lines)
        ],
        expected_on=payload.expected_on,
        currency=payload.currency or "",
        note=payload.note,
        place=payload.place,
        actor=_actor(request),
    )
    return Status(201, _po(po.pk))


@router.get("/purchase-orders/{purchase_order_id}", response=PurchaseOrderOut)
def get_purchase_order(request: HttpRequest, purchase_order_id: Id) -> Any:
    return _po(purchase_order_id)


@router.post("/purchase-orders/{purchase_order_id}/place", response=PurchaseOrderOut)
def place_purchase_order(request: HttpRequest, purchase_order_id: Id) -> Any:
    _po(purchase_order_id)  # an unknown purchase order is 404 whatever the body holds
    services.place_purchase_order(purchase_order_id=purchase_order_id, actor=_actor(request))
    return _po(purchase_order_id)


@router.post("/purchase-orders/{purchase_order_id}/receive", response=PurchaseOrderOut)
def receive_purchase_order(request: HttpRequest, purchase_order_id: Id, payload: ReceiveIn) -> Any:
    """Receive everything open, or `quantities` {sku: units} (partial receipt)."""
    _po(purchase_order_id)  # an unknown purchase order is 404 whatever the body holds
    services.receive_purchase_order(
        purchase_order_id=purchase_order_id,
        quantities=sku_quantities(payload.quantities),
        actor=_actor(request),
    )
    return _po(purchase_order_id)


@router.post("/purchase-orders/{purchase_order_id}/cancel", response=PurchaseOrderOut)
def cancel_purchase_order(request: HttpRequest, purchase_order_id: Id) -> Any:
    _po(purchase_order_id)  # an unknown purchase order is 404 whatever the body holds
    services.cancel_purchase_order(purchase_order_id=purchase_order_id, actor=_actor(request))
    return _po(purchase_order_id)


@router.get("/incoming", response=list[IncomingLineOut])
def incoming(
    request: HttpRequest, sku: Text | None = None, location_id: Id | None = None
) -> list[Any]:
    """Open purchase order quantities with expected dates (work-in-progress inventory)."""
    variant_id = variant_id_of(None, sku) if sku else None
    return list(queries.incoming(variant_id=variant_id, location_id=location_id))
