"""`stockbridge` entry point: builds the argument parser from each command module."""

from __future__ import annotations

import argparse
import importlib
import pkgutil
import sys
from collections.abc import Sequence
from types import ModuleType

from stockbridge.platform.errors import ConfigurationError


def command_modules() -> list[ModuleType]:
    """Every module of this package that defines `register(commands)`, by module name.

    Adding a command group is adding its module; this file does not change.
    """
    package = importlib.import_module(__package__ or "stockbridge.cli")
    modules = []
    for info in sorted(pkgutil.iter_modules(package.__path__), key=lambda m: m.name):
        if info.name == "main":
            continue
        module = importlib.import_module(f"{package.__name__}.{info.name}")
        if callable(getattr(module, "register", None)):
            modules.append(module)
    return modules


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="stockbridge",
        description="Stockbridge: the inventory and order hub. Runs on SQLite by default; "
        "set DATABASE_URL and STOCKBRIDGE_QUEUE to scale out.",
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for module in command_modules():
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
