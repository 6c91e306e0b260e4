"""Catalog endpoints: products, variants, seasons."""

from __future__ import annotations

from typing import Annotated, Any

from django.http import HttpRequest
from ninja import Router, Status

from stockbridge.catalog import queries, rules, services
from stockbridge.catalog.errors import ProductNotFound, UnknownSeason, VariantNotFound
from stockbridge.catalog.models import Season

from .catalog_requests import ProductIn, ProductPatch, SeasonIn, VariantIn, VariantPatch
from .catalog_schemas import (
    ProductOut,
    ProductPage,
    SeasonOut,
    VariantOut,
    VariantPage,
    product_changes,
    product_spec,
    variant_changes,
    variant_spec,
)
from .inputs import DateTime, Id, OneOf, Text
from .pagination import Cursor, Limit, paginate

router = Router(tags=["catalog"])


def _product(product_id: Id) -> Any:
    product = queries.products().filter(pk=product_id).first()
    if product is None:
        raise ProductNotFound(product_id)
    return product


@router.get("/products", response=ProductPage)
def list_products(
    request: HttpRequest,
    status: Annotated[str, OneOf(rules.STATUSES)] | None = None,
    season: Text | None = None,
    tag: Text | None = None,
    sku: Text | None = None,
    updated_since: DateTime | None = None,
    search: Text | None = None,
    cursor: Cursor | None = None,
    limit: Limit = 50,
) -> dict[str, Any]:
    """Products filtered by status, season (name or code), tag, SKU, update time or title."""
    qs = queries.products(
        status=status,
        season=season,
        tag=tag,
        sku=sku,
        updated_since=updated_since,
        search=search,
    )
    return paginate(qs, cursor=cursor, limit=limit)


@router.post("/products", response={201: ProductOut})
def create_product(
    request: HttpRequest,
    payload: ProductIn,  # type: ignore[valid-type]
) -> Status[Any]:
    product = services.create_product(spec=product_spec(payload))
    return Status(201, _product(product.pk))


@router.get("/products/{product_id}", response=ProductOut)
def get_product(request: HttpRequest, product_id: Id) -> Any:
    return _product(product_id)


@router.patch("/products/{product_id}", response=ProductOut)
def update_product(
    request: HttpRequest,
    product_id: Id,
    payload: ProductPatch,  # type: ignore[valid-type]
) -> Any:
    services.update_product(product_id=product_id, changes=product_changes(payload))
    return _product(product_id)


@router.delete("/products/{product_id}", response={204: None})
def delete_product(request: HttpRequest, product_id: Id) -> Status[None]:
    services.delete_product(product_id=product_id)
    return Status(204, None)


@router.post("/products/{product_id}/variants", response={201: VariantOut})
def add_variant(
    request: HttpRequest,
    product_id: Id,
    payload: VariantIn,  # type: ignore[valid-type]
) -> Status[Any]:
    return Status(201, services.add_variant(product_id=product_id, spec=variant_spec(payload)))


@router.get("/variants", response=VariantPage)
def list_variants(
    request: HttpRequest,
    sku: Text | None = None,
    barcode: Text | None = None,
    product_id: Id | None = None,
    updated_since: DateTime | None = None,
    cursor: Cursor | None = None,
    limit: Limit = 50,
) -> dict[str, Any]:
    """Variants filtered by SKU, barcode, product or update time."""
    qs = queries.variants(
        sku=sku,
        barcode=barcode,
        product_id=product_id,
        updated_since=updated_since,
    )
    return paginate(qs, cursor=cursor, limit=limit)


@router.get("/variants/{variant_id}", response=VariantOut)
def get_variant(request: HttpRequest, variant_id: Id) -> Any:
    variant = queries.variants().filter(pk=variant_id).first()
    if variant is None:
        raise VariantNotFound("id", variant_id)
    return variant


@router.patch("/variants/{variant_id}", response=VariantOut)
def update_variant(
    request: HttpRequest,
    variant_id: Id,
    payload: VariantPatch,  # type: ignore[valid-type]
) -> Any:
    return services.update_variant(variant_id=variant_id, changes=variant_changes(payload))


@router.delete("/variants/{variant_id}", response={204: None})
def delete_variant(request: HttpRequest, variant_id: Id) -> Status[None]:
    services.delete_variant(variant_id=variant_id)
    return Status(204, None)


@router.get("/seasons", response=list[SeasonOut])
def list_seasons(request: HttpRequest) -> Any:
    return Season.objects.all()


@router.post("/seasons", response={201: SeasonOut})
def create_season(request: HttpRequest, payload: SeasonIn) -> Status[Any]:
    return Status(201, services.create_season(**payload.model_dump()))


@router.delete("/seasons/{name}", response={204: None})
def delete_season(request: HttpRequest, name: Text) -> Status[None]:
    if not Season.objects.filter(name=name).exists():
        raise UnknownSeason(name, field="name")
    services.delete_season(name=name)
    return Status(204, None)
