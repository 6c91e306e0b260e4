"""Categories, tags and global attributes a product names by id. WordPress skips a term id that
does not exist (`wp_set_object_terms`), so an unknown id is left out, never invented."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from typing import Any

from .errors import invalid_param


def slugify(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


@dataclass
class Terms:
    categories: dict[int, dict[str, Any]] = field(default_factory=dict)
    tags: dict[int, dict[str, Any]] = field(default_factory=dict)
    attributes: dict[int, str] = field(default_factory=dict)  # global attribute id -> name

    def remember(self, kind: str, items: list[dict[str, Any]]) -> None:
        book = self.categories if kind == "categories" else self.tags
        for item in items:
            if isinstance(item.get("id"), int) and item.get("name"):
                book[item["id"]] = {
                    "id": item["id"],
                    "name": item["name"],
                    "slug": item.get("slug") or slugify(item["name"]),
                }

    def resolve(self, kind: str, items: Any) -> list[dict[str, Any]]:
        if not isinstance(items, list):
            raise invalid_param(kind, f"{kind} is not of type array.")
        book = self.categories if kind == "categories" else self.tags
        found = []
        for item in items:
            if not isinstance(item, dict) or not isinstance(item.get("id"), int):
                raise invalid_param(kind, f"{kind}[] needs an integer id.")
            if item["id"] in book:
                found.append(dict(book[item["id"]]))
        return found


def download_id(file: str) -> str:
    """WooCommerce names a download by the md5 of its file URL."""
    return hashlib.md5(file.encode(), usedforsecurity=False).hexdigest()
