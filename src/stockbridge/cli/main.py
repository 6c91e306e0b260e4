"""`stockbridge` entry point: builds the argument parser from each command module."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from stockbridge.platform.errors import ConfigurationError


def build_parser() -> argparse.ArgumentParser:
    from . import accounts, catalog_io, sandbox, server

    parser = argparse.ArgumentParser(
        prog="stockbridge",
        description="Stockbridge: the inventory and order hub. Runs on SQLite by default; "
        "set DATABASE_URL and STOCKBRIDGE_QUEUE to scale out.",
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for module in (server, accounts, catalog_io, sandbox):
        module.register(commands)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return int(args.handler(args) or 0)
    except ConfigurationError as exc:
        print(f"stockbridge: configuration error: {exc.field} {exc.reason}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
