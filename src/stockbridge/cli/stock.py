"""`stock import counts.csv` (cycle counts), `stock low` (low-stock report), `stock promise SKU`
(available to promise by date) and `stock verify` (levels against their ledger)."""

from __future__ import annotations

import argparse
import csv
import sys
from pathlib import Path
from typing import Any

from stockbridge import bootstrap

COLUMNS = ("sku", "location", "counted")


class ImportRefused(Exception):
    """The file has errors; nothing was written."""

    def __init__(self, errors: list[str]) -> None:
        super().__init__("; ".join(errors))
        self.errors = errors


def import_counts(path: Path, *, actor: str = "cli") -> int:
    """Apply a cycle-count CSV (columns sku, location (code), counted) in one transaction.

    Returns the number of rows counted. Raises ImportRefused listing every bad row (by line
    number) and writes nothing when any row is bad."""
    from django.db import transaction

    from stockbridge.catalog.models import Variant
    from stockbridge.inventory import services
    from stockbridge.inventory.models import Location
    from stockbridge.platform.errors import FieldError

    with path.open(newline="", encoding="utf-8-sig") as handle:
        reader = csv.DictReader(handle)
        missing = [c for c in COLUMNS if c not in (reader.fieldnames or [])]
        if missing:
            raise ImportRefused([f"missing column(s): {', '.join(missing)}"])
        rows = list(reader)
    skus = dict(Variant.objects.filter(sku__in={r["sku"] for r in rows}).values_list("sku", "pk"))
    codes = dict(Location.objects.values_list("code", "pk"))
    errors: list[str] = []
    with transaction.atomic():
        for line, row in enumerate(rows, start=2):
            sku, code, raw = (str(row.get(c) or "").strip() for c in COLUMNS)
            if sku not in skus:
                errors.append(f"line {line}: sku: no variant {sku!r}")
                continue
            if code not in codes:
                errors.append(f"line {line}: location: no location {code!r}")
                continue
            try:
                counted = int(raw)
            except ValueError:
                errors.append(f"line {line}: counted: not a whole number: {raw!r}")
                continue
            try:
                with transaction.atomic():
                    services.count(
                        variant_id=skus[sku],
                        location_id=codes[code],
                        counted=counted,
                        reference=f"count-import:{path.name}",
                        actor=actor,
                    )
            except FieldError as exc:
                errors.append(f"line {line}: {exc.field}: {exc.reason}")
        if errors:
            transaction.set_rollback(True)
    if errors:
        raise ImportRefused(errors)
    return len(rows)


def import_command(args: argparse.Namespace) -> int:
    bootstrap.configure()
    try:
        n = import_counts(Path(args.file), actor=args.actor)
    except FileNotFoundError:
        print(f"stockbridge: no such file: {args.file}", file=sys.stderr)
        return 2
    except ImportRefused as exc:
        for error in exc.errors:
            print(f"stockbridge: {error}", file=sys.stderr)
        print("stockbridge: nothing was imported", file=sys.stderr)
        return 1
    print(f"counted {n} stock level(s)")
    return 0


def low_command(args: argparse.Namespace) -> int:
    bootstrap.configure()
    from stockbridge.inventory import queries
    from stockbridge.inventory.models import Location

    location_id = None
    if args.location:
        location_id = (
            Location.objects.filter(code=args.location).values_list("pk", flat=True).first()
        )
        if location_id is None:
            print(f"stockbridge: location: no location {args.location!r}", file=sys.stderr)
            return 2
    rows = queries.low_stock(threshold=args.threshold, location_id=location_id)
    head = ("ON HAND", "COMMITTED", "AVAILABLE", "INCOMING")
    print(f"{'SKU':<30} {'LOCATION':<12} {head[0]:>8} {head[1]:>9} {head[2]:>9} {head[3]:>8}")
    for level in rows:
        print(
            f"{level.variant.sku:<30} {level.location.code:<12} {level.on_hand:>8} "
            f"{level.committed:>9} {level.available:>9} {level.incoming:>8}"
        )
    return 0


def _location_id(code: str | None) -> int | None:
    from stockbridge.inventory.models import Location

    if code is None:
        return None
    found = Location.objects.filter(code=code).values_list("pk", flat=True).first()
    if found is None:
        raise LookupError(f"location: no location {code!r}")
    return int(found)


def promise_command(args: argparse.Namespace) -> int:
    bootstrap.configure()
    from stockbridge.catalog.models import Variant
    from stockbridge.platform import clock
    from stockbridge.purchasing.promise import promises

    variant_id = Variant.objects.filter(sku=args.sku).values_list("pk", flat=True).first()
    if variant_id is None:
        print(f"stockbridge: sku: no variant with SKU {args.sku!r}", file=sys.stderr)
        return 2
    try:
        location_id = _location_id(args.location)
    except LookupError as exc:
        print(f"stockbridge: {exc}", file=sys.stderr)
        return 2
    rows = promises(today=clock.now().date(), variant_ids=[variant_id], location_id=location_id)
    print(f"{'LOCATION':<12} {'FROM':<10} {'ARRIVING':>8} {'PROMISABLE':>10}")
    for row in rows:
        for step in row.promise.steps:
            print(
                f"{row.location:<12} {step.on.isoformat():<10} {step.arriving:>8} "
                f"{step.promisable:>10}"
            )
        if row.promise.undated:
            print(f"{row.location:<12} {'undated':<10} {row.promise.undated:>8} {'-':>10}")
    return 0


def verify_command(args: argparse.Namespace) -> int:
    bootstrap.configure()
    from stockbridge.inventory import queries

    rows = queries.drift()
    for v, loc, on_hand, h, committed, c in rows:
        print(
            f"variant {v} at location {loc}: on_hand {on_hand} (ledger {h}), "
            f"committed {committed} (ledger {c})"
        )
    print(f"{len(rows)} level(s) differ from their ledger")
    return 1 if rows else 0


def register(commands: Any) -> None:
    stock = commands.add_parser("stock", help="stock levels: cycle counts, low-stock report")
    sub = stock.add_subparsers(dest="stock_command", required=True)
    p = sub.add_parser("import", help="apply cycle counts from a CSV (sku,location,counted)")
    p.add_argument("file", help="CSV with columns sku, location (code), counted")
    p.add_argument("--actor", default="cli", help="who counted (kept in the ledger)")
    p.set_defaults(handler=import_command)
    p = sub.add_parser("low", help="levels with available at or below a threshold")
    p.add_argument("--threshold", type=int, default=0)
    p.add_argument("--location", help="location code")
    p.set_defaults(handler=low_command)
    p = sub.add_parser(
        "promise", help="available to promise by date: available now plus incoming by date"
    )
    p.add_argument("sku")
    p.add_argument("--location", help="location code")
    p.set_defaults(handler=promise_command)
    p = sub.add_parser("verify", help="check every level against the sum of its ledger rows")
    p.set_defaults(handler=verify_command)
