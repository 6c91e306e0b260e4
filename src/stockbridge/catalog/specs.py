"""Plain input values describing a product as a whole: what services, the API and imports share."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any


@dataclass(frozen=True, slots=True)
class AttributeSpec:
    name: str
    values: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class VariantSpec:
    sku: str
    price: Decimal
    attribute_values: tuple[str, ...] = ()
    barcode: str = ""
    currency: str | None = None
    compare_at_price: Decimal | None = None
    cost: Decimal | None = None
    wholesale_price: Decimal | None = None
    weight: Decimal | None = None
    weight_unit: str = "g"
    length: Decimal | None = None
    width: Decimal | None = None
    height: Decimal | None = None
    dimension_unit: str = "cm"
    unit_type: str = "fixed"
    position: int | None = None


@dataclass(frozen=True, slots=True)
class ImageSpec:
    url: str
    alt: str = ""
    md5: str = ""
    variant_skus: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class ProductSpec:
    title: str
    handle: str = ""
    description_html: str = ""
    status: str = "draft"
    brand: str = ""
    vendor: str = ""
    product_type: str = ""
    category: str = ""
    product_group: str = ""
    season: str | None = None
    supplier: str | None = None
    tags: tuple[str, ...] = ()
    custom_fields: dict[str, Any] = field(default_factory=dict)
    attributes: tuple[AttributeSpec, ...] = ()
    variants: tuple[VariantSpec, ...] = ()
    images: tuple[ImageSpec, ...] = ()


# The field lists every layer derives from (services, admin, bulk writes, API schemas and the
# spreadsheet columns): one place, read off the specs above.
VARIANT_FIELDS: tuple[str, ...] = tuple(f.name for f in dataclasses.fields(VariantSpec))
PRODUCT_FIELDS: tuple[str, ...] = tuple(
    f.name for f in dataclasses.fields(ProductSpec) if f.name != "variants"
)
# Product fields stored on the product row itself (the rest live in their own tables).
PRODUCT_ROW_FIELDS: tuple[str, ...] = tuple(
    name for name in PRODUCT_FIELDS if name not in ("tags", "attributes", "images")
)
VARIANT_MONEY_FIELDS = ("price", "compare_at_price", "cost", "wholesale_price")
VARIANT_MEASURE_FIELDS = ("weight", "length", "width", "height")


# What a channel shows of a variant's money: a change of any is reported as a price change
# (`platform.wakeups.changed("prices", variant ids)`).
PRICE_FIELDS = ("price", "compare_at_price", "cost", "currency")


def prices_of(variant: Any) -> tuple[Any, ...]:
    """The PRICE_FIELDS of a Variant or a VariantSpec, to compare before and after."""
    return tuple(getattr(variant, name) for name in PRICE_FIELDS)
