"""`publish run|template`: push a season's products to a channel (creating what is new and
updating what is linked; `--dry-run` previews), and show or replace the channel's publish
mapping template and category rules."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from stockbridge.platform.errors import FieldError

from .channel import refusals
from .sync_runs import ProgressBar

OPERATION = "publish_listings"


@refusals
def run_publish(args: argparse.Namespace) -> int:
    from stockbridge.channels import queries
    from stockbridge.sync.operations import run_operation

    channel = queries.channel_named(args.channel)
    bar = ProgressBar(sys.stderr)
    try:
        run = run_operation(
            channel_id=channel.pk,
            operation=OPERATION,
            dry_run=args.dry_run,
            progress=bar,
            arguments={"season": args.season} if args.season is not None else None,
        )
    finally:
        bar.close()
    counts = ", ".join(f"{k} {v}" for k, v in sorted((run.counts or {}).items())) or "no items"
    dry = " (dry run)" if run.dry_run else ""
    message = f": {run.message}" if run.message else ""
    print(f"run {run.pk} {run.operation}{dry} {run.status}: {counts}{message}")
    return 0 if run.status == "ok" else 1


def _json_list(field: str, text: str) -> list[Any]:
    try:
        value = json.loads(text)
    except json.JSONDecodeError as exc:
        raise FieldError(field, f"is not JSON ({exc.msg})") from exc
    if not isinstance(value, list):
        raise FieldError(field, "must be a JSON list")
    return value


@refusals
def template(args: argparse.Namespace) -> int:
    from stockbridge.channels import queries, services
    from stockbridge.channels.models import OperationSettings
    from stockbridge.channels.publish_settings import PublishSettings

    channel = queries.channel_named(args.channel)
    changes: dict[str, Any] = {}
    if args.mapping is not None:
        changes["mapping"] = _json_list("mapping", args.mapping)
    if args.rules is not None:
        changes["category_rules"] = _json_list("category_rules", args.rules)
    if changes:
        services.set_operation(channel=channel, operation=OPERATION, settings=changes)
    row = OperationSettings.objects.filter(channel=channel, operation=OPERATION).first()
    current = PublishSettings.from_dict(row.settings if row is not None else None)
    for mapped in current.mapping:
        state = "on " if mapped.enabled else "off"
        steps = " | ".join(json.dumps(t.as_dict(), sort_keys=True) for t in mapped.transforms)
        print(f"{state} {mapped.source} -> {mapped.target}" + (f"  [{steps}]" if steps else ""))
    for rule in current.category_rules:
        print(f"category {rule.category} -> {rule.taxonomy}")
    return 0


def register(commands: Any) -> None:
    group = commands.add_parser("publish", help="publish products to a channel (Shopify)")
    sub = group.add_subparsers(dest="publish_command", required=True)
    p = sub.add_parser("run", help="push a season: create what is new, update what is linked")
    p.add_argument("channel")
    p.add_argument("--season", help="the season's name or code (default: the setting)")
    p.add_argument("--dry-run", action="store_true", help="preview: send nothing")
    p.set_defaults(handler=run_publish)
    p = sub.add_parser("template", help="show or replace the publish mapping template")
    p.add_argument("channel")
    p.add_argument("--mapping", help="the rows as JSON: [{source, target, enabled, transforms}]")
    p.add_argument("--rules", help='category rules as JSON: [{"category", "taxonomy"}]')
    p.set_defaults(handler=template)
