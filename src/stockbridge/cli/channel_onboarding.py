"""`channel oauth1|environment`: onboarding a channel that connects by OAuth 1.0 out of band
(a wholesale portal) and switching the host environment it lives on. Added to the `channel`
group by `cli/channel.py`; each command calls the same services as the API."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from stockbridge.platform.errors import FieldError

from .channel import _channel, refusals


@refusals
def oauth1(args: argparse.Namespace) -> int:
    from stockbridge.channels import services

    channel = _channel(args.name)
    if args.verifier:
        connected = services.complete_oauth1(channel=channel, verifier=args.verifier)
        print(f"connected {connected.name}: {connected.shop_name} ({connected.domain})")
        return 0
    if not args.consumer_key or not args.consumer_secret:
        raise FieldError(
            "consumer_key",
            "give --consumer-key and --consumer-secret (the portal's API credentials) to begin, "
            "or --verifier CODE to finish",
        )
    grant = services.begin_oauth1(
        channel=channel,
        consumer_key=args.consumer_key,
        consumer_secret=args.consumer_secret,
        style=args.style or "",
    )
    print(grant.approve_at)
    print(
        "approve the pending application there (Admin > API management), then run: "
        f"stockbridge channel oauth1 {channel.name!r} --verifier CODE",
        file=sys.stderr,
    )
    return 0


@refusals
def environment(args: argparse.Namespace) -> int:
    from stockbridge.channels import services

    channel = _channel(args.name)
    if args.environment:
        channel = services.set_environment(channel=channel, environment=args.environment)
    print(f"{channel.name}: {services.environment_of(channel) or 'custom'} ({channel.domain})")
    return 0


def add_to(sub: Any) -> None:
    p = sub.add_parser("oauth1", help="connect by OAuth 1.0 out of band: begin, then --verifier")
    p.add_argument("name")
    p.add_argument("--consumer-key", help="the consumer key the portal issued")
    p.add_argument("--consumer-secret", help="the consumer secret the portal issued")
    p.add_argument("--style", choices=["portal", "rfc5849"], help="signature style")
    p.add_argument("--verifier", help="the code the portal showed when the admin approved")
    p.set_defaults(handler=oauth1)
    p = sub.add_parser("environment", help="show or switch the host (production or sandbox)")
    p.add_argument("name")
    p.add_argument("environment", nargs="?", help="production or sandbox (forgets the token)")
    p.set_defaults(handler=environment)
