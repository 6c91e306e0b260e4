"""`sync run|runs|run-items|retry|explain`: run a channel's operation now (with a progress
bar), read the run log, retry a run's failed items, explain the quantity a store shows."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any, TextIO

from stockbridge.platform.errors import FieldError

from . import order_sync, resync
from .channel import refusals

BAR = 30


class ProgressBar:
    """`[#####.........]  50/100` redrawn in place on a terminal stream (the count alone while
    the total is unknown)."""

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream
        self.drawn = False

    def __call__(self, done: int, total: int | None) -> None:
        if total:
            filled = min(BAR, BAR * done // total)
            line = f"[{'#' * filled}{'.' * (BAR - filled)}] {done}/{total}"
        else:
            line = f"{done} item(s)"
        self.stream.write(f"\r{line}")
        self.stream.flush()
        self.drawn = True

    def close(self) -> None:
        if self.drawn:
            self.stream.write("\n")
            self.stream.flush()


def _summary(run: Any) -> str:
    counts = ", ".join(f"{k} {v}" for k, v in sorted((run.counts or {}).items())) or "no items"
    dry = " (dry run)" if run.dry_run else ""
    message = f": {run.message}" if run.message else ""
    return f"run {run.pk} {run.operation}{dry} {run.status}: {counts}{message}"


@refusals
def run_now(args: argparse.Namespace) -> int:
    from stockbridge.channels import queries
    from stockbridge.sync.operations import run_operation

    channel = queries.channel_named(args.channel)
    bar = ProgressBar(sys.stderr)
    try:
        run = run_operation(
            channel_id=channel.pk, operation=args.operation, dry_run=args.dry_run, progress=bar
        )
    finally:
        bar.close()
    print(_summary(run))
    return 0 if run.status == "ok" else 1


@refusals
def list_runs(args: argparse.Namespace) -> int:
    from stockbridge.channels import queries as channels
    from stockbridge.sync import queries

    channel_id = channels.channel_named(args.channel).pk if args.channel else None
    rows = queries.runs(channel_id=channel_id, failed=args.failed)[: args.limit]
    print(
        f"{'RUN':>6} {'CHANNEL':<16} {'OPERATION':<16} {'TRIGGER':<9} {'STATUS':<8} "
        f"{'STARTED':<20} COUNTS"
    )
    for run in rows:
        counts = " ".join(f"{k}={v}" for k, v in sorted((run.counts or {}).items())) or "-"
        dry = " dry-run" if run.dry_run else ""
        print(
            f"{run.pk:>6} {run.channel.name:<16} {run.operation:<16} {run.trigger:<9} "
            f"{run.status:<8} {run.started_at:%Y-%m-%d %H:%M:%S} {counts}{dry}"
        )
    return 0


@refusals
def run_items(args: argparse.Namespace) -> int:
    from stockbridge.sync import queries

    run = queries.run(args.run)
    print(_summary(run))
    for item in queries.run_items(run.pk, outcome=args.outcome):
        why = f" [{item.error_kind}]" if item.error_kind else ""
        message = f": {item.message}" if item.message else ""
        print(f"  {item.ref}: {item.outcome}{why}{message}")
        for field, change in sorted((item.changes or {}).items()):
            old, new = [*list(change), None, None][:2]
            print(f"    {field}: {json.dumps(old)} -> {json.dumps(new)}")
    return 0


@refusals
def retry(args: argparse.Namespace) -> int:
    from stockbridge.sync import queries
    from stockbridge.sync.operations import run_operation

    original = queries.run(args.run)
    if not queries.run_items(original.pk, outcome="failed").exists():
        raise FieldError("run", f"run {original.pk} has no failed items to retry")
    bar = ProgressBar(sys.stderr)
    try:
        run = run_operation(
            channel_id=original.channel_id,
            operation=original.operation,
            trigger="retry",
            retry_of=original.pk,
            progress=bar,
        )
    finally:
        bar.close()
    print(_summary(run))
    return 0 if run.status == "ok" else 1


@refusals
def explain(args: argparse.Namespace) -> int:
    from importlib import import_module

    from stockbridge.channels import queries

    channel = queries.channel_named(args.channel)
    try:
        module = import_module("stockbridge.sync.explain")
    except ModuleNotFoundError as exc:
        raise FieldError("explain", "explaining quantities is not part of this build") from exc
    explanation = module.explain(channel=channel, sku=args.sku)
    if args.json:
        print(json.dumps(explanation.as_dict(), indent=2, sort_keys=True, default=str))
    else:
        for line in explanation.lines():
            print(line)
    return 0


@refusals
def legacy_orders(args: argparse.Namespace) -> int:
    from stockbridge.channels import queries
    from stockbridge.sync.jobs.legacy_orders import pull

    channel = queries.channel_named(args.channel)
    run = pull(channel_id=channel.pk, days=args.days, dry_run=args.dry_run)
    print(_summary(run))
    return 0 if run.status == "ok" else 1


def register(commands: Any) -> None:
    group = commands.add_parser("sync", help="channel operations: run now, run log, retry")
    sub = group.add_subparsers(dest="sync_command", required=True)
    p = sub.add_parser("run", help="run a channel's operation now (progress on stderr)")
    p.add_argument("channel")
    p.add_argument("operation", help="import_listings, sync_listings, reconcile, ...")
    p.add_argument("--dry-run", action="store_true", help="preview: write nothing")
    p.set_defaults(handler=run_now)
    p = sub.add_parser(
        "legacy-orders",
        help="one-time pull of the channel's orders of the last N days (confirmed, invoiced, "
        "paid; cancelled ones skipped)",
    )
    p.add_argument("channel")
    p.add_argument(
        "--days",
        type=int,
        required=True,
        help="how far back (Shopify: up to 60 without the read_all_orders scope)",
    )
    p.add_argument("--dry-run", action="store_true", help="preview: write nothing")
    p.set_defaults(handler=legacy_orders)
    p = sub.add_parser("runs", help="recent runs, newest first")
    p.add_argument("--channel")
    p.add_argument("--failed", action="store_true", help="only runs where something failed")
    p.add_argument("--limit", type=int, default=50)
    p.set_defaults(handler=list_runs)
    p = sub.add_parser("run-items", help="a run's items and what happened to each")
    p.add_argument("run", type=int)
    p.add_argument("--outcome", help="created, updated, linked, unchanged, skipped or failed")
    p.set_defaults(handler=run_items)
    p = sub.add_parser("retry", help="send a run's failed items again")
    p.add_argument("run", type=int)
    p.set_defaults(handler=retry)
    p = sub.add_parser("explain", help="why the store shows the quantity it shows for a SKU")
    p.add_argument("sku")
    p.add_argument("--channel", required=True)
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=explain)
    order_sync.register(sub)
    resync.register(sub)
