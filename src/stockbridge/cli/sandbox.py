"""`sandbox` commands: the sandboxes' own command line (stockbridge_sandboxes.cli), mounted here."""

from __future__ import annotations

from typing import Any


def register(commands: Any) -> None:
    from stockbridge_sandboxes.cli import add_commands

    group = commands.add_parser("sandbox", help="channel sandboxes (local fake platforms)")
    sub = group.add_subparsers(dest="sandbox_command", metavar="SANDBOX", required=True)
    add_commands(sub)
