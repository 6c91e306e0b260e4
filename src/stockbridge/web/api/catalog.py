"""Catalog endpoints: products, variants, seasons."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.http import HttpRequest
from ninja import Router, Status

from stockbridge.catalog import queries, services
from stockbridge.catalog.errors import ProductNotFound, UnknownSeason, VariantNotFound
from stockbridge.catalog.models import Season
from stockbridge.platform import bounds

from .catalog_schemas import (
    ProductIn,
    ProductOut,
    ProductPage,
    ProductPatch,
    SeasonIn,
    SeasonOut,
    VariantIn,
    VariantOut,
    VariantPage,
    VariantPatch,
    product_changes,
    product_spec,
    variant_changes,
    variant_spec,
)
from .pagination import paginate

router = Router(tags=["catalog"])


def _id(field: str, value: int | None) -> int | None:
    """An id from the path or query, bounded before it reaches a query (SQLite overflows)."""
    return None if value is None else bounds.check_id(field, value)


def _text(field: str, value: str | None) -> str | None:
    """A text filter, bounded before it reaches a query (PostgreSQL refuses NUL)."""
    return None if value is None else bounds.check_text(field, value)


def _product(product_id: int) -> Any:
    _id("product_id", product_id)
    product = queries.products().filter(pk=product_id).first()
    if product is None:
        raise ProductNotFound(product_id)
    return product


@router.get("/products", response=ProductPage)
def list_products(
    request: HttpRequest,
    status: str | None = None,
    season: str | None = None,
    tag: str | None = None,
    sku: str | None = None,
    updated_since: datetime | None = None,
    search: str | None = None,
    cursor: str | None = None,
    limit: int = 50,
) -> dict[str, Any]:
    """Products filtered by status, season (name or code), tag, SKU, update time or title."""
    qs = queries.products(
        status=_text("status", status),
        season=_text("season", season),
        tag=_text("tag", tag),
        sku=_text("sku", sku),
        updated_since=updated_since,
        search=_text("search", search),
    )
    return paginate(qs, cursor=cursor, limit=limit)


@router.post("/products", response={201: ProductOut})
def create_product(request: HttpRequest, payload: ProductIn) -> Status[Any]:
    product = services.create_product(spec=product_spec(payload))
    return Status(201, _product(product.pk))


@router.get("/products/{product_id}", response=ProductOut)
def get_product(request: HttpRequest, product_id: int) -> Any:
    return _product(product_id)


@router.patch("/products/{product_id}", response=ProductOut)
def update_product(
    request: HttpRequest,
    product_id: int,
    payload: ProductPatch,  # type: ignore[valid-type]
) -> Any:
    _id("product_id", product_id)
    services.update_product(product_id=product_id, changes=product_changes(payload))
    return _product(product_id)


@router.delete("/products/{product_id}", response={204: None})
def delete_product(request: HttpRequest, product_id: int) -> Status[None]:
    services.delete_product(product_id=bounds.check_id("product_id", product_id))
    return Status(204, None)


@router.post("/products/{product_id}/variants", response={201: VariantOut})
def add_variant(
    request: HttpRequest,
    product_id: int,
    payload: VariantIn,  # type: ignore[valid-type]
) -> Status[Any]:
    _id("product_id", product_id)
    return Status(201, services.add_variant(product_id=product_id, spec=variant_spec(payload)))


@router.get("/variants", response=VariantPage)
def list_variants(
    request: HttpRequest,
    sku: str | None = None,
    barcode: str | None = None,
    product_id: int | None = None,
    updated_since: datetime | None = None,
    cursor: str | None = None,
    limit: int = 50,
) -> dict[str, Any]:
    """Variants filtered by SKU, barcode, product or update time."""
    qs = queries.variants(
        sku=_text("sku", sku),
        barcode=_text("barcode", barcode),
        product_id=_id("product_id", product_id),
        updated_since=updated_since,
    )
    return paginate(qs, cursor=cursor, limit=limit)


@router.get("/variants/{variant_id}", response=VariantOut)
def get_variant(request: HttpRequest, variant_id: int) -> Any:
    _id("variant_id", variant_id)
    variant = queries.variants().filter(pk=variant_id).first()
    if variant is None:
        raise VariantNotFound("id", variant_id)
    return variant


@router.patch("/variants/{variant_id}", response=VariantOut)
def update_variant(
    request: HttpRequest,
    variant_id: int,
    payload: VariantPatch,  # type: ignore[valid-type]
) -> Any:
    _id("variant_id", variant_id)
    return services.update_variant(variant_id=variant_id, changes=variant_changes(payload))


@router.delete("/variants/{variant_id}", response={204: None})
def delete_variant(request: HttpRequest, variant_id: int) -> Status[None]:
    services.delete_variant(variant_id=bounds.check_id("variant_id", variant_id))
    return Status(204, None)


@router.get("/seasons", response=list[SeasonOut])
def list_seasons(request: HttpRequest) -> Any:
    return Season.objects.all()


@router.post("/seasons", response={201: SeasonOut})
def create_season(request: HttpRequest, payload: SeasonIn) -> Status[Any]:
    return Status(201, services.create_season(**payload.model_dump()))


@router.delete("/seasons/{name}", response={204: None})
def delete_season(request: HttpRequest, name: str) -> Status[None]:
    if not Season.objects.filter(name=_text("name", name)).exists():
        raise UnknownSeason(name, field="name")
    services.delete_season(name=name)
    return Status(204, None)
