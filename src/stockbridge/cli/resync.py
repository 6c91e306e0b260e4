"""`sync resync CHANNEL [--list] [--pick SKU|ID ...]`: the hub's products not on a channel yet
(filtered by season, product type, search; paged with `--after`), and the picked ones added
to the channel as drafts."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from .channel import refusals


@refusals
def resync(args: argparse.Namespace) -> int:
    from stockbridge.channels import queries
    from stockbridge.platform.errors import ValidationErrors
    from stockbridge.sync.resync.adding import add_as_drafts, cannot_publish, split_picks

    channel = queries.channel_named(args.channel)
    if not args.pick:
        return _list(channel, args)
    why_not = cannot_publish(channel)
    if why_not:
        print(f"stockbridge: channel: {why_not}", file=sys.stderr)
        return 2
    ids, skus = split_picks(args.pick)
    try:
        added = add_as_drafts(channel_id=channel.pk, product_ids=ids, skus=skus)
    except ValidationErrors as exc:
        for error in exc.errors:
            print(f"stockbridge: {error.field}: {error.reason}", file=sys.stderr)
        return 2
    run = added.run
    counts = ", ".join(f"{k} {v}" for k, v in sorted((run.counts or {}).items())) or "no items"
    message = f": {run.message}" if run.message else ""
    print(f"run {run.pk} {run.operation} {run.status}: {counts}{message}")
    if added.already_listed:
        listed = ", ".join(str(i) for i in added.already_listed)
        print(f"already on the channel (left out): {listed}")
    return 0 if run.status == "ok" else 1


def _list(channel: Any, args: argparse.Namespace) -> int:
    from stockbridge.sync.resync.adding import cannot_publish
    from stockbridge.sync.resync.candidates import Filters, unlisted

    filters = Filters(season=args.season, product_type=args.type, search=args.search)
    rows = unlisted(channel, filters).prefetch_related("variants")
    if args.after:
        rows = rows.filter(id__gt=args.after)
    page = list(rows[: args.limit + 1])
    for product in page[: args.limit]:
        skus = ", ".join(v.sku for v in sorted(product.variants.all(), key=lambda v: v.position))
        season = product.season.name if product.season else "-"
        kind = product.product_type or "-"
        print(f"{product.pk:>6}  {product.handle}  {season}  {kind}  [{skus}]")
    if not page:
        print("every product is on the channel")
    if len(page) > args.limit:
        print(f"more: --after {page[args.limit - 1].pk}")
    why_not = cannot_publish(channel)
    if why_not:
        print(f"note: {why_not}")
    return 0


def register(sub: Any) -> None:
    p = sub.add_parser(
        "resync",
        help="the hub's products not on a channel yet; --pick adds them to it as drafts",
    )
    p.add_argument("channel")
    p.add_argument("--list", action="store_true", help="list them (the default without --pick)")
    p.add_argument("--pick", nargs="+", metavar="SKU|ID", help="add these products as drafts")
    p.add_argument("--season", default="", help="only this season (name or code)")
    p.add_argument("--type", default="", help="only this product type")
    p.add_argument("--search", default="", help="part of the title, handle or a SKU")
    p.add_argument("--limit", type=int, default=50, help="products per page (list)")
    p.add_argument("--after", type=int, default=0, help="the page after this product id")
    p.set_defaults(handler=resync)
