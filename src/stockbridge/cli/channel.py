"""`channel add|connect|test|list|locations|map|settings|disconnect|webhooks`: sales channels
(`oauth1` and `environment` in `channel_onboarding.py`).

Every command calls the same services as the API; a refusal prints `field: reason` and exits
non-zero (2 for input the service refused).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from typing import Any

from stockbridge import bootstrap
from stockbridge.platform.errors import FieldError

Handler = Callable[[argparse.Namespace], int]


def refusals(handler: Handler) -> Handler:
    """Run `handler` with Django set up; a FieldError becomes `field: reason`, exit 2."""

    def run(args: argparse.Namespace) -> int:
        bootstrap.configure()
        try:
            return handler(args)
        except FieldError as exc:
            print(f"stockbridge: {exc.field}: {exc.reason}", file=sys.stderr)
            return 2

    return run


def _channel(name: str) -> Any:
    from stockbridge.channels import queries

    return queries.channel_named(name)


@refusals
def add(args: argparse.Namespace) -> int:
    from stockbridge.channels import services

    channel = services.add_channel(
        kind=args.kind, name=args.name, domain=args.domain, base_url=args.base_url
    )
    print(f"added channel {channel.name} ({channel.kind}, {channel.domain}): {channel.status}")
    return 0


@refusals
def connect(args: argparse.Namespace) -> int:
    from stockbridge.channels import services

    channel = _channel(args.name)
    if args.oauth:
        if not args.redirect_uri:
            raise FieldError("redirect_uri", "is required with --oauth (where Shopify returns)")
        print(services.begin_install(channel=channel, redirect_uri=args.redirect_uri))
        print("open this URL to approve the install on the store", file=sys.stderr)
        return 0
    if not args.token:
        raise FieldError("token", "give --token TOKEN (a custom app's Admin API token) or --oauth")
    channel = services.connect_with_token(
        channel=channel, token=args.token, webhook_secret=args.webhook_secret or ""
    )
    print(
        f"connected {channel.name}: {channel.shop_name} ({channel.domain}), plan {channel.plan}, "
        f"currency {channel.currency}"
    )
    return 0


@refusals
def test(args: argparse.Namespace) -> int:
    from stockbridge.channels import services

    report = services.test_connection(channel=_channel(args.name))
    print(f"shop:     {report.shop_name} ({report.domain})")
    print(f"plan:     {report.plan}")
    print(f"currency: {report.currency}")
    print(f"scopes:   {', '.join(report.scopes) or '-'}")
    print(f"webhooks: {report.webhooks}")
    if not report.missing_scopes:
        print("missing:  none")
        return 0
    for operation, scopes in report.missing_by_operation.items():
        print(f"missing:  {operation} needs {', '.join(scopes)}")
    return 1


@refusals
def list_channels(args: argparse.Namespace) -> int:
    from stockbridge.channels import queries

    print(f"{'NAME':<20} {'KIND':<10} {'DOMAIN':<36} {'STATUS':<13} {'SHOP'}")
    for channel in queries.channels():
        reason = f" ({channel.status_reason})" if channel.status_reason else ""
        print(
            f"{channel.name:<20} {channel.kind:<10} {channel.domain:<36} "
            f"{channel.status:<13} {channel.shop_name}{reason}"
        )
    return 0


@refusals
def locations(args: argparse.Namespace) -> int:
    from stockbridge.channels import queries, services

    channel = _channel(args.name)
    mapped: dict[str, list[str]] = {}
    for mapping in queries.mappings(channel):
        mapped.setdefault(mapping.remote_location_id, []).append(mapping.location.code)
    print(f"{'REMOTE ID':<32} {'NAME':<30} {'ACTIVE':<7} MAPPED FROM")
    for remote in services.remote_locations(channel=channel):
        print(
            f"{remote.remote_id:<32} {remote.name:<30} {'yes' if remote.active else 'no':<7} "
            f"{', '.join(mapped.get(remote.remote_id, [])) or '-'}"
        )
    return 0


@refusals
def map_location(args: argparse.Namespace) -> int:
    from stockbridge.channels import services
    from stockbridge.inventory.models import Location

    channel = _channel(args.name)
    location = Location.objects.filter(code=args.location).first()
    if location is None:
        raise FieldError("location", f"no location {args.location!r}")
    mapping = services.map_location(
        channel=channel, location=location.pk, remote_location_id=args.remote or ""
    )
    print(f"{location.code} -> {mapping.remote_location_id} ({mapping.remote_name})")
    return 0


def parse_assignment(text: str) -> tuple[str, Any]:
    """`key=value`; the value read as JSON when it is (true, 12, "x", [..]), else as text."""
    key, sep, raw = text.partition("=")
    if not sep or not key.strip():
        raise FieldError("set", f"expected key=value, got {text!r}")
    try:
        value = json.loads(raw)
    except ValueError:
        value = raw
    return key.strip(), value


def parse_schedule(text: str) -> dict[str, Any]:
    """off | hourly | every:N (minutes) | daily:HH:MM (UTC)."""
    kind, _, rest = text.partition(":")
    if kind in ("off", "hourly") and not rest:
        return {"schedule": kind}
    if kind == "every" and rest.isdigit():
        return {"schedule": "every", "every_minutes": int(rest)}
    if kind == "daily" and rest:
        return {"schedule": "daily", "daily_at": rest}
    raise FieldError("schedule", f"expected off, hourly, every:N or daily:HH:MM, got {text!r}")


@refusals
def settings(args: argparse.Namespace) -> int:
    from stockbridge.channels import queries, services

    channel = _channel(args.name)
    changes: dict[str, Any] = {}
    if args.set:
        changes["settings"] = dict(parse_assignment(item) for item in args.set)
    if args.schedule:
        changes.update(parse_schedule(args.schedule))
    if args.enable is not None:
        changes["enabled"] = args.enable
    if changes:
        services.set_operation(channel=channel, operation=args.operation, **changes)
    row = queries.operation(channel, args.operation)
    when = {
        "off": "off",
        "hourly": "hourly",
        "every": f"every {row.every_minutes} minutes",
        "daily": f"daily at {row.daily_at:%H:%M} UTC" if row.daily_at else "daily",
    }[row.schedule]
    print(f"operation: {row.operation}")
    print(f"enabled:   {'yes' if row.enabled else 'no'}")
    print(f"schedule:  {when}")
    print(f"next run:  {row.next_run_at.isoformat() if row.next_run_at else '-'}")
    print(f"settings:  {json.dumps(row.settings, sort_keys=True)}")
    return 0


@refusals
def disconnect(args: argparse.Namespace) -> int:
    from stockbridge.channels import services

    channel = services.disconnect(channel=_channel(args.name), reason=args.reason)
    print(f"disconnected {channel.name}: {channel.status_reason}")
    return 0


@refusals
def webhooks(args: argparse.Namespace) -> int:
    from stockbridge.channels import services

    channel = _channel(args.name)
    from stockbridge.channels.port import InboundKind
    from stockbridge.channels.services.webhooks import ON_CONNECT, ORDER_EVENTS

    url = args.url or services.public_url()
    if not url:
        print(f"{channel.name}: {services.not_subscribed_reason(channel)}", file=sys.stderr)
        return 1
    kinds = [InboundKind(k) for k in args.kind] if args.kind else list(ON_CONNECT)
    if args.orders:
        kinds += ORDER_EVENTS
    results = services.subscribe_webhooks(channel=channel, base_url=url, kinds=kinds)
    print(f"{channel.name} delivers to {services.webhook_url(channel=channel, base_url=url)}")
    for result in results:
        print(f"{result.topic}: {'subscribed' if result.ok else 'refused: ' + result.message}")
    return 0 if all(result.ok for result in results) else 1


def register(commands: Any) -> None:
    group = commands.add_parser("channel", help="sales channels: add, connect, test, map")
    sub = group.add_subparsers(dest="channel_command", required=True)
    p = sub.add_parser("add", help="add a channel (pending until connected)")
    p.add_argument("kind", help="channel kind, e.g. shopify")
    p.add_argument("--name", required=True)
    p.add_argument("--domain", required=True, help="the store domain, e.g. shop.myshopify.com")
    p.add_argument("--base-url", help="where requests go, when not the store (a sandbox)")
    p.set_defaults(handler=add)
    p = sub.add_parser("connect", help="connect with an access token, or start an OAuth install")
    p.add_argument("name")
    how = p.add_mutually_exclusive_group()
    how.add_argument("--token", help="a custom app's Admin API access token")
    how.add_argument("--oauth", action="store_true", help="print the install URL")
    p.add_argument("--redirect-uri", help="where the store returns after --oauth")
    p.add_argument(
        "--webhook-secret", help="what the store signs webhooks with (a custom app's API secret)"
    )
    p.set_defaults(handler=connect)
    p = sub.add_parser("test", help="test the connection: shop, plan, currency, missing scopes")
    p.add_argument("name")
    p.set_defaults(handler=test)
    p = sub.add_parser("list", help="every channel and its status")
    p.set_defaults(handler=list_channels)
    p = sub.add_parser("locations", help="the store's own locations and what feeds them")
    p.add_argument("name")
    p.set_defaults(handler=locations)
    p = sub.add_parser("map", help="feed a store location from one of ours")
    p.add_argument("name")
    p.add_argument("--location", required=True, help="our location code")
    p.add_argument(
        "--remote",
        default="",
        help="the store's location id (left out: the one location of a kind with one stock "
        "figure per item, such as WooCommerce)",
    )
    p.set_defaults(handler=map_location)
    p = sub.add_parser("settings", help="show or change an operation's settings and schedule")
    p.add_argument("name")
    p.add_argument("operation")
    p.add_argument("--set", action="append", metavar="KEY=VALUE", help="a setting (repeatable)")
    p.add_argument("--schedule", help="off, hourly, every:N (minutes) or daily:HH:MM (UTC)")
    p.add_argument("--enable", dest="enable", action="store_true", default=None)
    p.add_argument("--disable", dest="enable", action="store_false")
    p.set_defaults(handler=settings)
    p = sub.add_parser("disconnect", help="disconnect (the token is forgotten)")
    p.add_argument("name")
    p.add_argument("--reason", required=True)
    p.set_defaults(handler=disconnect)
    p = sub.add_parser("webhooks", help="subscribe the store to this hub's webhook endpoint")
    p.add_argument("name")
    p.add_argument(
        "--url", help="where the store reaches this hub (default: STOCKBRIDGE_PUBLIC_URL)"
    )
    p.add_argument(
        "--orders",
        action="store_true",
        help="also orders, refunds and customers (real-time orders)",
    )
    p.add_argument(
        "--kind",
        action="append",
        choices=["app_uninstalled", "order", "refund", "customer", "product"],
        help="the events to receive (repeatable; default app_uninstalled)",
    )
    p.set_defaults(handler=webhooks)
    from . import channel_onboarding

    channel_onboarding.add_to(sub)
