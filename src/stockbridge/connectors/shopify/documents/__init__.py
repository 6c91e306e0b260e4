"""Every GraphQL document the connector sends, one `.graphql` file each, validated in the tests
against Shopify's published 2026-07 schema."""

from __future__ import annotations

from functools import cache
from importlib import resources


@cache
def load(name: str) -> str:
    """The text of `documents/<name>.graphql`."""
    return resources.files(__name__).joinpath(f"{name}.graphql").read_text(encoding="utf-8")


def names() -> list[str]:
    return sorted(
        p.name.removesuffix(".graphql")
        for p in resources.files(__name__).iterdir()
        if p.name.endswith(".graphql")
    )
