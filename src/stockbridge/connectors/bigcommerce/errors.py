"""BigCommerce's answers mapped to `channels.errors`, in one place: v3 `{status, title,
errors}`, v2 `[{status, message}]`, and the rate-limit headers of a 429."""

from __future__ import annotations

import json
from typing import Any

import httpx

from stockbridge.channels.errors import (
    AuthFailed,
    ChannelError,
    Conflict,
    NotFound,
    RateLimited,
    Rejected,
    ScopeMissing,
    Unavailable,
)


def excerpt(body: object, limit: int = 600) -> str:
    text = body if isinstance(body, str) else json.dumps(body, default=str, sort_keys=True)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def message_of(response: httpx.Response) -> str:
    try:
        body: Any = response.json()
    except ValueError:
        return ""
    if isinstance(body, list) and body and isinstance(body[0], dict):
        return str(body[0].get("message") or "")
    if isinstance(body, dict):
        title = str(body.get("title") or "")
        errors = body.get("errors")
        if isinstance(errors, dict) and errors:
            details = "; ".join(f"{k}: {v}" for k, v in errors.items())
            return f"{title} ({details})" if title else details
        return title
    return ""


def error_for_status(response: httpx.Response) -> ChannelError | None:
    """The error an answer stands for, or None for a 2xx."""
    status = response.status_code
    if 200 <= status < 300:
        return None
    message = message_of(response)
    body = excerpt(response.text)
    if status == 401:
        return AuthFailed(
            f"BigCommerce refused the access token ({message or 'HTTP 401'})", excerpt=body
        )
    if status == 403:
        return ScopeMissing(["write"], excerpt=body)
    if status == 404:
        return NotFound(message or "BigCommerce has no such resource", excerpt=body)
    if status == 409:  # a name, URL or SKU another product holds
        return Conflict(message or "another product holds this name, URL or SKU", excerpt=body)
    if status == 429:
        try:
            wait = int(response.headers.get("X-Rate-Limit-Time-Reset-Ms", "1000")) / 1000
        except ValueError:
            wait = 1.0
        return RateLimited("the store asked us to slow down", retry_after=wait, excerpt=body)
    if status >= 500:
        return Unavailable(f"BigCommerce answered HTTP {status}; will retry", excerpt=body)
    return Rejected("", f"BigCommerce refused the request: {message}", excerpt=body)
