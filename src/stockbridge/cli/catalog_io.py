"""`catalog import` / `catalog export`: the catalog as a spreadsheet (docs/catalog-csv.md)."""

from __future__ import annotations

import argparse
import codecs
import contextlib
import os
import sys
import time
from typing import TYPE_CHECKING, Any, TextIO

from stockbridge import bootstrap

if TYPE_CHECKING:
    from stockbridge.catalog.spreadsheet.importer import ImportProgress, ImportResult

PROGRESS_EVERY_S = 0.2
BAR_WIDTH = 30


class ProgressBar:
    """A one-line text progress bar on a terminal stream, by lines of the file read."""

    def __init__(self, stream: TextIO, total_lines: int) -> None:
        self._stream = stream
        self._total = max(total_lines, 1)
        self._started = time.monotonic()
        self._shown = 0.0

    def __call__(self, progress: ImportProgress) -> None:
        now = time.monotonic()
        if now - self._shown < PROGRESS_EVERY_S:
            return
        self._shown = now
        done = min(progress.line / self._total, 1.0)
        filled = int(done * BAR_WIDTH)
        rate = progress.rows / max(now - self._started, 1e-6)
        self._stream.write(
            f"\r[{'#' * filled}{'.' * (BAR_WIDTH - filled)}] {done:4.0%} "
            f"{progress.rows:,} rows, {progress.rows_failed:,} failed, {rate:,.0f} rows/s "
        )
        self._stream.flush()

    def close(self) -> None:
        self._stream.write("\r" + " " * (BAR_WIDTH + 70) + "\r")
        self._stream.flush()


def scan(path: str) -> tuple[int, str | None]:
    """Lines in the file (for the progress bar) and, if it is not UTF-8, where it stops being:
    checked before the import so that a file saved in another encoding writes nothing."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    lines = 0
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            try:
                decoder.decode(chunk)
            except UnicodeDecodeError as exc:
                line = lines + chunk[: exc.start].count(b"\n") + 1
                return lines, f"line {line}: is not UTF-8 text (save the CSV as UTF-8)"
            lines += chunk.count(b"\n")
        try:
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            return lines, f"line {lines + 1}: is not UTF-8 text (save the CSV as UTF-8)"
    return lines, None


def summary_line(result: ImportResult, seconds: float, *, dry_run: bool) -> str:
    outcome = "written"
    if dry_run:
        outcome = "nothing written (--dry-run)"
    elif result.rolled_back:
        outcome = "nothing written (--atomic: a row failed)"
    elif result.stopped_at is not None:
        # The rest of the file was not read: say exactly which rows the store now holds.
        lines = ", ".join(
            f"{first}-{last}" if last > first else str(first) for first, last in result.stored_lines
        )
        outcome = f"reading stopped at line {result.stopped_at}; written: " + (
            f"lines {lines}" if lines else "no rows"
        )
    return (
        f"catalog import ({result.format}): {result.rows} rows in {seconds:.1f}s; "
        f"variants {result.variants_created} created, {result.variants_updated} updated, "
        f"{result.variants_unchanged} unchanged, {result.variants_deleted} deleted; "
        f"products {result.products_created} created, {result.products_updated} updated, "
        f"{result.products_unchanged} unchanged, {result.products_failed} failed; "
        f"{result.rows_failed} rows failed; {outcome}"
    )


def import_command(args: argparse.Namespace) -> int:
    bootstrap.configure()
    from stockbridge.catalog.spreadsheet.importer import import_catalog
    from stockbridge.catalog.spreadsheet.reader import UnreadableSpreadsheet

    err = sys.stderr
    bar = None
    if args.file != "-":
        try:
            lines, problem = scan(args.file)
        except OSError as exc:
            print(f"stockbridge: {args.file}: {exc.strerror}", file=err)
            return 2
        if problem:
            print(f"stockbridge: {args.file}: {problem}", file=err)
            return 2
        if not args.quiet and err.isatty():
            bar = ProgressBar(err, lines)
    started = time.monotonic()
    try:
        with contextlib.ExitStack() as stack:
            stream = (
                sys.stdin
                if args.file == "-"
                else stack.enter_context(open(args.file, encoding="utf-8-sig", newline=""))
            )
            if bar is not None:
                stack.callback(bar.close)
            result = import_catalog(
                stream, fmt=args.format, atomic=args.atomic, dry_run=args.dry_run, on_progress=bar
            )
    except OSError as exc:
        print(f"stockbridge: {args.file}: {exc.strerror}", file=err)
        return 2
    except UnreadableSpreadsheet as exc:
        print(f"stockbridge: {args.file}: line 1: {exc.field}: {exc.reason}", file=err)
        return 2
    except UnicodeDecodeError as exc:
        print(f"stockbridge: {args.file}: is not UTF-8 text ({exc.reason})", file=err)
        return 2
    for error in result.errors:
        print(error, file=err)
    print(summary_line(result, time.monotonic() - started, dry_run=args.dry_run), file=err)
    return 0 if result.ok else 1


def export_command(args: argparse.Namespace) -> int:
    bootstrap.configure()
    from stockbridge.catalog.spreadsheet.writer import export_catalog

    if args.file == "-":
        try:
            products, variants = export_catalog(sys.stdout)
            sys.stdout.flush()
        except BrokenPipeError:
            # The reader went away (`... | head`): stop quietly, as other Unix tools do.
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            return 1
    else:
        with open(args.file, "w", encoding="utf-8", newline="") as out:
            products, variants = export_catalog(out)
    print(f"catalog export: {products} products, {variants} variants", file=sys.stderr)
    return 0


def register(commands: Any) -> None:
    catalog = commands.add_parser("catalog", help="import or export the catalog as CSV")
    sub = catalog.add_subparsers(dest="catalog_command", required=True)
    p = sub.add_parser(
        "import",
        help="import products from a CSV (ours or Shopify's); upserts by handle and SKU",
        description="Import a catalog CSV. Every bad row is reported by line and column; a "
        "product's rows stand or fall together. Exit code 1 when any row failed.",
    )
    p.add_argument("file", metavar="FILE.csv", help="the CSV file, or - for standard input")
    p.add_argument("--atomic", action="store_true", help="write nothing at all if any row fails")
    p.add_argument(
        "--format",
        choices=("auto", "stockbridge", "shopify"),
        default="auto",
        help="the file's format (default: recognised by its header)",
    )
    p.add_argument(
        "--dry-run", action="store_true", help="check every row and report, but write nothing"
    )
    p.add_argument(
        "--quiet", action="store_true", help="no progress bar (the summary line is printed)"
    )
    p.set_defaults(handler=import_command)
    p = sub.add_parser("export", help="export the catalog as CSV (our own format)")
    p.add_argument(
        "file", metavar="FILE.csv", nargs="?", default="-", help="where to write; - for stdout"
    )
    p.set_defaults(handler=export_command)
