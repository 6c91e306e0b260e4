"""API shapes for the catalog, and their conversion to catalog specs.

The variant's request bodies are built from `VariantSpec` itself (one field list, in
`catalog.specs`); the product's are checked against `ProductSpec` when this module loads."""

from __future__ import annotations

import dataclasses
from datetime import date, datetime
from decimal import Decimal
from typing import Any, get_type_hints

from ninja import Field, Schema
from pydantic import create_model

from stockbridge.catalog import rules
from stockbridge.catalog.models import Product, Variant
from stockbridge.catalog.services import SEASON_CODE, SEASON_NAME
from stockbridge.catalog.specs import (
    PRODUCT_FIELDS,
    VARIANT_FIELDS,
    AttributeSpec,
    ImageSpec,
    ProductSpec,
    VariantSpec,
)
from stockbridge.platform import bounds

from .inputs import StrictIn

# Request bodies ---------------------------------------------------------------------------------
# Each derives from StrictIn (an unknown field is refused). The limits below are JSON Schema
# keywords shown in the OpenAPI; they are the catalog rules' own limits (`catalog.rules`,
# `platform.bounds`) and the catalog services enforce them, answering 400 with the field's path
# (`variants[0].price`), so the API, imports and the admin refuse the same values the same way.

MONEY: dict[str, Any] = {"minimum": 0, "maximum": float(bounds.MONEY_MAX)}
SELLING_PRICE: dict[str, Any] = {
    **MONEY,
    "description": "in at most the currency's minor-unit places (USD 2, JPY 0)",
}
MEASURE: dict[str, Any] = {
    "minimum": 0,
    "exclusiveMaximum": rules.MEASURE_MAX,
    "description": "at most 4 decimal places",
}
TEXT: dict[str, Any] = {"maxLength": rules.LIMITS["text"]}
VARIANT_LIMITS: dict[str, dict[str, Any]] = {
    "sku": {"minLength": 1, "maxLength": rules.LIMITS["text"]},
    "price": SELLING_PRICE,
    "attribute_values": {"maxItems": rules.MAX_ATTRIBUTES},
    "barcode": {"maxLength": rules.LIMITS["barcode"]},
    "currency": {"pattern": "^[A-Z]{3}$", "description": "ISO 4217; the shop's when absent"},
    "compare_at_price": SELLING_PRICE,
    "cost": {**MONEY, "description": "at most 4 decimal places"},
    "wholesale_price": SELLING_PRICE,
    "weight": MEASURE,
    "weight_unit": {"enum": list(rules.WEIGHT_UNITS)},
    "length": MEASURE,
    "width": MEASURE,
    "height": MEASURE,
    "dimension_unit": {"enum": list(rules.DIMENSION_UNITS)},
    "unit_type": {"enum": list(rules.UNIT_TYPES)},
    "position": {"minimum": 1, "maximum": bounds.MAX_INT32},
}
if set(VARIANT_LIMITS) != set(VARIANT_FIELDS):  # pragma: no cover - a spec field was added
    raise ImportError("VARIANT_LIMITS must name every VariantSpec field")


def _variant_model(name: str, *, patch: bool) -> type[StrictIn]:
    """A request body with every field of `VariantSpec`, typed as the spec types it."""
    types = get_type_hints(VariantSpec)
    fields: dict[str, Any] = {}
    for spec_field in dataclasses.fields(VariantSpec):
        annotation: Any = types[spec_field.name]
        default = spec_field.default
        if patch:
            annotation, default = annotation | None, None
        elif default is dataclasses.MISSING:
            default = ...
        extra = VARIANT_LIMITS[spec_field.name]
        fields[spec_field.name] = (annotation, Field(default, json_schema_extra=extra))
    model: type[StrictIn] = create_model(name, __base__=StrictIn, __module__=__name__, **fields)
    return model


VariantIn = _variant_model("VariantIn", patch=False)
VariantPatch = _variant_model("VariantPatch", patch=True)


class AttributeIn(StrictIn):
    name: str = Field(
        json_schema_extra={"minLength": 1, "maxLength": rules.LIMITS["attribute_name"]}
    )
    values: list[str] = Field(
        json_schema_extra={
            "minItems": 1,
            "items": {"type": "string", "maxLength": rules.LIMITS["text"]},
        }
    )


class ImageIn(StrictIn):
    url: str = Field(json_schema_extra={"maxLength": rules.LIMITS["url"], "pattern": "^https?://"})
    alt: str = Field("", json_schema_extra={"maxLength": rules.LIMITS["alt"]})
    md5: str = Field("", json_schema_extra={"pattern": "^([0-9a-f]{32})?$"})
    variant_skus: list[str] = []


class ProductIn(StrictIn):
    title: str = Field(json_schema_extra={"minLength": 1, "maxLength": rules.LIMITS["title"]})
    handle: str = Field(
        "", json_schema_extra={"maxLength": rules.LIMITS["handle"], "pattern": "^[a-z0-9-]*$"}
    )
    description_html: str = Field(
        "", json_schema_extra={"maxLength": rules.LIMITS["description_html"]}
    )
    status: str = Field("draft", json_schema_extra={"enum": list(rules.STATUSES)})
    brand: str = Field("", json_schema_extra=TEXT)
    vendor: str = Field("", json_schema_extra=TEXT)
    product_type: str = Field("", json_schema_extra=TEXT)
    category: str = Field("", json_schema_extra=TEXT)
    product_group: str = Field("", json_schema_extra=TEXT)
    season: str | None = Field(None, json_schema_extra=TEXT)
    supplier: str | None = Field(None, json_schema_extra=TEXT)
    tags: list[str] = Field(
        [], json_schema_extra={"items": {"type": "string", "maxLength": rules.LIMITS["text"]}}
    )
    custom_fields: dict[str, Any] = {}
    attributes: list[AttributeIn] = Field([], json_schema_extra={"maxItems": rules.MAX_ATTRIBUTES})
    variants: list[VariantIn] = Field([], json_schema_extra={"maxItems": rules.MAX_VARIANTS})  # type: ignore[valid-type]
    images: list[ImageIn] = []


if set(ProductIn.model_fields) != {*PRODUCT_FIELDS, "variants"}:  # pragma: no cover
    raise ImportError("ProductIn must name every ProductSpec field")


def _patch_fields() -> dict[str, Any]:
    """ProductIn's fields less the variants (changed through their own endpoints), optional."""
    fields: dict[str, Any] = {}
    for name, info in ProductIn.model_fields.items():
        if name != "variants":
            extra = info.json_schema_extra if isinstance(info.json_schema_extra, dict) else None
            annotation: Any = info.annotation
            fields[name] = (annotation | None, Field(None, json_schema_extra=extra))
    return fields


ProductPatch: type[StrictIn] = create_model(
    "ProductPatch", __base__=StrictIn, __module__=__name__, **_patch_fields()
)


def variant_spec(data: Any) -> VariantSpec:
    values = {name: getattr(data, name) for name in VARIANT_FIELDS}
    values["attribute_values"] = tuple(values["attribute_values"])
    return VariantSpec(**values)


def product_spec(data: ProductIn) -> ProductSpec:
    return ProductSpec(
        **data.model_dump(exclude={"attributes", "variants", "images", "tags"}),
        tags=tuple(data.tags),
        attributes=attribute_specs(data.attributes),
        variants=tuple(variant_spec(v) for v in data.variants),
        images=image_specs(data.images),
    )


def attribute_specs(items: list[AttributeIn]) -> tuple[AttributeSpec, ...]:
    return tuple(AttributeSpec(name=a.name, values=tuple(a.values)) for a in items)


def image_specs(items: list[ImageIn]) -> tuple[ImageSpec, ...]:
    return tuple(
        ImageSpec(url=i.url, alt=i.alt, md5=i.md5, variant_skus=tuple(i.variant_skus))
        for i in items
    )


def product_changes(data: Any) -> dict[str, Any]:
    """The fields the request sent, as spec values; a null is passed on for the service to
    refuse or clear (see `catalog.services.update_product`)."""
    changes = {name: getattr(data, name) for name in data.model_fields_set}
    if changes.get("tags") is not None:
        changes["tags"] = tuple(changes["tags"])
    if changes.get("attributes") is not None:
        changes["attributes"] = attribute_specs(changes["attributes"])
    if changes.get("images") is not None:
        changes["images"] = image_specs(changes["images"])
    return changes


def variant_changes(data: Any) -> dict[str, Any]:
    changes = {name: getattr(data, name) for name in data.model_fields_set}
    if "attribute_values" in changes:
        changes["attribute_values"] = tuple(changes["attribute_values"] or ())
    return changes


class AttributeOut(Schema):
    name: str
    position: int
    values: list[str]


class VariantOut(Schema):
    id: int
    product_id: int
    sku: str
    barcode: str
    title: str
    attribute_values: list[str]
    position: int
    currency: str
    price: Decimal
    compare_at_price: Decimal | None
    cost: Decimal | None
    wholesale_price: Decimal | None
    weight: Decimal | None
    weight_unit: str
    length: Decimal | None
    width: Decimal | None
    height: Decimal | None
    dimension_unit: str
    unit_type: str
    updated_at: datetime


class ImageOut(Schema):
    id: int
    url: str
    alt: str
    md5: str
    position: int
    variant_skus: list[str]

    @staticmethod
    def resolve_variant_skus(obj: Any) -> list[str]:
        return [v.sku for v in obj.variants.all()]


class ProductOut(Schema):
    id: int
    title: str
    handle: str
    description_html: str
    status: str
    brand: str
    vendor: str
    product_type: str
    category: str
    product_group: str
    season: str | None = Field(None)
    supplier: str | None = Field(None)
    tags: list[str]
    custom_fields: dict[str, Any]
    attributes: list[AttributeOut]
    variants: list[VariantOut]
    images: list[ImageOut]
    created_at: datetime
    updated_at: datetime

    @staticmethod
    def resolve_season(obj: Product) -> str | None:
        return obj.season.name if obj.season else None

    @staticmethod
    def resolve_supplier(obj: Product) -> str | None:
        return obj.supplier.code if obj.supplier else None

    @staticmethod
    def resolve_tags(obj: Product) -> list[str]:
        return [t.name for t in obj.tags.all()]

    @staticmethod
    def resolve_attributes(obj: Product) -> list[Any]:
        return list(obj.attributes.all())

    @staticmethod
    def resolve_variants(obj: Product) -> list[Variant]:
        return list(obj.variants.all())

    @staticmethod
    def resolve_images(obj: Product) -> list[Any]:
        return list(obj.images.all())


class ProductPage(Schema):
    items: list[ProductOut]
    next_cursor: str | None


class VariantPage(Schema):
    items: list[VariantOut]
    next_cursor: str | None


class SeasonIn(StrictIn):
    name: str = Field(json_schema_extra={"minLength": 1, "maxLength": SEASON_NAME})
    code: str | None = Field(None, json_schema_extra={"maxLength": SEASON_CODE})
    starts_on: date | None = None
    ends_on: date | None = None


class SeasonOut(Schema):
    id: int
    name: str
    code: str | None
    starts_on: date | None
    ends_on: date | None
