"""Catalog write use cases. Each runs in one transaction and raises a typed FieldError subclass
(or ValidationErrors with several) naming the field and the reason; nothing is half-written."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import ProtectedError

from stockbridge.platform import bounds, wakeups
from stockbridge.platform.errors import Conflict, FieldError, ValidationErrors

from . import rules, upsert
from .errors import (
    DuplicateHandle,
    DuplicateSku,
    ProductNotFound,
    SeasonInUse,
    UnknownSeason,
    UnknownSupplier,
    VariantNotFound,
)
from .models import Image, Product, ProductAttribute, Season, Supplier, Tag, Variant
from .queries import spec_of, variant_spec_of
from .references import find_season, find_supplier
from .specs import PRODUCT_FIELDS, VARIANT_FIELDS, ProductSpec, VariantSpec, prices_of
from .upsert import Match, UpsertResult

__all__ = ["PRODUCT_FIELDS", "VARIANT_FIELDS", "Match", "UpsertResult"]
SEASON_NAME = Season._meta.get_field("name").max_length or bounds.TEXT_SHORT
SEASON_CODE = Season._meta.get_field("code").max_length or bounds.TEXT_SHORT


def _raise_if(errors: list[FieldError]) -> None:
    if len(errors) == 1:
        raise errors[0]
    if errors:
        raise ValidationErrors(errors)


# Seasons ---------------------------------------------------------------------------------------


def create_season(
    *,
    name: str,
    code: str | None = None,
    starts_on: date | None = None,
    ends_on: date | None = None,
) -> Season:
    """Create a season. Raises FieldError (name/code/ends_on) or Conflict for a duplicate name."""
    errors: list[FieldError] = []
    for field_name, value, limit in (
        ("name", name, SEASON_NAME),
        ("code", code or "", SEASON_CODE),
    ):
        try:
            bounds.check_text(field_name, value, limit=limit, required=field_name == "name")
        except FieldError as error:
            errors.append(error)
    if starts_on and ends_on and ends_on < starts_on:
        errors.append(FieldError("ends_on", "must not be before starts_on"))
    _raise_if(errors)
    with transaction.atomic():
        if Season.objects.filter(name=name).exists():
            raise Conflict("name", f"season {name!r} already exists")
        if code and Season.objects.filter(code=code).exists():
            raise Conflict("code", f"season code {code!r} already exists")
        return Season.objects.create(
            name=name, code=code or None, starts_on=starts_on, ends_on=ends_on
        )


def delete_season(*, name: str) -> None:
    """Delete an empty season. Raises UnknownSeason, or SeasonInUse while products belong to it."""
    with transaction.atomic():
        season = Season.objects.filter(name=name).first()
        if season is None:
            raise UnknownSeason(name, field="name")
        count = season.products.count()
        if count:
            raise SeasonInUse(name, count)
        season.delete()


# Products --------------------------------------------------------------------------------------


def _resolve_season(name: str | None) -> Season | None:
    if not name:
        return None
    season = find_season(name)
    if season is None:
        raise UnknownSeason(name)
    return season


def _resolve_supplier(key: str | None) -> Supplier | None:
    if not key:
        return None
    supplier = find_supplier(key)
    if supplier is None:
        raise UnknownSupplier(key)
    return supplier


def _unique_handle(title: str, exclude_id: int | None) -> str:
    base = rules.handle_from_title(title)
    others = Product.objects.filter(handle__startswith=base)
    if exclude_id is not None:
        others = others.exclude(pk=exclude_id)
    taken = set(others.values_list("handle", flat=True))
    if base not in taken:
        return base
    n = 2
    while f"{base}-{n}" in taken:
        n += 1
    return f"{base}-{n}"


def _check_skus(spec: ProductSpec, product_id: int | None) -> None:
    skus = [v.sku for v in spec.variants]
    others = Variant.objects.filter(sku__in=skus)
    if product_id is not None:
        others = others.exclude(product_id=product_id)
    clashing = set(others.values_list("sku", flat=True))
    errors: list[FieldError] = [
        DuplicateSku(f"variants[{i}].sku", v.sku)
        for i, v in enumerate(spec.variants)
        if v.sku in clashing
    ]
    _raise_if(errors)


def _tags(names: Iterable[str]) -> list[Tag]:
    names = [n.strip() for n in names]
    existing = {t.name: t for t in Tag.objects.filter(name__in=names)}
    missing = [n for n in dict.fromkeys(names) if n not in existing]
    if missing:
        Tag.objects.bulk_create([Tag(name=n) for n in missing], ignore_conflicts=True)
        existing = {t.name: t for t in Tag.objects.filter(name__in=names)}
    return [existing[n] for n in dict.fromkeys(names)]


def _variant_values(spec: VariantSpec, position: int) -> dict[str, Any]:
    values = dataclasses.asdict(spec)
    values["attribute_values"] = list(spec.attribute_values)
    values["currency"] = spec.currency or settings.STOCKBRIDGE_CURRENCY
    values["position"] = spec.position or position
    return values


def _write(product: Product, spec: ProductSpec) -> Product:
    """Store `spec` on `product` (new or existing): product row, attributes, variants, images."""
    season = _resolve_season(spec.season)
    supplier = _resolve_supplier(spec.supplier)
    _check_skus(spec, product.pk)
    handle = (
        spec.handle
        or (product.handle if product.pk else "")
        or _unique_handle(spec.title, product.pk)
    )
    if Product.objects.filter(handle=handle).exclude(pk=product.pk).exists():
        raise DuplicateHandle(handle)
    for name in ("title", "description_html", "status", "brand", "vendor", "product_type"):
        setattr(product, name, getattr(spec, name))
    product.category = spec.category
    product.product_group = spec.product_group
    product.custom_fields = dict(spec.custom_fields)
    product.handle = handle
    product.season = season
    product.supplier = supplier
    product.save()
    product.tags.set(_tags(spec.tags))

    ProductAttribute.objects.filter(product=product).delete()
    ProductAttribute.objects.bulk_create(
        ProductAttribute(product=product, name=a.name, position=i + 1, values=list(a.values))
        for i, a in enumerate(spec.attributes)
    )

    existing = {v.sku: v for v in Variant.objects.filter(product=product)}
    keep = {v.sku for v in spec.variants}
    Variant.objects.filter(product=product).exclude(sku__in=keep).delete()
    by_sku: dict[str, Variant] = {}
    repriced: list[int] = []
    for i, vspec in enumerate(spec.variants):
        values = _variant_values(vspec, i + 1)
        variant = existing.get(vspec.sku) or Variant(product=product)
        before = prices_of(variant) if variant.pk else None
        for name, value in values.items():
            setattr(variant, name, value)
        variant.save()
        by_sku[variant.sku] = variant
        if before is not None and before != prices_of(variant):
            repriced.append(variant.pk)
    wakeups.changed("prices", repriced)

    # The spec carries URL images only; uploaded-file images are kept as they are.
    Image.objects.filter(product=product).exclude(url="").delete()
    for i, ispec in enumerate(spec.images):
        image = Image.objects.create(
            product=product, url=ispec.url, alt=ispec.alt, md5=ispec.md5, position=i + 1
        )
        if ispec.variant_skus:
            image.variants.set([by_sku[s] for s in ispec.variant_skus])
    return product


def _save(product: Product, spec: ProductSpec) -> Product:
    _raise_if(rules.validate_product(spec, default_currency=settings.STOCKBRIDGE_CURRENCY))
    try:
        with transaction.atomic():
            return _write(product, spec)
    except ProtectedError as exc:  # a dropped variant is still on a PO, transfer or bundle
        raise _in_use("variants", exc) from exc
    except IntegrityError:
        # A concurrent writer took a SKU or handle between our check and our insert:
        # report it the same way as the check would have.
        _check_skus(spec, product.pk)
        if (
            spec.handle
            and Product.objects.filter(handle=spec.handle).exclude(pk=product.pk).exists()
        ):
            raise DuplicateHandle(spec.handle) from None
        raise


def upsert_products(*, specs: Sequence[ProductSpec], match: Match = Match.HANDLE) -> UpsertResult:
    """Create or update many products with a few bulk queries: the writer of imports.

    `match` says how a spec finds the stored product it replaces: by handle (`Match.HANDLE`,
    the handle its title gives when it has none) or by the product owning its SKUs
    (`Match.SKU`). A spec describes its product whole: variants it leaves out are deleted,
    and an unchanged product is not written at all. Every spec is checked like
    `create_product` checks one; a spec that fails is not written and is reported in
    `result.failed` under its index with its field errors, the others are stored (in one
    transaction, or one each when a concurrent writer got in first). Wrap the call in
    `transaction.atomic()` for all or nothing."""
    return upsert.upsert(specs, match=Match(match))


def create_product(*, spec: ProductSpec) -> Product:
    """Create a product with its attributes, variants and images.

    Raises FieldError subclasses (DuplicateSku, UnknownSeason, ...) or ValidationErrors.
    """
    return _save(Product(), spec)


def _get_product(product_id: int) -> Product:
    product = (
        Product.objects.select_related("season", "supplier")
        .prefetch_related("tags", "attributes", "variants", "images__variants")
        .filter(pk=product_id)
        .first()
    )
    if product is None:
        raise ProductNotFound(product_id)
    return product


def _unknown_fields(changes: Mapping[str, Any], allowed: tuple[str, ...]) -> None:
    unknown = sorted(set(changes) - set(allowed))
    _raise_if([FieldError(name, "is not a field that can be changed") for name in unknown])


# What a change of None (JSON null) means, per field: text whose empty value means "none"
# (no vendor, no barcode) is cleared; fields that are optional by nature (season, supplier,
# prices other than the price, measures, currency, position) are unset; every other field
# (title, handle, status, sku, price, units, lists) must not be null and is refused naming it.
NULL_AS_EMPTY = frozenset(
    {
        "description_html",
        "brand",
        "vendor",
        "product_type",
        "category",
        "product_group",
        "barcode",
    }
)
NULLABLE = frozenset(
    {
        "season",
        "supplier",
        "currency",
        "compare_at_price",
        "cost",
        "wholesale_price",
        "weight",
        "length",
        "width",
        "height",
        "position",
    }
)


def _no_nulls(changes: Mapping[str, Any]) -> dict[str, Any]:
    """`changes` with None turned into "" where empty is meaningful; raises FieldError for each
    field that must not be null."""
    _raise_if(
        [
            FieldError(name, "must not be null")
            for name, value in changes.items()
            if value is None and name not in NULL_AS_EMPTY and name not in NULLABLE
        ]
    )
    return {
        name: "" if value is None and name in NULL_AS_EMPTY else value
        for name, value in changes.items()
    }


def update_product(*, product_id: int, changes: Mapping[str, Any]) -> Product:
    """Change product fields (not variants: see the variant services). The whole product is
    validated again, so changing attributes must keep every variant valid. A None (null) change
    is read as `_no_nulls` says."""
    _unknown_fields(changes, PRODUCT_FIELDS)
    changes = _no_nulls(changes)
    with transaction.atomic():
        product = _get_product(product_id)
        spec = dataclasses.replace(spec_of(product), **changes)
        return _save(product, spec)


def delete_product(*, product_id: int) -> None:
    """Delete a product with its variants and images. Raises ProductNotFound. Reports the
    deletion (`wakeups.changed("products_deleted", ...)`) in its transaction."""
    try:
        with transaction.atomic():
            # listeners (channels holding the product) act before its rows are gone
            wakeups.changed("products_deleted", [product_id])
            deleted, _ = Product.objects.filter(pk=product_id).delete()
    except ProtectedError as exc:
        raise _in_use("product_id", exc) from exc
    if not deleted:
        raise ProductNotFound(product_id)


def add_variant(*, product_id: int, spec: VariantSpec) -> Variant:
    """Add a variant to a product. Raises DuplicateSku, FieldError naming `variants[i].x`."""
    with transaction.atomic():
        product = _get_product(product_id)
        current = spec_of(product)
        position = spec.position or len(current.variants) + 1
        spec = dataclasses.replace(spec, position=position)
        _save(product, dataclasses.replace(current, variants=(*current.variants, spec)))
        return Variant.objects.get(sku=spec.sku)


def update_variant(*, variant_id: int, changes: Mapping[str, Any]) -> Variant:
    """Change a variant's fields, validated with its product. A None (null) change is read as
    `_no_nulls` says."""
    _unknown_fields(changes, VARIANT_FIELDS)
    changes = _no_nulls(changes)
    with transaction.atomic():
        variant = Variant.objects.filter(pk=variant_id).first()
        if variant is None:
            raise VariantNotFound("id", variant_id)
        product = _get_product(variant.product_id)
        current = spec_of(product)
        new = dataclasses.replace(variant_spec_of(variant), **changes)
        variants = tuple(new if v.sku == variant.sku else v for v in current.variants)
        changed = dataclasses.replace(current, variants=variants)
        # Checked before any query uses the new values (a NUL in a SKU breaks a PostgreSQL query).
        _raise_if(rules.validate_product(changed, default_currency=settings.STOCKBRIDGE_CURRENCY))
        if new.sku != variant.sku:
            # Renaming a SKU: keep the row (and its links) by renaming it before the write.
            if Variant.objects.filter(sku=new.sku).exists():
                raise DuplicateSku("sku", new.sku)
            Variant.objects.filter(pk=variant.pk).update(sku=new.sku)
        _save(product, changed)
        return Variant.objects.get(pk=variant.pk)


def delete_variant(*, variant_id: int) -> None:
    """Delete one variant. Raises VariantNotFound."""
    try:
        with transaction.atomic():
            deleted, _ = Variant.objects.filter(pk=variant_id).delete()
    except ProtectedError as exc:
        raise _in_use("variant_id", exc) from exc
    if not deleted:
        raise VariantNotFound("id", variant_id)


def _in_use(field: str, exc: ProtectedError) -> FieldError:
    """A delete refused because other records (purchase orders, transfers, bundles, orders)
    still point at the row: say which kinds, so the user knows what to finish or archive."""
    kinds = sorted({str(obj._meta.verbose_name_plural) for obj in exc.protected_objects})
    return FieldError(
        field,
        f"still used by {', '.join(str(k) for k in kinds)}; archive it instead of deleting",
        code="in_use",
    )
