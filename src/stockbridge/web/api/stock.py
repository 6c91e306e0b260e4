"""Stock endpoints: levels by variant/location/SKU, adjust, count, transfers, bundles, the
ledger (stock history) with filters, and the low-stock report."""

from __future__ import annotations

from typing import Annotated, Any

from django.http import HttpRequest
from ninja import Router, Status

from stockbridge.catalog.models import Variant
from stockbridge.inventory import queries, services
from stockbridge.inventory.errors import TransferNotFound
from stockbridge.inventory.models import BundleComponent, Reason, Transfer
from stockbridge.platform import clock
from stockbridge.platform.errors import FieldError
from stockbridge.purchasing import queries as purchasing_queries
from stockbridge.purchasing.promise import promises

from .inputs import DateTime, Id, StockThreshold, Text, Text120, choices
from .pagination import Cursor, Limit, paginate
from .stock_schemas import (
    AdjustmentIn,
    BundleIn,
    BundleOut,
    CountIn,
    LevelPage,
    MovementOut,
    MovementPage,
    PromiseOut,
    ReceiveIn,
    TransferIn,
    TransferOut,
    VariantStockOut,
    location_id_of,
    sku_quantities,
    variant_id_of,
)

router = Router(tags=["stock"])


def _actor(request: HttpRequest) -> str:
    user = getattr(request, "user", None)
    return str(getattr(user, "username", "") or "api")


def _movement(pk: int) -> Any:
    return queries.movements().get(pk=pk)


@router.get("/stock", response=LevelPage)
def list_levels(
    request: HttpRequest,
    sku: Text | None = None,
    variant_id: Id | None = None,
    location_id: Id | None = None,
    location: Text | None = None,
    cursor: Cursor | None = None,
    limit: Limit = 50,
) -> dict[str, Any]:
    """Stock levels filtered by SKU, variant, location id or location code."""
    qs = queries.levels(
        sku=sku, variant_id=variant_id, location_id=location_id, location_code=location
    )
    return paginate(qs, cursor=cursor, limit=limit)


@router.get("/stock/variants/{variant_id}", response=VariantStockOut)
def variant_stock(request: HttpRequest, variant_id: Id) -> dict[str, Any]:
    """One variant: available over all locations (bundles: from components), its levels and
    its incoming purchase order quantities with expected dates."""
    variant_id_of(variant_id, None)
    is_bundle = BundleComponent.objects.filter(bundle_id=variant_id).exists()
    return {
        "variant_id": variant_id,
        "sku": Variant.objects.get(pk=variant_id).sku,
        "available": queries.available(variant_id=variant_id),
        "is_bundle": is_bundle,
        "levels": list(queries.levels(variant_id=variant_id)),
        "incoming": purchasing_queries.incoming(variant_id=variant_id),
    }


@router.get("/stock/low", response=LevelPage)
def low_stock(
    request: HttpRequest,
    threshold: StockThreshold = 0,
    location_id: Id | None = None,
    cursor: Cursor | None = None,
    limit: Limit = 50,
) -> dict[str, Any]:
    """Levels whose available is at or below `threshold` (the low-stock report)."""
    qs = queries.low_stock(threshold=threshold, location_id=location_id)
    return paginate(qs, cursor=cursor, limit=limit)


@router.get("/stock/promise", response=list[PromiseOut])
def available_to_promise(
    request: HttpRequest,
    sku: Text | None = None,
    variant_id: Id | None = None,
    location_id: Id | None = None,
) -> list[dict[str, Any]]:
    """Available to promise by date of one variant (by SKU or id), per location: available
    now plus what open purchase orders bring by each expected date (`docs/inventory.md`)."""
    if sku is None and variant_id is None:
        raise FieldError("sku", "name the variant by sku or variant_id")
    found = variant_id_of(variant_id, sku)
    rows = promises(today=clock.now().date(), variant_ids=[found], location_id=location_id)
    return [
        {
            "variant_id": row.variant_id,
            "sku": row.sku,
            "location_id": row.location_id,
            "location": row.location,
            "on_hand": row.on_hand,
            "committed": row.committed,
            "available": row.promise.available,
            "undated_incoming": row.promise.undated,
            "steps": row.promise.steps,
        }
        for row in rows
    ]


@router.get("/stock/movements", response=MovementPage)
def list_movements(
    request: HttpRequest,
    sku: Text | None = None,
    variant_id: Id | None = None,
    location_id: Id | None = None,
    reason: Annotated[str, choices(Reason)] | None = None,
    reference: Text120 | None = None,
    since: DateTime | None = None,
    until: DateTime | None = None,
    cursor: Cursor | None = None,
    limit: Limit = 50,
) -> dict[str, Any]:
    """The stock history (ledger), oldest first, with filters."""
    qs = queries.movements(
        sku=sku,
        variant_id=variant_id,
        location_id=location_id,
        reason=reason,
        reference=reference,
        since=since,
        until=until,
    )
    return paginate(qs, cursor=cursor, limit=limit)


@router.post("/stock/adjustments", response={201: MovementOut})
def adjust(request: HttpRequest, payload: AdjustmentIn) -> Status[Any]:
    movement = services.adjust(
        variant_id=variant_id_of(payload.variant_id, payload.sku),
        location_id=location_id_of(payload.location_id, payload.location),
        delta=payload.delta,
        reason=payload.reason,
        reference=payload.reference,
        note=payload.note,
        actor=_actor(request),
    )
    return Status(201, _movement(movement.pk))


@router.post("/stock/counts", response={201: MovementOut})
def count(request: HttpRequest, payload: CountIn) -> Status[Any]:
    movement = services.count(
        variant_id=variant_id_of(payload.variant_id, payload.sku),
        location_id=location_id_of(payload.location_id, payload.location),
        counted=payload.counted,
        reference=payload.reference,
        actor=_actor(request),
    )
    return Status(201, _movement(movement.pk))


@router.post("/stock/transfers", response={201: TransferOut})
def create_transfer(request: HttpRequest, payload: TransferIn) -> Status[Any]:
    transfer = services.create_transfer(
        source_id=location_id_of(payload.source_id, payload.source, "source"),
        destination_id=location_id_of(payload.destination_id, payload.destination, "destination"),
        lines=[
            (variant_id_of(line.variant_id, line.sku, f"lines[{i}]."), line.quantity)
            for i, line in enumerate(payload.lines)
        ],
        note=payload.note,
        actor=_actor(request),
    )
    return Status(201, transfer)


@router.get("/stock/transfers/{transfer_id}", response=TransferOut)
def get_transfer(request: HttpRequest, transfer_id: Id) -> Any:
    transfer = Transfer.objects.filter(pk=transfer_id).first()
    if transfer is None:
        raise TransferNotFound(transfer_id)
    return transfer


@router.post("/stock/transfers/{transfer_id}/receive", response=TransferOut)
def receive_transfer(request: HttpRequest, transfer_id: Id, payload: ReceiveIn) -> Any:
    """Receive a transfer: everything in transit, or `quantities` {sku: units}."""
    get_transfer(request, transfer_id)  # an unknown transfer is 404 whatever the body holds
    return services.receive_transfer(
        transfer_id=transfer_id,
        quantities=sku_quantities(payload.quantities),
        actor=_actor(request),
    )


def _bundle(variant_id: Id) -> dict[str, Any]:
    parts = BundleComponent.objects.filter(bundle_id=variant_id).select_related("component")
    return {
        "bundle_id": variant_id,
        "sku": Variant.objects.get(pk=variant_id).sku,
        "available": queries.available(variant_id=variant_id),
        "components": [
            {"variant_id": p.component_id, "sku": p.component.sku, "quantity": p.quantity}
            for p in parts
        ],
    }


@router.get("/stock/bundles/{variant_id}", response=BundleOut)
def get_bundle(request: HttpRequest, variant_id: Id) -> dict[str, Any]:
    """A bundle variant's components and its available (minimum over components)."""
    variant_id_of(variant_id, None)
    return _bundle(variant_id)


@router.put("/stock/bundles/{variant_id}", response=BundleOut)
def set_bundle(request: HttpRequest, variant_id: Id, payload: BundleIn) -> dict[str, Any]:
    """Make a variant a bundle of components (replacing its previous definition)."""
    variant_id_of(variant_id, None)  # an unknown variant is 404 whatever the body holds
    components: dict[int, int] = {}
    for i, line in enumerate(payload.components):
        component = variant_id_of(line.variant_id, line.sku, f"components[{i}].")
        if component in components:
            named = "variant_id" if line.variant_id is not None else "sku"
            raise FieldError(
                f"components[{i}].{named}", "the same component appears twice", code="duplicate"
            )
        components[component] = line.quantity
    services.set_bundle(bundle_id=variant_id, components=components)
    return _bundle(variant_id)
