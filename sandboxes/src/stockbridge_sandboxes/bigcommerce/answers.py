"""BigCommerce's answer shapes: v3 `{"data", "meta"}` with `meta.pagination`, v3 errors
`{"status", "title", "type"[, "errors"]}`, v2 bare arrays (204 on an empty page) and v2 errors
`[{"status", "message"}]`, and the rate-limit headers every answer carries."""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, field
from typing import Any

from stockbridge_sandboxes.wsgi import Request

ERROR_TYPE = "https://developer.bigcommerce.com/api-docs/getting-started/api-status-codes"
MAX_LIMIT = 250


class StoreError(Exception):
    """An error answer. `errors` is answered when given (`{}` included, as the catalog and
    inventory APIs answer it), `detail` likewise; `listed` answers the error as the one item
    of `data` (as the refunds API does)."""

    def __init__(
        self,
        status: int,
        title: str,
        errors: dict[str, str] | None = None,
        *,
        detail: str | None = None,
        listed: bool = False,
    ) -> None:
        super().__init__(title)
        self.status, self.title, self.errors = status, title, errors
        self.detail, self.listed = detail, listed


@dataclass
class Answer:
    status: int
    body: bytes = b""
    headers: list[tuple[str, str]] = field(default_factory=list)

    @classmethod
    def json(cls, status: int, payload: Any) -> Answer:
        return cls(status, json.dumps(payload).encode(), [("Content-Type", "application/json")])


def v3_error(error: StoreError) -> Answer:
    body: dict[str, Any] = {"status": error.status, "title": error.title, "type": ERROR_TYPE}
    if error.errors is not None:
        body["errors"] = error.errors
    if error.detail is not None:
        body["detail"] = error.detail
    return Answer.json(error.status, {"data": [body]} if error.listed else body)


def v2_error(error: StoreError) -> Answer:
    return Answer.json(error.status, [{"status": error.status, "message": error.title}])


def _int(request: Request, name: str, default: int, top: int) -> int:
    raw = dict(request.query).get(name)
    if raw is None:
        return default
    if not raw.isdigit() or not 1 <= int(raw) <= top:
        raise StoreError(422, f"{name} must be a whole number from 1 to {top}", {name: raw})
    return int(raw)


def ids_in(query: dict[str, str], name: str) -> set[int] | None:
    """The ids a `<field>:in` filter names (None: no such filter)."""
    if name not in query:
        return None
    return {int(i) for i in query[name].split(",") if i.strip().isdigit()}


def page_of(request: Request, items: list[Any]) -> tuple[list[Any], int, int]:
    page = _int(request, "page", 1, 10**6)
    limit = _int(request, "limit", 50, MAX_LIMIT)
    start = (page - 1) * limit
    return items[start : start + limit], page, limit


def v3_list(request: Request, items: list[Any]) -> Answer:
    chunk, page, limit = page_of(request, items)
    pages = max(1, math.ceil(len(items) / limit))
    links = {"current": f"?page={page}&limit={limit}"}
    if page > 1:
        links["previous"] = f"?page={page - 1}&limit={limit}"
    if page < pages:
        links["next"] = f"?page={page + 1}&limit={limit}"
    meta = {
        "pagination": {
            "total": len(items),
            "count": len(chunk),
            "per_page": limit,
            "current_page": page,
            "total_pages": pages,
            "links": links,
        }
    }
    return Answer.json(200, {"data": chunk, "meta": meta})


def v3_one(doc: Any, status: int = 200) -> Answer:
    return Answer.json(status, {"data": doc, "meta": {}})


def v2_list(request: Request, items: list[Any]) -> Answer:
    chunk, _, _ = page_of(request, items)
    if not chunk:
        return Answer(204)
    return Answer.json(200, chunk)
