"""Creating or updating many products at once: the bulk half of the catalog services.

`services.upsert_products` is the entry point; the spreadsheet import calls it per chunk and a
channel import will call it per page. Every spec is checked first (the pure rules with every
storage bound, then what only the database knows: seasons, suppliers, SKUs owned by other
products); the products that pass are stored with a few bulk queries (`bulk.write`), the
others are returned with their field errors. A product stands or falls whole.
"""

from __future__ import annotations

import enum
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

from django.db import DataError, IntegrityError, connection, transaction
from django.db.models import ProtectedError

from stockbridge.platform.errors import FieldError
from stockbridge.platform.lookups import mark

from . import rules
from .bulk import Item, write
from .errors import DuplicateSku, UnknownSeason, UnknownSupplier, VariantsInUse
from .models import Product, Variant
from .references import References
from .specs import ProductSpec


class Match(enum.StrEnum):
    """How a spec finds the stored product it updates."""

    HANDLE = "handle"  # by handle (or the handle its title gives); spreadsheets
    SKU = "sku"  # by the product owning its SKUs, else as HANDLE; channels that key by SKU


@dataclass(slots=True)
class UpsertResult:
    """What an upsert did, by product and variant; `failed` maps the index of each refused
    spec to its field errors (paths as in the spec: `variants[2].price`)."""

    products_created: int = 0
    products_updated: int = 0
    products_unchanged: int = 0
    variants_created: int = 0
    variants_updated: int = 0
    variants_unchanged: int = 0
    variants_deleted: int = 0
    failed: dict[int, list[FieldError]] = field(default_factory=dict)

    def add(self, counts: Counter[str]) -> None:
        for name, value in counts.items():
            setattr(self, name, getattr(self, name) + value)


_OWNERS = (
    f"SELECT v.sku, p.handle FROM {Variant._meta.db_table} v"  # noqa: S608 (names from the models)
    f" JOIN {Product._meta.db_table} p ON p.id = v.product_id WHERE v.sku IN ({{marks}})"
)


def owners_of(skus: list[str]) -> dict[str, str]:
    """{sku: handle of the product owning it} for the stored ones among `skus`: one statement
    (a product another writer commits meanwhile is seen whole or not at all), in fixed SQL
    (the ORM prepared each of thousands of values through its lookups)."""
    if not skus:
        return {}
    unique = list(dict.fromkeys(skus))
    with connection.cursor() as cursor:
        cursor.execute(_OWNERS.format(marks=", ".join([mark(connection)] * len(unique))), unique)
        return dict(cursor.fetchall())


def _key(spec: ProductSpec) -> str:
    return spec.handle or rules.handle_from_title(spec.title)


def _keys(
    specs: dict[int, ProductSpec], match: Match, failed: dict[int, list[FieldError]]
) -> dict[int, str]:
    """The handle each spec (by index) is stored under."""
    keys = {i: _key(s) for i, s in specs.items()}
    if match is Match.HANDLE:
        return keys
    skus = [v.sku for s in specs.values() for v in s.variants]
    owners = owners_of(skus)
    for i, spec in specs.items():
        found = {owners[v.sku] for v in spec.variants if v.sku in owners}
        if len(found) > 1:
            failed.setdefault(i, []).append(
                FieldError(
                    "variants",
                    f"the SKUs belong to several products ({', '.join(sorted(found))})",
                    code="ambiguous",
                )
            )
        elif found:
            keys[i] = found.pop()
    return keys


def check_references(
    items: dict[int, Item], refs: References, failed: dict[int, list[FieldError]]
) -> None:
    """What only the database knows: seasons, suppliers, and SKUs owned by other products.
    Products that fail are removed from `items` and their errors added to `failed`."""
    skus = [v.sku for item in items.values() for v in item.spec.variants]
    # One query, so a product another writer commits meanwhile is seen whole or not at all.
    owners = owners_of(skus)
    claimed: dict[str, str] = {}
    for i, item in list(items.items()):
        spec = item.spec
        errors: list[FieldError] = []
        if spec.season and spec.season not in refs.seasons:
            errors.append(UnknownSeason(spec.season))
        if spec.supplier and spec.supplier not in refs.suppliers:
            errors.append(UnknownSupplier(spec.supplier))
        for n, variant in enumerate(spec.variants):
            owner = owners.get(variant.sku)
            where = f"variants[{n}].sku"
            if owner is not None and owner != item.key:
                errors.append(DuplicateSku(where, variant.sku))
            elif claimed.get(variant.sku, item.key) != item.key:
                errors.append(
                    FieldError(
                        where,
                        f"SKU {variant.sku!r} is also given for product {claimed[variant.sku]!r}",
                        code="duplicate",
                    )
                )
        if errors:
            failed.setdefault(i, []).extend(errors)
            del items[i]
        else:
            claimed.update((v.sku, item.key) for v in spec.variants)


def upsert(
    specs: Sequence[ProductSpec], *, match: Match, refs: References | None = None
) -> UpsertResult:
    """See `services.upsert_products`."""
    refs = refs or References.load()
    result = UpsertResult()
    failed = result.failed
    valid: dict[int, ProductSpec] = {}
    for i, spec in enumerate(specs):
        errors = rules.validate_product(spec, default_currency=refs.currency)
        if errors:
            failed[i] = errors
        else:
            valid[i] = spec
    # Only checked specs reach a query (a NUL in a SKU breaks a PostgreSQL query).
    keys = _keys(valid, match, failed)
    items = {i: Item(keys[i], spec) for i, spec in valid.items() if i not in failed}
    check_references(items, refs, failed)
    try:
        with transaction.atomic():
            result.add(write(list(items.values()), refs))
    except (IntegrityError, DataError, ProtectedError):
        # A concurrent writer (or a limit we did not foresee) broke the batch: store its
        # products one by one so that only the one at fault fails.
        for i, item in items.items():
            one = {i: item}
            check_references(one, refs, failed)
            if not one:
                continue
            try:
                with transaction.atomic():
                    result.add(write([item], refs))
            except ProtectedError as exc:
                kinds = sorted({str(o._meta.verbose_name_plural) for o in exc.protected_objects})
                failed[i] = [VariantsInUse(kinds)]
            except (IntegrityError, DataError) as exc:
                failed[i] = [FieldError("", f"could not be stored: {exc}", code="conflict")]
    return result
