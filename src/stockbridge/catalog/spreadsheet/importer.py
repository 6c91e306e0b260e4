"""Bulk catalog import: products read from a CSV, checked against the database, and stored in
chunks with a few bulk queries each (never one query per row).

A product's rows stand or fall together: one bad row and none of that product is written.
Without `atomic`, each chunk is its own transaction and good products are kept; with `atomic`
the whole file is one transaction, rolled back if any row failed."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from contextlib import nullcontext
from dataclasses import dataclass, field
from typing import TextIO

from django.db import DataError, IntegrityError, transaction
from django.db.models import ProtectedError

from ..errors import DuplicateSku, UnknownSeason, UnknownSupplier
from ..models import Variant
from .bulk_write import Names, write
from .drafts import Draft, RowError
from .reader import open_sheet, products

CHUNK_ROWS = 2000


@dataclass(frozen=True, slots=True)
class ImportProgress:
    """Where an import is: the last line read, rows done and rows failed so far."""

    line: int
    rows: int
    rows_failed: int


@dataclass(slots=True)
class ImportResult:
    """What an import did. `rolled_back` is true when nothing was kept (dry run, or `atomic`
    with a failed row); the counts then say what would have been written."""

    format: str
    rows: int = 0
    rows_failed: int = 0
    products_created: int = 0
    products_updated: int = 0
    products_unchanged: int = 0
    products_failed: int = 0
    variants_created: int = 0
    variants_updated: int = 0
    variants_unchanged: int = 0
    variants_deleted: int = 0
    rolled_back: bool = False
    errors: list[RowError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.rows_failed


class _Rollback(Exception):
    """Raised to undo the whole import's transaction (dry run, or atomic with failures)."""


def import_catalog(
    stream: TextIO,
    *,
    fmt: str = "auto",
    atomic: bool = False,
    dry_run: bool = False,
    on_progress: Callable[[ImportProgress], None] | None = None,
    chunk_rows: int = CHUNK_ROWS,
) -> ImportResult:
    """Import a catalog CSV read from `stream` (format `auto`, `stockbridge` or `shopify`).

    Upserts by handle (products) and SKU (variants): the rows of a product describe it whole,
    so re-importing the same file changes nothing. Raises UnreadableSpreadsheet when the header
    is not usable; every other problem is a RowError in the result."""
    sheet = open_sheet(stream, fmt)
    result = ImportResult(format=sheet.format.name)
    names = Names.load()
    outer = transaction.atomic() if atomic or dry_run else nullcontext()
    try:
        with outer:
            for chunk in _chunks(products(sheet), chunk_rows):
                _store_chunk(chunk, names, result)
                if on_progress is not None:
                    on_progress(ImportProgress(sheet.line, result.rows, result.rows_failed))
            if dry_run or (atomic and result.rows_failed):
                raise _Rollback
    except _Rollback:
        result.rolled_back = True
    result.errors.sort()
    return result


def _chunks(drafts: Iterable[Draft], rows: int) -> Iterator[list[Draft]]:
    chunk: list[Draft] = []
    size = 0
    for draft in drafts:
        chunk.append(draft)
        size += len(draft.rows)
        if size >= rows:
            yield chunk
            chunk, size = [], 0
    if chunk:
        yield chunk


def _check_references(drafts: list[Draft], names: Names) -> None:
    """What only the database knows: seasons, suppliers, and SKUs owned by other products."""
    skus = [v.sku for d in drafts if d.spec for v in d.spec.variants]
    # One query, so a product another import commits meanwhile is seen whole or not at all.
    owners = dict(Variant.objects.filter(sku__in=skus).values_list("sku", "product__handle"))
    claimed: dict[str, str] = {}
    for draft in drafts:
        spec = draft.spec
        assert spec is not None
        cols = draft.columns
        if spec.season and spec.season not in names.seasons:
            draft.fail(draft.first_line, cols.product["season"], UnknownSeason(spec.season).reason)
        if spec.supplier and spec.supplier not in names.suppliers:
            draft.fail(
                draft.first_line, cols.product["supplier"], UnknownSupplier(spec.supplier).reason
            )
        for i, variant in enumerate(spec.variants):
            owner = owners.get(variant.sku)
            line, column = draft.variant_lines[i], cols.variant["sku"]
            if owner is not None and owner != draft.key:
                draft.fail(line, column, DuplicateSku(column, variant.sku).reason)
            elif claimed.get(variant.sku, draft.key) != draft.key:
                draft.fail(
                    line,
                    column,
                    f"SKU {variant.sku!r} is also given for product {claimed[variant.sku]!r}",
                )
        if not draft.errors:
            claimed.update((v.sku, draft.key) for v in spec.variants)


def _store_chunk(drafts: list[Draft], names: Names, result: ImportResult) -> None:
    good = [d for d in drafts if not d.errors]
    _check_references(good, names)
    good = [d for d in good if not d.errors]
    try:
        with transaction.atomic():
            counts = write(good, names)
    except (IntegrityError, DataError, ProtectedError):
        counts = Counter()
        # A concurrent writer (or a limit we did not foresee) broke the chunk: store its
        # products one by one so that only the one at fault fails.
        for draft in good:
            _check_references([draft], names)
            if draft.errors:
                continue
            try:
                with transaction.atomic():
                    counts += write([draft], names)
            except ProtectedError as exc:
                kinds = sorted({str(o._meta.verbose_name_plural) for o in exc.protected_objects})
                draft.fail(
                    draft.first_line,
                    "",
                    "a variant of this product missing from the file is still used by "
                    f"{', '.join(kinds)}; keep its row",
                )
            except (IntegrityError, DataError) as exc:
                draft.fail(draft.first_line, "", f"could not be stored: {exc}")
    for name, value in counts.items():
        setattr(result, name, getattr(result, name) + value)
    for draft in drafts:
        result.rows += len(draft.rows)
        if draft.errors:
            result.products_failed += 1
            result.rows_failed += len(draft.rows)
            result.errors.extend(draft.errors)
