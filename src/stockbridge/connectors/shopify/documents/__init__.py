"""Every GraphQL document the connector sends, one `.graphql` file each, validated in the tests
against Shopify's published 2026-07 schema.

A document names the shared fragments it uses with `# import: <name>` lines
(`fragments/<name>.graphql`, which may import others): `load` appends each once, so the
selection of a published product is written in one place."""

from __future__ import annotations

import re
from functools import cache
from importlib import resources

IMPORT = re.compile(r"^# import: (\w+)\s*$", re.MULTILINE)


@cache
def load(name: str) -> str:
    """The text of `documents/<name>.graphql`, with the fragments it imports appended."""
    text = resources.files(__name__).joinpath(f"{name}.graphql").read_text(encoding="utf-8")
    wanted: list[str] = []
    _imports(text, wanted)
    return text + "".join("\n" + _fragment(f) for f in wanted)


def _fragment(name: str) -> str:
    folder = resources.files(__name__).joinpath("fragments")
    return folder.joinpath(f"{name}.graphql").read_text(encoding="utf-8")


def _imports(text: str, wanted: list[str]) -> None:
    for name in IMPORT.findall(text):
        if name not in wanted:
            wanted.append(name)
            _imports(_fragment(name), wanted)


def names() -> list[str]:
    return sorted(
        p.name.removesuffix(".graphql")
        for p in resources.files(__name__).iterdir()
        if p.name.endswith(".graphql")
    )
