"""`createsuperuser`, `token create`, `token revoke`: back-office users and API tokens."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from stockbridge import bootstrap
from stockbridge.platform.errors import FieldError


def createsuperuser(args: argparse.Namespace) -> int:
    bootstrap.configure()
    from django.core.management import call_command

    options: dict[str, Any] = {"interactive": not args.noinput}
    if args.username:
        options["username"] = args.username
    if args.email is not None:
        options["email"] = args.email
    call_command("createsuperuser", **options)
    return 0


def token_create(args: argparse.Namespace) -> int:
    bootstrap.configure()
    from stockbridge.web.tokens import create_token

    try:
        row, plain = create_token(username=args.user, name=args.name)
    except FieldError as exc:
        print(f"stockbridge: {exc.field}: {exc.reason}", file=sys.stderr)
        return 2
    print(plain)
    print(f"token {row.prefix}… for {args.user}: shown once, store it now", file=sys.stderr)
    return 0


def token_revoke(args: argparse.Namespace) -> int:
    bootstrap.configure()
    from stockbridge.web.tokens import revoke_token

    try:
        count = revoke_token(prefix=args.prefix)
    except FieldError as exc:
        print(f"stockbridge: {exc.field}: {exc.reason}", file=sys.stderr)
        return 2
    print(f"revoked {count} token(s)")
    return 0 if count else 1


def register(commands: Any) -> None:
    p = commands.add_parser("createsuperuser", help="create a back-office administrator")
    p.add_argument("--username")
    p.add_argument("--email")
    p.add_argument("--noinput", action="store_true", help="use DJANGO_SUPERUSER_* variables")
    p.set_defaults(handler=createsuperuser)

    token = commands.add_parser("token", help="API tokens")
    sub = token.add_subparsers(dest="token_command", required=True)
    p = sub.add_parser("create", help="create an API token; prints it once")
    p.add_argument("--user", required=True, help="username the token acts as")
    p.add_argument("--name", default="cli", help="label to recognise the token by")
    p.set_defaults(handler=token_create)
    p = sub.add_parser("revoke", help="revoke tokens by their prefix")
    p.add_argument("prefix")
    p.set_defaults(handler=token_revoke)
