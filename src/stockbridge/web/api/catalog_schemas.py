"""API shapes for the catalog's answers, and the conversion of its request bodies (in
`catalog_requests`) to catalog specs."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from ninja import Field, Schema

from stockbridge.catalog.models import Product, Variant
from stockbridge.catalog.specs import (
    VARIANT_FIELDS,
    AttributeSpec,
    ImageSpec,
    ProductSpec,
    VariantSpec,
)

from .catalog_requests import AttributeIn, ImageIn


def variant_spec(data: Any) -> VariantSpec:
    values = {name: getattr(data, name) for name in VARIANT_FIELDS}
    values["attribute_values"] = tuple(values["attribute_values"])
    return VariantSpec(**values)


def product_spec(data: Any) -> ProductSpec:
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
    changes = {name: getattr(data, name) for name in _sent(data)}
    if changes.get("tags") is not None:
        changes["tags"] = tuple(changes["tags"])
    if changes.get("attributes") is not None:
        changes["attributes"] = attribute_specs(changes["attributes"])
    if changes.get("images") is not None:
        changes["images"] = image_specs(changes["images"])
    return changes


def _sent(data: Any) -> list[str]:
    """The fields the request sent, in the body's declared order (errors come in that order)."""
    return [name for name in type(data).model_fields if name in data.model_fields_set]


def variant_changes(data: Any) -> dict[str, Any]:
    changes = {name: getattr(data, name) for name in _sent(data)}
    if changes.get("attribute_values") is not None:  # a null is the service's to refuse
        changes["attribute_values"] = tuple(changes["attribute_values"])
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


class SeasonOut(Schema):
    id: int
    name: str
    code: str | None
    starts_on: date | None
    ends_on: date | None
