"""`sync order-pushes|purge-pii`: what the hub has to send (or sent) to the channel its orders
came from, and the channels' PII retention run now (as the daily job does)."""

from __future__ import annotations

import argparse
import json
from typing import Any

from .channel import refusals


@refusals
def order_pushes(args: argparse.Namespace) -> int:
    from stockbridge.channels import queries
    from stockbridge.sync.models import OrderPush

    channel = queries.channel_named(args.channel)
    rows = OrderPush.objects.filter(channel=channel).order_by("-id")
    if args.state:
        rows = rows.filter(state=args.state)
    for push in rows[: args.limit]:
        where = ", ".join(push.remote_ids) or "-"
        line = f"{push.pk:>6}  order {push.order_id:<6} {push.kind:<10} {push.source_id:<6} "
        line += f"{push.state:<8} {where}"
        if push.last_error:
            line += f"  ({push.error_kind}: {push.last_error})"
        print(line)
    return 0


@refusals
def purge_pii(args: argparse.Namespace) -> int:
    from stockbridge.sync.order_pushes import retention

    results: list[dict[str, Any]] = retention.purge(channel_name=args.channel, actor="cli")
    if args.json:
        print(json.dumps(results, indent=2, sort_keys=True))
        return 0
    for result in results:
        print(
            f"{result['channel']}: {result['retention']}: {result['orders']} orders, "
            f"{result.get('customers', 0)} customers purged"
        )
    return 0


def register(sub: Any) -> None:
    """Add the commands to the `sync` group's subparsers."""
    p = sub.add_parser("order-pushes", help="a channel's order pushes, newest first")
    p.add_argument("channel")
    p.add_argument("--state", choices=("pending", "sent", "failed"))
    p.add_argument("--limit", type=int, default=50)
    p.set_defaults(handler=order_pushes)
    p = sub.add_parser("purge-pii", help="run the PII retention now (every channel, or one)")
    p.add_argument("--channel")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=purge_pii)
