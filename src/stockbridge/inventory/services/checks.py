"""Checks shared by the inventory use cases: quantities, variants, locations, bundle parts."""

from __future__ import annotations

from stockbridge.catalog.models import Variant
from stockbridge.platform.bounds import check_quantity

from ..errors import UnknownLocation, UnknownVariant
from ..models import Location


def positive(field: str, value: object) -> int:
    """`value` if it is a whole number in [1, MAX_QUANTITY] (`platform/bounds.py`); raises
    FieldError naming `field`."""
    return check_quantity(field, value)  # type: ignore[arg-type]


def require_variant(variant_id: int, field: str = "variant_id") -> None:
    """Raises UnknownVariant naming `field` when there is no such variant."""
    if not Variant.objects.filter(pk=variant_id).exists():
        raise UnknownVariant(field, variant_id)


def require_location(location_id: int, field: str = "location_id") -> Location:
    """The location; raises UnknownLocation naming `field`."""
    location = Location.objects.filter(pk=location_id).first()
    if location is None:
        raise UnknownLocation(field, location_id)
    return location


def components_of(variant_id: int, *, must_exist: bool = False) -> dict[int, int]:
    """{component variant id: units per bundle}, or {variant_id: 1} for a plain variant.

    With `must_exist`, raises UnknownVariant for a missing variant (same single query)."""
    rows = list(
        Variant.objects.filter(pk=variant_id).values_list(
            "bundle_components__component_id", "bundle_components__quantity"
        )
    )
    if not rows and must_exist:
        raise UnknownVariant("variant_id", variant_id)
    parts = {component: units for component, units in rows if component is not None}
    return parts or {variant_id: 1}
