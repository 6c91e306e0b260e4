"""Shopify global ids: `gid://shopify/<Type>/<n>` (optionally with a `?query`)."""

from __future__ import annotations

import re

GID_RE = re.compile(r"^gid://shopify/([A-Za-z]+)/([^?/]+)(\?.*)?$")


def make_gid(type_name: str, number: int | str) -> str:
    return f"gid://shopify/{type_name}/{number}"


def gid_type(value: object) -> str | None:
    """The type named by a gid, or None when `value` is not a Shopify gid."""
    if not isinstance(value, str):
        return None
    match = GID_RE.match(value)
    return match.group(1) if match else None


def gid_number(value: str) -> str:
    match = GID_RE.match(value)
    return match.group(2) if match else ""


def is_gid(value: object) -> bool:
    return gid_type(value) is not None
