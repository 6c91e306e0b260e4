"""WooCommerce's answers mapped to `channels.errors`, in one place: the HTTP status and the
WordPress error envelope `{code, message, data: {status}}` (of a whole call, or of one item of
a batch)."""

from __future__ import annotations

import json
from typing import Any

import httpx

from stockbridge.channels.errors import (
    AuthFailed,
    ChannelError,
    NotFound,
    RateLimited,
    Rejected,
    ScopeMissing,
    Unavailable,
)

GONE_CODES = frozenset(
    {
        "woocommerce_rest_product_invalid_id",
        "woocommerce_rest_product_variation_invalid_id",
        "woocommerce_rest_invalid_id",
    }
)


def excerpt(body: object, limit: int = 600) -> str:
    text = body if isinstance(body, str) else json.dumps(body, default=str, sort_keys=True)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def envelope(response: httpx.Response) -> tuple[str, str]:
    try:
        body = response.json()
    except ValueError:
        return "", ""
    if not isinstance(body, dict):
        return "", ""
    return str(body.get("code") or ""), str(body.get("message") or "")


def error_for_status(response: httpx.Response) -> ChannelError | None:
    """The error an answer stands for, or None for a 2xx."""
    status = response.status_code
    if 200 <= status < 300:
        return None
    code, message = envelope(response)
    body = excerpt(response.text)
    if status == 401:
        if "does not have write permissions" in message:
            return ScopeMissing(["write"], excerpt=body)
        if "does not have read permissions" in message:
            return ScopeMissing(["read"], excerpt=body)
        return AuthFailed(
            f"WooCommerce refused the REST API key ({message or code or 'HTTP 401'})",
            excerpt=body,
        )
    if status == 403:
        return AuthFailed(f"WooCommerce forbids this key ({message or code})", excerpt=body)
    if status == 404:
        return NotFound(message or "WooCommerce has no such resource", excerpt=body)
    if status == 429:
        try:
            wait = max(float(response.headers.get("Retry-After", "1")), 0.0)
        except ValueError:
            wait = 1.0
        return RateLimited("the store asked us to slow down", retry_after=wait, excerpt=body)
    if status >= 500:
        return Unavailable(f"WooCommerce answered HTTP {status}; will retry", excerpt=body)
    return Rejected("", f"WooCommerce refused the request: {message or code}", excerpt=body)


def item_error(error: dict[str, Any]) -> tuple[str, str]:
    """(error kind, message) of one failed batch item."""
    code = str(error.get("code") or "")
    message = str(error.get("message") or code or "WooCommerce refused the item")
    if code in GONE_CODES:
        return NotFound.__name__, f"the item does not exist in WooCommerce any more ({message})"
    return Rejected.__name__, f"WooCommerce refused it: {message}"
