"""`createsuperuser`, `token create|list|revoke`: back-office users and API tokens."""

from __future__ import annotations

import argparse
import sys
from datetime import UTC, datetime
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
        row, plain = create_token(username=args.user, name=args.name, scope=args.scope)
    except FieldError as exc:
        print(f"stockbridge: {exc.field}: {exc.reason}", file=sys.stderr)
        return 2
    print(plain)
    print(
        f"token {row.prefix} ({row.scope}) for {args.user}: shown once, store it now",
        file=sys.stderr,
    )
    return 0


def _when(at: datetime | None) -> str:
    return f"{at.astimezone(UTC):%Y-%m-%d %H:%M}" if at else "-"


def token_list(args: argparse.Namespace) -> int:
    bootstrap.configure()
    from stockbridge.web.tokens import list_tokens

    columns = (
        ("ID", 12),
        ("SCOPE", 10),
        ("USER", 16),
        ("CREATED (UTC)", 16),
        ("LAST USED (UTC)", 16),
    )
    print("  ".join(f"{title:<{width}}" for title, width in columns) + "  NAME")
    for row in list_tokens(include_revoked=args.all):
        revoked = f"  (revoked {_when(row.revoked_at)})" if row.revoked_at else ""
        print(
            f"{row.prefix:<12}  {row.scope:<10}  {row.user.get_username():<16}"
            f"  {_when(row.created_at):<16}  {_when(row.last_used_at):<16}  {row.name}{revoked}"
        )
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
    p.add_argument(
        "--scope",
        choices=("read", "read-write"),
        default="read-write",
        help="read: GET only; read-write (the default): everything the user may do",
    )
    p.set_defaults(handler=token_create)
    p = sub.add_parser("list", help="list live tokens: id, scope, user, created, last used")
    p.add_argument("--all", action="store_true", help="include revoked tokens")
    p.set_defaults(handler=token_list)
    p = sub.add_parser("revoke", help="revoke one token by its exact id (from `token list`)")
    p.add_argument("prefix", metavar="ID", help="the 12-character token id, e.g. sbt_Ab3dE5gH")
    p.set_defaults(handler=token_revoke)
