"""Storing checked products' variants (created, updated, deleted, kept) and images."""

from __future__ import annotations

import operator
from collections import Counter, defaultdict
from datetime import datetime
from typing import Any

from ..models import Image, Variant
from ..specs import VARIANT_FIELDS as VARIANT_FIELDS_OF_SPEC
from ..specs import ProductSpec
from .rows import insert_values, update_rows

LOOKUP_BATCH = 2000
# Columns the bulk statements write, derived from the specs (see `specs.py`).
VARIANT_FIELDS = ("product", *VARIANT_FIELDS_OF_SPEC, "updated_at")
CREATE_FIELDS = (*VARIANT_FIELDS, "created_at")
_spec_values = operator.attrgetter(*VARIANT_FIELDS_OF_SPEC)  # a spec's values, one C call
_ATTRIBUTE_VALUES, _POSITION, _CURRENCY = (
    CREATE_FIELDS.index(name) for name in ("attribute_values", "position", "currency")
)
IMAGE_FIELDS = ("product", "url", "file", "md5", "alt", "position")


def write_variants(
    specs: list[tuple[int, ProductSpec]],
    changed_ids: list[int],
    same: set[str],
    currency: str,
    now: datetime,
    counts: Counter[str],
) -> dict[str, int]:
    """Create, update and delete variants; returns the id of every kept SKU that an image
    shows (and of every updated or unchanged one)."""
    current: dict[int, dict[str, int]] = defaultdict(dict)
    for pk, sku, product_id in Variant.objects.filter(product_id__in=changed_ids).values_list(
        "id", "sku", "product_id"
    ):
        current[product_id][sku] = pk
    wanted = {pk: {v.sku for v in spec.variants} for pk, spec in specs}
    gone = [
        vid
        for product_id, skus in current.items()
        for sku, vid in skus.items()
        if sku not in wanted[product_id]
    ]
    for start in range(0, len(gone), LOOKUP_BATCH):  # SQLite caps the parameters of a query
        Variant.objects.filter(id__in=gone[start : start + LOOKUP_BATCH]).delete()
    to_create: list[list[Any]] = []  # values in CREATE_FIELDS order
    created_skus: list[str] = []
    to_update: list[Variant] = []
    kept: dict[str, int] = {}
    for product_id, spec in specs:
        mine = current.get(product_id, {})
        for n, v in enumerate(spec.variants):
            if v.sku not in mine:
                values = [product_id, *_spec_values(v), now, now]  # CREATE_FIELDS order
                values[_ATTRIBUTE_VALUES] = list(v.attribute_values)
                values[_POSITION] = v.position or n + 1
                values[_CURRENCY] = v.currency or currency
                to_create.append(values)
                created_skus.append(v.sku)
                continue
            row = Variant(
                id=mine.get(v.sku),
                product_id=product_id,
                created_at=now,
                updated_at=now,
                **{name: getattr(v, name) for name in VARIANT_FIELDS_OF_SPEC},
            )
            row.attribute_values = list(v.attribute_values)
            row.position = v.position or n + 1
            row.currency = v.currency or currency
            if v.sku in same:
                kept[v.sku] = row.id
            else:
                to_update.append(row)
    insert_values(Variant, CREATE_FIELDS, to_create)  # no model instance per new variant
    update_rows(Variant, to_update, VARIANT_FIELDS)
    counts["variants_created"] += len(to_create)
    counts["variants_updated"] += len(to_update)
    counts["variants_deleted"] += len(gone)
    counts["variants_unchanged"] += len(kept)
    ids = kept | {v.sku: v.pk for v in to_update}
    linked_skus = {sku for _, spec in specs for image in spec.images for sku in image.variant_skus}
    linked = [sku for sku in created_skus if sku in linked_skus]
    for chunk in range(0, len(linked), LOOKUP_BATCH):
        ids.update(
            Variant.objects.filter(sku__in=linked[chunk : chunk + LOOKUP_BATCH]).values_list(
                "sku", "id"
            )
        )
    return ids


def write_images(
    specs: list[tuple[int, ProductSpec]], changed_ids: list[int], by_sku: dict[str, int]
) -> None:
    # Uploaded files are not in the spreadsheet (it holds URLs): they stay as they are.
    Image.objects.filter(product_id__in=changed_ids).exclude(url="").delete()
    if not any(image.variant_skus for _, spec in specs for image in spec.images):
        insert_values(  # no image shows a variant: no ids to read back, no model instances
            Image,
            IMAGE_FIELDS,
            [
                (product_id, image.url, "", image.md5, image.alt, n + 1)
                for product_id, spec in specs
                for n, image in enumerate(spec.images)
            ],
        )
        return
    rows: list[Image] = []
    links: list[tuple[str, ...]] = []
    for product_id, spec in specs:
        for n, image in enumerate(spec.images):
            rows.append(
                Image(
                    product_id=product_id,
                    url=image.url,
                    alt=image.alt,
                    md5=image.md5,
                    position=n + 1,
                )
            )
            links.append(image.variant_skus)
    Image.objects.bulk_create(rows)
    through = Image.variants.through
    through.objects.bulk_create(
        through(image_id=image.pk, variant_id=by_sku[sku])
        for image, skus in zip(rows, links, strict=True)
        for sku in skus
    )
