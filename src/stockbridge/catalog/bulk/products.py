"""Storing checked products: which are new, changed or unchanged (`normal` specs compared
with what is stored), and the product rows, tags and attributes; variants and images are in
`variants`. Unchanged products are left alone (re-imports are cheap)."""

from __future__ import annotations

import dataclasses
from collections import Counter
from dataclasses import dataclass

from django.utils import timezone

from stockbridge.platform import wakeups

from ..models import Product, ProductAttribute, Tag
from ..queries import products as product_query
from ..queries import spec_of
from ..references import References
from ..specs import PRODUCT_ROW_FIELDS, ProductSpec, prices_of
from .rows import insert_values, update_rows
from .variants import write_images, write_variants

PRODUCT_FIELDS = (*PRODUCT_ROW_FIELDS, "updated_at")
# Product fields copied as they are onto the row (the rest are resolved or adapted).
PLAIN_PRODUCT_FIELDS = tuple(
    n for n in PRODUCT_ROW_FIELDS if n not in ("season", "supplier", "custom_fields")
)
ATTRIBUTE_FIELDS = ("product", "name", "position", "values")


@dataclass(frozen=True, slots=True)
class Item:
    """One product to store: `key` is the handle it is stored under, `spec` the whole product."""

    key: str
    spec: ProductSpec


def normal(spec: ProductSpec, refs: References) -> ProductSpec:
    """`spec` as `queries.spec_of` would give it back once stored, to spot unchanged ones."""
    return dataclasses.replace(
        spec,
        # .get: a stored product may name a season or supplier created after load().
        season=refs.seasons.get(spec.season, (0, spec.season))[1] if spec.season else None,
        supplier=(
            refs.suppliers.get(spec.supplier, (0, spec.supplier))[1] if spec.supplier else None
        ),
        tags=tuple(sorted(set(spec.tags))),
        variants=tuple(
            sorted(
                (
                    dataclasses.replace(
                        v, currency=v.currency or refs.currency, position=v.position or i + 1
                    )
                    for i, v in enumerate(spec.variants)
                ),
                key=lambda v: v.sku,
            )
        ),
        images=tuple(
            dataclasses.replace(i, variant_skus=tuple(sorted(i.variant_skus))) for i in spec.images
        ),
    )


def write(items: list[Item], refs: References) -> Counter[str]:
    """Store checked products with bulk queries: products, tags, attributes, variants, images.

    Returns counts named like UpsertResult fields. Raises IntegrityError or DataError when a
    concurrent writer got in first (the caller's transaction is then rolled back)."""
    counts: Counter[str] = Counter()
    if not items:
        return counts
    now = timezone.now()
    existing = dict(
        Product.objects.filter(handle__in=[d.key for d in items]).values_list("handle", "id")
    )
    stored = {
        p.handle: normal(spec_of(p), refs)
        for p in product_query().filter(handle__in=[d.key for d in items if d.key in existing])
    }
    new: list[Item] = []
    changed: list[Item] = []
    same_variants: set[str] = set()  # SKUs of changed products whose own row is unchanged
    repriced: set[str] = set()  # SKUs kept whose price, compare-at, cost or currency changed
    for item in items:
        before = stored.get(item.key)
        if before is None:
            new.append(item)
            continue
        spec = normal(item.spec, refs)
        if before == spec:
            counts["products_unchanged"] += 1
            counts["variants_unchanged"] += len(spec.variants)
        else:
            changed.append(item)
            previous = {v.sku: v for v in before.variants}
            same_variants.update(v.sku for v in spec.variants if previous.get(v.sku) == v)
            repriced.update(
                v.sku
                for v in spec.variants
                if v.sku in previous and prices_of(previous[v.sku]) != prices_of(v)
            )

    def product_row(item: Item, pk: int | None) -> Product:
        spec = item.spec
        row = Product(
            id=pk,
            season_id=refs.season_id(spec.season),
            supplier_id=refs.supplier_id(spec.supplier),
            updated_at=now,
            **{name: getattr(spec, name) for name in PLAIN_PRODUCT_FIELDS},
        )
        row.handle = item.key
        row.custom_fields = dict(spec.custom_fields)
        return row

    created = Product.objects.bulk_create([product_row(d, None) for d in new])
    ids = {d.key: p.pk for d, p in zip(new, created, strict=True)}
    update_rows(Product, [product_row(d, existing[d.key]) for d in changed], PRODUCT_FIELDS)
    ids.update((d.key, existing[d.key]) for d in changed)
    changed_ids = [existing[d.key] for d in changed]
    rewrite = [*new, *changed]
    specs = [(ids[d.key], d.spec) for d in rewrite]

    _write_tags(specs, changed_ids)
    ProductAttribute.objects.filter(product_id__in=changed_ids).delete()
    insert_values(  # one prepared statement, no model instance per row
        ProductAttribute,
        ATTRIBUTE_FIELDS,
        [
            (pk, a.name, n + 1, list(a.values))
            for pk, spec in specs
            for n, a in enumerate(spec.attributes)
        ],
    )
    by_sku = write_variants(specs, changed_ids, same_variants, refs.currency, now, counts)
    wakeups.changed("prices", (by_sku[sku] for sku in repriced if sku in by_sku))
    write_images(specs, changed_ids, by_sku)

    counts["products_created"] += len(new)
    counts["products_updated"] += len(changed)
    return counts


def _write_tags(specs: list[tuple[int, ProductSpec]], changed_ids: list[int]) -> None:
    through = Product.tags.through
    through.objects.filter(product_id__in=changed_ids).delete()
    wanted = {t for _, spec in specs for t in spec.tags}
    if not wanted:
        return
    Tag.objects.bulk_create([Tag(name=n) for n in sorted(wanted)], ignore_conflicts=True)
    tag_ids = dict(Tag.objects.filter(name__in=wanted).values_list("name", "id"))
    insert_values(
        through, ("product", "tag"), [(pk, tag_ids[t]) for pk, spec in specs for t in spec.tags]
    )
