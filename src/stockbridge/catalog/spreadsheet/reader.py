"""Streaming a catalog CSV: its header, its format, and its products one by one.

Rows are read as they come (never the whole file at once); a product is the run of
consecutive rows that share its key (the handle)."""

from __future__ import annotations

import csv
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any, TextIO

from stockbridge.platform.errors import FieldError

from . import shopify_format, stockbridge_format
from .drafts import Draft, Row, RowError


class UnreadableSpreadsheet(FieldError):
    """The file as a whole cannot be imported (no header, unknown format, unknown columns)."""

    code = "unreadable"


@dataclass(frozen=True, slots=True)
class Format:
    name: str
    recognises: Callable[[list[str]], bool]
    header_problems: Callable[[list[str]], list[str]]
    group_key: Callable[[Row, Row | None], str]
    build: Callable[[str, list[Row], bool], Draft]


FORMATS = {
    f.name: f
    for f in (
        Format(
            stockbridge_format.NAME,
            stockbridge_format.recognises,
            stockbridge_format.header_problems,
            stockbridge_format.group_key,
            stockbridge_format.build,
        ),
        Format(
            shopify_format.NAME,
            shopify_format.recognises,
            shopify_format.header_problems,
            shopify_format.group_key,
            shopify_format.build,
        ),
    )
}


@dataclass(slots=True)
class Sheet:
    """An open CSV: its format and an iterator over its products as unchecked row groups."""

    format: Format
    header: list[str]
    records: Iterator[Row]
    line: int = 1
    stopped: RowError | None = None


def _records(reader: Any, header: list[str], sheet: Sheet) -> Iterator[Row]:
    """The file's records as rows. A record the CSV reader cannot read (a cell over the
    reader's limit of 131,072 characters, a stray quote at the end of the file) ends the
    reading: what follows it cannot be told apart from the rest of that record. The reason
    is kept in `sheet.stopped`, on the line where the record starts."""
    width = len(header)
    previous_end = 1
    while True:
        try:
            cells = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            sheet.stopped = RowError(
                previous_end + 1,
                "",
                f"could not be read as CSV ({exc}); this row and the rest of the file were "
                "not imported",
            )
            return
        start, previous_end = previous_end + 1, reader.line_num
        if not any(c.strip() for c in cells):
            continue
        problem = ""
        if len(cells) > width and any(c.strip() for c in cells[width:]):
            problem = f"has {len(cells)} cells, the header has {width}"
        yield Row(start, dict(zip(header, cells, strict=False)), problem)


def open_sheet(stream: TextIO, fmt: str = "auto") -> Sheet:
    """Read the header and choose the format. Raises UnreadableSpreadsheet."""
    reader = csv.reader(stream)
    try:
        header = [h.strip().lstrip("\ufeff") for h in next(reader)]
    except StopIteration:
        raise UnreadableSpreadsheet("header", "the file is empty") from None
    except csv.Error as exc:
        raise UnreadableSpreadsheet("header", f"is not CSV ({exc})") from None
    duplicates = sorted({h for h in header if header.count(h) > 1 and h})
    if duplicates:
        raise UnreadableSpreadsheet("header", f"repeats column(s) {', '.join(duplicates)}")
    if fmt == "auto":
        found = [f for f in FORMATS.values() if f.recognises(header)]
        if not found:
            raise UnreadableSpreadsheet(
                "header",
                "is neither Stockbridge's format (needs variant_sku) nor Shopify's product CSV "
                "(needs Handle and Variant Price)",
            )
        chosen = found[0]
    elif fmt in FORMATS:
        chosen = FORMATS[fmt]
    else:
        raise UnreadableSpreadsheet("format", f"must be auto or one of {', '.join(FORMATS)}")
    problems = chosen.header_problems(header)
    if problems:
        raise UnreadableSpreadsheet("header", "; ".join(problems))
    sheet = Sheet(chosen, header, iter(()))
    sheet.records = _records(reader, header, sheet)
    return sheet


def products(sheet: Sheet, *, check: bool = True) -> Iterator[Draft]:
    """Each product of the sheet, built and checked by the sheet's format (pure, no database);
    without `check`, the catalog rules are left to whoever stores the drafts.

    A product whose key appears again after other products is reported there, not merged."""
    seen: dict[str, int] = {}
    group: list[Row] = []
    key = ""
    for row in sheet.records:
        sheet.line = row.line
        k = sheet.format.group_key(row, group[0] if group else None)
        if group and (not k or k == key):
            group.append(row)
            continue
        if group:
            yield _draft(sheet, key, group, seen, check)
        group, key = [row], k
    if group:
        draft = _draft(sheet, key, group, seen, check)
        if sheet.stopped is not None:  # the unreadable record may be one of its rows
            draft.fail(
                group[0].line,
                "",
                f"not imported: its rows may go on at line {sheet.stopped.line}, which could "
                "not be read",
            )
        yield draft


def _draft(sheet: Sheet, key: str, rows: list[Row], seen: dict[str, int], check: bool) -> Draft:
    draft = sheet.format.build(key, rows, check)
    for row in rows:
        if row.problem:
            draft.fail(row.line, "", row.problem)
    if key and key in seen:
        draft.fail(
            rows[0].line,
            draft.columns.product["handle"],
            f"product {key!r} already had rows at line {seen[key]}; keep a product's rows together",
        )
    elif key:
        seen[key] = rows[0].line
    return draft
