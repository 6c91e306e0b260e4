"""API shapes for stock: levels, movements, adjustments, counts, transfers; and how a request
names a variant (id or SKU) and a location (id or code)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from ninja import Schema

from stockbridge.catalog.models import Variant
from stockbridge.inventory.errors import UnknownLocation, UnknownVariant
from stockbridge.inventory.models import Location
from stockbridge.platform.errors import FieldError


def variant_id_of(variant_id: int | None, sku: str | None, prefix: str = "") -> int:
    """The id of the variant named by id or SKU; raises FieldError/UnknownVariant."""
    if variant_id is not None:
        if not Variant.objects.filter(pk=variant_id).exists():
            raise UnknownVariant(f"{prefix}variant_id", variant_id)
        return variant_id
    if sku:
        found = Variant.objects.filter(sku=sku).values_list("pk", flat=True).first()
        if found is None:
            raise UnknownVariant(f"{prefix}sku", repr(sku))
        return found
    raise FieldError(f"{prefix}sku", "give sku or variant_id")


def location_id_of(location_id: int | None, code: str | None, field: str = "location") -> int:
    """The id of the location named by id or code; raises FieldError/UnknownLocation."""
    if location_id is not None:
        if not Location.objects.filter(pk=location_id).exists():
            raise UnknownLocation(f"{field}_id", location_id)
        return location_id
    if code:
        found = Location.objects.filter(code=code).values_list("pk", flat=True).first()
        if found is None:
            raise UnknownLocation(field, repr(code))
        return found
    raise FieldError(field, f"give {field} (code) or {field}_id")


def sku_quantities(quantities: dict[str, int] | None, field: str = "quantities") -> Any:
    """{sku: units} -> {variant id: units} (None stays None: everything)."""
    if quantities is None:
        return None
    return {variant_id_of(None, sku, f"{field}."): units for sku, units in quantities.items()}


class LevelOut(Schema):
    variant_id: int
    sku: str
    location_id: int
    location: str
    on_hand: int
    committed: int
    incoming: int
    available: int

    @staticmethod
    def resolve_sku(obj: Any) -> str:
        return str(obj.variant.sku)

    @staticmethod
    def resolve_location(obj: Any) -> str:
        return str(obj.location.code)


class LevelPage(Schema):
    items: list[LevelOut]
    next_cursor: str | None


class IncomingOut(Schema):
    location_id: int
    quantity: int
    expected_on: Any
    purchase_order: str
    supplier: str


class VariantStockOut(Schema):
    variant_id: int
    sku: str
    available: int
    is_bundle: bool
    levels: list[LevelOut]
    incoming: list[IncomingOut]


class MovementOut(Schema):
    id: int
    variant_id: int
    sku: str
    location_id: int
    location: str
    reason: str
    on_hand_delta: int
    committed_delta: int
    on_hand_after: int
    committed_after: int
    reference: str
    actor: str
    note: str
    created_at: datetime

    @staticmethod
    def resolve_sku(obj: Any) -> str:
        return str(obj.variant.sku)

    @staticmethod
    def resolve_location(obj: Any) -> str:
        return str(obj.location.code)


class MovementPage(Schema):
    items: list[MovementOut]
    next_cursor: str | None


class AdjustmentIn(Schema):
    sku: str | None = None
    variant_id: int | None = None
    location: str | None = None
    location_id: int | None = None
    delta: int
    reason: str = "adjusted"
    reference: str = ""
    note: str = ""


class CountIn(Schema):
    sku: str | None = None
    variant_id: int | None = None
    location: str | None = None
    location_id: int | None = None
    counted: int
    reference: str = ""


class TransferLineIn(Schema):
    sku: str | None = None
    variant_id: int | None = None
    quantity: int


class TransferIn(Schema):
    source: str | None = None
    source_id: int | None = None
    destination: str | None = None
    destination_id: int | None = None
    lines: list[TransferLineIn]
    note: str = ""


class ReceiveIn(Schema):
    quantities: dict[str, int] | None = None


class TransferLineOut(Schema):
    variant_id: int
    quantity: int
    received: int


class TransferOut(Schema):
    id: int
    source_id: int
    destination_id: int
    status: str
    note: str
    created_at: datetime
    received_at: datetime | None
    lines: list[TransferLineOut]

    @staticmethod
    def resolve_lines(obj: Any) -> list[Any]:
        return list(obj.lines.all())


class ComponentIn(Schema):
    sku: str | None = None
    variant_id: int | None = None
    quantity: int


class BundleIn(Schema):
    components: list[ComponentIn]


class ComponentOut(Schema):
    variant_id: int
    sku: str
    quantity: int


class BundleOut(Schema):
    bundle_id: int
    sku: str
    available: int
    components: list[ComponentOut]
