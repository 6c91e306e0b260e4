"""Bulk catalog import: products read from a CSV and stored in chunks through the catalog's
bulk writer, `services.upsert_products` (a few bulk queries per chunk, never one per row).

A product's rows stand or fall together: one bad row and none of that product is written.
Without `atomic`, each chunk is its own transaction and good products are kept; with `atomic`
the whole file is one transaction, rolled back if any row failed."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable, Iterator
from contextlib import nullcontext
from dataclasses import dataclass, field
from typing import TextIO

from django.db import transaction

from .. import services
from ..errors import VariantsInUse
from .checks import check_spec
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
    with a failed row); the counts then say what would have been written. `stored_lines` are
    the line ranges (first, last) whose products the store now holds as the file gives them;
    `stopped_at` is the line where reading stopped when the rest of the file could not be
    read (its error is among `errors`)."""

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
    stopped_at: int | None = None
    stored_lines: list[tuple[int, int]] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)

    def stored(self, first: int, last: int) -> None:
        if self.stored_lines and self.stored_lines[-1][1] + 1 >= first:
            self.stored_lines[-1] = (self.stored_lines[-1][0], last)
        else:
            self.stored_lines.append((first, last))

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
    outer = transaction.atomic() if atomic or dry_run else nullcontext()
    try:
        with outer:
            for chunk in _chunks(products(sheet, check=False), chunk_rows):
                _store_chunk(chunk, result)
                if on_progress is not None:
                    on_progress(ImportProgress(sheet.line, result.rows, result.rows_failed))
            if sheet.stopped is not None:
                result.stopped_at = sheet.stopped.line
                result.errors.append(sheet.stopped)
                result.rows_failed += 1
            if dry_run or (atomic and result.rows_failed):
                raise _Rollback
    except _Rollback:
        result.rolled_back = True
        result.stored_lines = []
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


def _store_chunk(drafts: list[Draft], result: ImportResult) -> None:
    for draft in drafts:
        if draft.errors:  # not stored: report every rule it breaks too (the rest are checked
            check_spec(draft)  # by the service that stores them)
    good = [d for d in drafts if not d.errors and d.spec is not None]
    outcome = services.upsert_products(
        specs=[dataclasses.replace(d.spec, handle=d.key) for d in good if d.spec is not None],
        match=services.Match.HANDLE,
    )
    for index, errors in outcome.failed.items():
        draft = good[index]
        for error in errors:
            if isinstance(error, VariantsInUse):
                draft.fail(
                    draft.first_line,
                    "",
                    "a variant of this product missing from the file is still used by "
                    f"{', '.join(error.kinds)}; keep its row",
                )
            elif not error.field:
                draft.fail(draft.first_line, "", error.reason)
            else:
                draft.add_spec_errors([error])
    for name in ImportResult.__dataclass_fields__:
        if name.startswith(("products_", "variants_")) and name != "products_failed":
            setattr(result, name, getattr(result, name) + getattr(outcome, name))
    for draft in drafts:
        result.rows += len(draft.rows)
        if draft.errors:
            result.products_failed += 1
            result.rows_failed += len(draft.rows)
            result.errors.extend(draft.errors)
        else:
            result.stored(draft.first_line, draft.last_line)
