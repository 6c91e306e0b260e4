"""API shapes for stock: levels, movements, adjustments, counts, transfers; and how a request
names a variant (id or SKU) and a location (id or code)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any

from ninja import Field, Schema
from pydantic import ConfigDict

from stockbridge.catalog.models import Variant
from stockbridge.inventory.errors import UnknownLocation, UnknownVariant
from stockbridge.inventory.models import Location
from stockbridge.inventory.services.adjusting import ADJUST_REASONS
from stockbridge.platform.errors import FieldError

from .inputs import (
    Id,
    NonZeroStockDelta,
    Quantity,
    QuantityOrZero,
    StockCount,
    StrictIn,
    Text,
    Text120,
    choices,
    either,
)

MAX_LINES = 1000


def variant_id_of(variant_id: int | None, sku: str | None, prefix: str = "") -> int:
    """The id of the variant named by id or SKU (both: they must name the same variant);
    raises FieldError/UnknownVariant."""
    if variant_id is not None:
        found_sku = Variant.objects.filter(pk=variant_id).values_list("sku", flat=True).first()
        if found_sku is None:
            raise UnknownVariant(f"{prefix}variant_id", variant_id)
        if sku and sku != found_sku:
            raise FieldError(
                f"{prefix}sku",
                f"names another variant than variant_id {variant_id} (SKU {found_sku})",
            )
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
    result = {}
    for sku, units in quantities.items():
        found = Variant.objects.filter(sku=sku).values_list("pk", flat=True).first()
        if found is None:
            raise UnknownVariant(f'{field}["{sku}"]', f"with SKU {sku!r}")
        result[found] = units
    return result


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


class _VariantAtLocationIn(StrictIn):
    """Names one stock level: the variant by `sku` or `variant_id`, the location by its code
    (`location`) or `location_id`."""

    model_config = ConfigDict(
        json_schema_extra=either(("sku", "variant_id"), ("location", "location_id"))
    )

    sku: Text | None = None
    variant_id: Id | None = None
    location: Text | None = None
    location_id: Id | None = None


class AdjustmentIn(_VariantAtLocationIn):
    delta: NonZeroStockDelta
    reason: Annotated[str, choices(ADJUST_REASONS)] = "adjusted"
    reference: Text120 = ""
    note: Text = ""


class CountIn(_VariantAtLocationIn):
    counted: StockCount
    reference: Text120 = ""


class TransferLineIn(StrictIn):
    model_config = ConfigDict(json_schema_extra=either(("sku", "variant_id")))

    sku: Text | None = None
    variant_id: Id | None = None
    quantity: Quantity


class TransferIn(StrictIn):
    model_config = ConfigDict(
        json_schema_extra=either(("source", "source_id"), ("destination", "destination_id"))
    )

    source: Text | None = None
    source_id: Id | None = None
    destination: Text | None = None
    destination_id: Id | None = None
    lines: list[TransferLineIn] = Field(..., min_length=1, max_length=MAX_LINES)
    note: Text = ""


class ReceiveIn(StrictIn):
    quantities: dict[Text, QuantityOrZero] | None = Field(None, max_length=MAX_LINES)


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


class ComponentIn(StrictIn):
    model_config = ConfigDict(json_schema_extra=either(("sku", "variant_id")))

    sku: Text | None = None
    variant_id: Id | None = None
    quantity: Quantity


class BundleIn(StrictIn):
    components: list[ComponentIn] = Field(..., min_length=1, max_length=MAX_LINES)


class ComponentOut(Schema):
    variant_id: int
    sku: str
    quantity: int


class BundleOut(Schema):
    bundle_id: int
    sku: str
    available: int
    components: list[ComponentOut]


class PromiseStepOut(Schema):
    on: date
    arriving: int
    promisable: int


class PromiseOut(Schema):
    """Available to promise by date of one variant at one location."""

    variant_id: int
    sku: str
    location_id: int
    location: str
    on_hand: int
    committed: int
    available: int
    undated_incoming: int
    steps: list[PromiseStepOut]
