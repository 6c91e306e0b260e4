"""Catalog reads: listings with filters, and a product seen as a spec."""

from __future__ import annotations

from datetime import datetime

from django.db.models import Prefetch, Q, QuerySet

from .models import Image, Product, ProductAttribute, Variant
from .specs import VARIANT_FIELDS, AttributeSpec, ImageSpec, ProductSpec, VariantSpec


def products(
    *,
    status: str | None = None,
    season: str | None = None,
    tag: str | None = None,
    sku: str | None = None,
    updated_since: datetime | None = None,
    search: str | None = None,
) -> QuerySet[Product]:
    """Products matching every filter given, with everything a detail view needs prefetched."""
    qs = Product.objects.select_related("season", "supplier").prefetch_related(
        "tags",
        Prefetch("attributes", queryset=ProductAttribute.objects.order_by("position")),
        Prefetch("variants", queryset=Variant.objects.order_by("position", "id")),
        Prefetch("images", queryset=Image.objects.prefetch_related("variants")),
    )
    if status:
        qs = qs.filter(status=status)
    if season:
        qs = qs.filter(Q(season__name=season) | Q(season__code=season))
    if tag:
        qs = qs.filter(tags__name=tag)
    if sku:
        qs = qs.filter(variants__sku=sku)
    if updated_since:
        qs = qs.filter(updated_at__gte=updated_since)
    if search:
        qs = qs.filter(title__icontains=search)
    return qs.distinct()


def variants(
    *,
    sku: str | None = None,
    barcode: str | None = None,
    product_id: int | None = None,
    updated_since: datetime | None = None,
) -> QuerySet[Variant]:
    qs = Variant.objects.select_related("product")
    if sku:
        qs = qs.filter(sku=sku)
    if barcode:
        qs = qs.filter(barcode=barcode)
    if product_id is not None:
        qs = qs.filter(product_id=product_id)
    if updated_since is not None:
        qs = qs.filter(updated_at__gte=updated_since)
    return qs


def spec_of(product: Product) -> ProductSpec:
    """The product as it is stored, as a spec (the base that updates change)."""
    variant_rows = list(product.variants.all())
    return ProductSpec(
        title=product.title,
        handle=product.handle,
        description_html=product.description_html,
        status=product.status,
        brand=product.brand,
        vendor=product.vendor,
        product_type=product.product_type,
        category=product.category,
        product_group=product.product_group,
        season=product.season.name if product.season_id and product.season else None,
        supplier=product.supplier.code if product.supplier_id and product.supplier else None,
        tags=tuple(t.name for t in product.tags.all()),
        custom_fields=dict(product.custom_fields),
        attributes=tuple(
            AttributeSpec(name=a.name, values=tuple(a.values)) for a in product.attributes.all()
        ),
        variants=tuple(variant_spec_of(v) for v in variant_rows),
        images=tuple(
            ImageSpec(
                url=i.url,
                alt=i.alt,
                md5=i.md5,
                variant_skus=tuple(v.sku for v in i.variants.all()),
            )
            for i in product.images.all()
            if i.url
        ),
    )


def variant_spec_of(variant: Variant) -> VariantSpec:
    values = {name: getattr(variant, name) for name in VARIANT_FIELDS}
    values["attribute_values"] = tuple(variant.attribute_values)
    return VariantSpec(**values)
