"""WordPress collection paging: `page` (1-based), `per_page` (1-100, default 10), `offset`;
the answer carries `X-WP-Total`, `X-WP-TotalPages` and a `Link` header with `prev`/`next`."""

from __future__ import annotations

import math
from typing import Any
from urllib.parse import urlencode

from .errors import RestError, invalid_param

MAX_PER_PAGE = 100


def _number(query: dict[str, str], name: str, default: int, low: int, high: int | None) -> int:
    raw = query.get(name)
    if raw is None or raw == "":
        return default
    try:
        value = int(raw)
    except ValueError:
        raise invalid_param(name, f"{name} is not of type integer.") from None
    if value < low or (high is not None and value > high):
        bound = (
            f"between {low} (inclusive) and {high} (inclusive)"
            if high
            else f"greater than or equal to {low}"
        )
        raise invalid_param(name, f"{name} must be {bound}")
    return value


def page(
    items: list[Any], query: dict[str, str], url: str
) -> tuple[list[Any], list[tuple[str, str]]]:
    """The page of `items` the query asks for, and the paging headers."""
    per_page = _number(query, "per_page", 10, 1, MAX_PER_PAGE)
    number = _number(query, "page", 1, 1, None)
    offset = _number(query, "offset", 0, 0, None) if "offset" in query else None
    total = len(items)
    pages = math.ceil(total / per_page) if total else 0
    if number > 1 and number > pages:
        raise RestError(
            400,
            "rest_post_invalid_page_number",
            "The page number requested is larger than the number of pages available.",
        )
    start = offset if offset is not None else (number - 1) * per_page
    chosen = items[start : start + per_page]
    headers = [("X-WP-Total", str(total)), ("X-WP-TotalPages", str(pages))]
    links = []
    base = {k: v for k, v in query.items() if k not in ("page",) and not k.startswith("oauth_")}
    base.pop("consumer_key", None)
    base.pop("consumer_secret", None)
    if number > 1:
        links.append(f'<{url}?{urlencode({**base, "page": number - 1})}>; rel="prev"')
    if number < pages:
        links.append(f'<{url}?{urlencode({**base, "page": number + 1})}>; rel="next"')
    if links:
        headers.append(("Link", ", ".join(links)))
    return chosen, headers
