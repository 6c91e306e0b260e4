"""Storing checked products with a few bulk queries per batch: products, tags, attributes,
variants and images. Unchanged products are left alone (re-imports are cheap).

Only `services.upsert_products` calls `write`, after every check; nothing else writes here."""

from __future__ import annotations

import dataclasses
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Any

from django.db import connections, models, router
from django.db.models import Field, Model
from django.utils import timezone

from stockbridge.platform import wakeups

from .models import Image, Product, ProductAttribute, Tag, Variant
from .queries import products as product_query
from .queries import spec_of
from .references import References
from .specs import PRODUCT_ROW_FIELDS, ProductSpec, prices_of
from .specs import VARIANT_FIELDS as VARIANT_FIELDS_OF_SPEC

LOOKUP_BATCH = 2000
# Columns the bulk statements write, derived from the specs (see `specs.py`).
PRODUCT_FIELDS = (*PRODUCT_ROW_FIELDS, "updated_at")
VARIANT_FIELDS = ("product", *VARIANT_FIELDS_OF_SPEC, "updated_at")
CREATE_FIELDS = (*VARIANT_FIELDS, "created_at")
# Product fields copied as they are onto the row (the rest are resolved or adapted).
PLAIN_PRODUCT_FIELDS = tuple(
    n for n in PRODUCT_ROW_FIELDS if n not in ("season", "supplier", "custom_fields")
)


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


# Fields whose database value is the Python value itself when it already has this exact type
# (anything else, None aside, goes through the field's own adaptation).
_PLAIN: dict[type[Field[Any, Any]], type] = {
    models.CharField: str,
    models.TextField: str,
    models.SlugField: str,
    models.IntegerField: int,
    models.SmallIntegerField: int,
    models.BigIntegerField: int,
    models.PositiveIntegerField: int,
    models.PositiveSmallIntegerField: int,
    models.BooleanField: bool,
}


_NOTHING = object()


def _plain_type(field: Field[Any, Any]) -> type | None:
    if isinstance(field, models.ForeignKey):
        target = field.target_field
        return int if type(target) in (models.AutoField, models.BigAutoField) else None
    return _PLAIN.get(type(field))


def _direct(field: Field[Any, Any], connection: Any) -> tuple[type, Any] | None:
    """(value type, adapter) for fields whose adaptation of a value of that exact type is
    only the backend's last step (what `get_db_prep_save` ends with)."""
    if type(field) is models.DecimalField:
        adapt, digits, places = (
            connection.ops.adapt_decimalfield_value,
            field.max_digits,
            field.decimal_places,
        )
        return (
            Decimal,
            lambda value: (
                adapt(value, digits, places)
                if value.is_finite()
                else field.get_db_prep_save(value, connection)
            ),
        )
    if type(field) is models.JSONField:
        adapt_json, encoder = connection.ops.adapt_json_value, field.encoder
        return dict, lambda value: adapt_json(value, encoder)
    return None


def _adapted(
    fields: list[Field[Any, Any]], connection: Any, rows: Iterable[Sequence[Any]]
) -> list[list[Any]]:
    """Each row's values (in `fields` order) as the database takes them: adapted by each field,
    except values that are None or of the field's plain type (`_PLAIN`), values that only
    need the backend's step (`_direct`), and repeated objects (a batch's one timestamp)
    adapted once. Worked column by column: a column holding only plain values (most) is
    taken as it is after one look at its types."""
    table = [tuple(row) for row in rows]
    if not table:
        return []
    columns: list[Sequence[Any]] = []
    for field, column in zip(fields, zip(*table, strict=True), strict=True):
        plain, direct = _plain_type(field), _direct(field, connection)
        kinds = set(map(type, column))
        kinds.discard(_NONE)
        if not kinds or kinds == {plain}:
            columns.append(column)
            continue
        if direct is not None and kinds <= _direct_kinds(direct[0], plain):
            adapt = direct[1]
            columns.append([v if v is None or type(v) is plain else adapt(v) for v in column])
            continue
        columns.append(_adapted_column(field, connection, column, plain, direct))
    return [list(values) for values in zip(*columns, strict=True)]


_NONE = type(None)


def _direct_kinds(kind: type, plain: type | None) -> set[type | None]:
    """The value types a `_direct` adapter (or no adaptation at all) takes as they are."""
    kinds: set[type | None] = {kind, plain}
    if kind is dict:
        kinds.add(list)
    return kinds


def _adapted_column(
    field: Field[Any, Any],
    connection: Any,
    column: Sequence[Any],
    plain: type | None,
    direct: tuple[type, Any] | None,
) -> list[Any]:
    """One column value by value (mixed types): as `_adapted` says."""
    prep = field.get_db_prep_save
    seen: object = _NOTHING
    adapted: Any = None
    values: list[Any] = []
    for value in column:
        kind = type(value)
        if value is None or kind is plain:
            values.append(value)
            continue
        if direct is not None and (kind is direct[0] or (direct[0] is dict and kind is list)):
            values.append(direct[1](value))
            continue
        if seen is not value:
            adapted = prep(value, connection)
            seen = value
        values.append(adapted)
    return values


def _statement_rows(
    model: type[Model], rows: list[Any], field_names: tuple[str, ...]
) -> tuple[Any, list[Any], list[list[Any]]]:
    """The connection, fields and parameter rows (values adapted by each field) for `rows`."""
    by_name = {f.name: f for f in model._meta.concrete_fields}
    fields = [by_name[name] for name in field_names]
    connection = connections[router.db_for_write(model)]
    attnames = [f.attname for f in fields]
    params = _adapted(fields, connection, ([getattr(row, a) for a in attnames] for row in rows))
    return connection, fields, params


def update_rows(model: type[Model], rows: list[Any], field_names: tuple[str, ...]) -> None:
    """UPDATE `rows` by primary key: one prepared statement run over all rows (executemany).

    Django's bulk_update builds a CASE WHEN expression per field and row, which costs seconds
    per thousand rows in Python; values here are still adapted by each field for the database."""
    if not rows:
        return
    meta = model._meta
    assert meta.pk is not None
    connection, fields, params = _statement_rows(model, rows, field_names)
    quote = connection.ops.quote_name
    assignments = ", ".join(f"{quote(f.column)} = %s" for f in fields)
    table, pk = quote(meta.db_table), quote(meta.pk.column)
    sql = f"UPDATE {table} SET {assignments} WHERE {pk} = %s"  # noqa: S608 (names from the model)
    with connection.cursor() as cursor:
        cursor.executemany(sql, [[*p, row.pk] for p, row in zip(params, rows, strict=True)])


def insert_rows(model: type[Model], rows: list[Any], field_names: tuple[str, ...]) -> None:
    """INSERT `rows` (ids are not read back): one prepared statement over all rows. Every
    field not named must have a database default or be nullable; `auto_now` fields are not
    filled in here, so name them and set them on the rows."""
    if not rows:
        return
    connection, fields, params = _statement_rows(model, rows, field_names)
    _insert(model, connection, fields, params)


def insert_values(
    model: type[Model], field_names: tuple[str, ...], rows: Sequence[Sequence[Any]]
) -> None:
    """`insert_rows` for rows given as value tuples in `field_names` order (attribute values:
    a foreign key's id), without building a model instance per row."""
    if not rows:
        return
    by_name = {f.name: f for f in model._meta.concrete_fields}
    fields = [by_name[name] for name in field_names]
    connection = connections[router.db_for_write(model)]
    _insert(model, connection, fields, _adapted(fields, connection, rows))


def _insert(
    model: type[Model], connection: Any, fields: list[Field[Any, Any]], params: list[list[Any]]
) -> None:
    quote = connection.ops.quote_name
    columns = ", ".join(quote(f.column) for f in fields)
    marks = ", ".join(["%s"] * len(fields))
    sql = f"INSERT INTO {quote(model._meta.db_table)} ({columns}) VALUES ({marks})"  # noqa: S608
    with connection.cursor() as cursor:
        cursor.executemany(sql, params)


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
    ProductAttribute.objects.bulk_create(
        ProductAttribute(product_id=pk, name=a.name, position=n + 1, values=list(a.values))
        for pk, spec in specs
        for n, a in enumerate(spec.attributes)
    )
    by_sku = _write_variants(specs, changed_ids, same_variants, refs.currency, now, counts)
    wakeups.changed("prices", (by_sku[sku] for sku in repriced if sku in by_sku))
    _write_images(specs, changed_ids, by_sku)

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
    through.objects.bulk_create(
        through(product_id=pk, tag_id=tag_ids[t]) for pk, spec in specs for t in spec.tags
    )


def _write_variants(
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
    to_create: list[tuple[Any, ...]] = []  # values in CREATE_FIELDS order
    created_skus: list[str] = []
    to_update: list[Variant] = []
    kept: dict[str, int] = {}
    for product_id, spec in specs:
        mine = current.get(product_id, {})
        for n, v in enumerate(spec.variants):
            if v.sku not in mine:
                values = {name: getattr(v, name) for name in VARIANT_FIELDS_OF_SPEC}
                values["attribute_values"] = list(v.attribute_values)
                values["position"] = v.position or n + 1
                values["currency"] = v.currency or currency
                to_create.append(
                    (product_id, *[values[name] for name in VARIANT_FIELDS_OF_SPEC], now, now)
                )
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


def _write_images(
    specs: list[tuple[int, ProductSpec]], changed_ids: list[int], by_sku: dict[str, int]
) -> None:
    # Uploaded files are not in the spreadsheet (it holds URLs): they stay as they are.
    Image.objects.filter(product_id__in=changed_ids).exclude(url="").delete()
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
    if not rows:
        return
    Image.objects.bulk_create(rows)
    through = Image.variants.through
    through.objects.bulk_create(
        through(image_id=image.pk, variant_id=by_sku[sku])
        for image, skus in zip(rows, links, strict=True)
        for sku in skus
    )
