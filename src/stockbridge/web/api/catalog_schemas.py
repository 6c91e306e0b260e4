"""API shapes for the catalog, and their conversion to catalog specs."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from ninja import Field, Schema

from stockbridge.catalog.models import Product, Variant
from stockbridge.catalog.specs import AttributeSpec, ImageSpec, ProductSpec, VariantSpec


class AttributeIn(Schema):
    name: str
    values: list[str]


class VariantIn(Schema):
    sku: str
    price: Decimal
    attribute_values: list[str] = []
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


class VariantPatch(Schema):
    sku: str | None = None
    price: Decimal | None = None
    attribute_values: list[str] | None = None
    barcode: str | None = None
    currency: str | None = None
    compare_at_price: Decimal | None = None
    cost: Decimal | None = None
    wholesale_price: Decimal | None = None
    weight: Decimal | None = None
    weight_unit: str | None = None
    length: Decimal | None = None
    width: Decimal | None = None
    height: Decimal | None = None
    dimension_unit: str | None = None
    unit_type: str | None = None
    position: int | None = None


class ImageIn(Schema):
    url: str
    alt: str = ""
    md5: str = ""
    variant_skus: list[str] = []


class ProductIn(Schema):
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
    tags: list[str] = []
    custom_fields: dict[str, Any] = {}
    attributes: list[AttributeIn] = []
    variants: list[VariantIn] = []
    images: list[ImageIn] = []


class ProductPatch(Schema):
    title: str | None = None
    handle: str | None = None
    description_html: str | None = None
    status: str | None = None
    brand: str | None = None
    vendor: str | None = None
    product_type: str | None = None
    category: str | None = None
    product_group: str | None = None
    season: str | None = None
    supplier: str | None = None
    tags: list[str] | None = None
    custom_fields: dict[str, Any] | None = None
    attributes: list[AttributeIn] | None = None
    images: list[ImageIn] | None = None


def variant_spec(data: VariantIn) -> VariantSpec:
    values = data.model_dump()
    values["attribute_values"] = tuple(data.attribute_values)
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


def product_changes(data: ProductPatch) -> dict[str, Any]:
    changes = data.model_dump(exclude_unset=True, exclude={"attributes", "images", "tags"})
    if data.tags is not None:
        changes["tags"] = tuple(data.tags)
    if data.attributes is not None:
        changes["attributes"] = attribute_specs(data.attributes)
    if data.images is not None:
        changes["images"] = image_specs(data.images)
    return changes


def variant_changes(data: VariantPatch) -> dict[str, Any]:
    changes = data.model_dump(exclude_unset=True)
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


class SeasonIn(Schema):
    name: str
    code: str | None = None
    starts_on: date | None = None
    ends_on: date | None = None


class SeasonOut(Schema):
    id: int
    name: str
    code: str | None
    starts_on: date | None
    ends_on: date | None
