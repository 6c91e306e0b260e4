"""Shopify's answers mapped to `channels.errors`, in one place: HTTP statuses, top-level
GraphQL errors and their extension codes. User errors of a mutation are mapped per item by the
operation that sent it."""

from __future__ import annotations

import json
from typing import Any

import httpx

from stockbridge.channels.errors import (
    AuthFailed,
    ChannelError,
    LimitReached,
    NotFound,
    RateLimited,
    Rejected,
    ScopeMissing,
    Unavailable,
)


def excerpt(body: object, limit: int = 600) -> str:
    text = body if isinstance(body, str) else json.dumps(body, default=str, sort_keys=True)
    return text if len(text) <= limit else text[: limit - 1] + "…"


# Shopify's words when a store past 50,000 variants made its 1,000 new ones of the day
# (API-NOTES §2.3): "Daily variant creation limit reached. Please try again later. ..."
DAILY_VARIANTS = "daily variant creation limit"


def _number(value: str | None) -> bool:
    try:
        return value is not None and float(value) >= 0
    except ValueError:
        return False


def retry_after(response: httpx.Response, default: float = 1.0) -> float:
    try:
        return max(float(response.headers.get("Retry-After", default)), 0.0)
    except ValueError:
        return default


def error_for_status(response: httpx.Response) -> ChannelError | None:
    """The error an HTTP status stands for, or None for 200."""
    status = response.status_code
    if status == 200:
        return None
    body = excerpt(response.text)
    if status == 401:
        return AuthFailed(
            "Shopify refused the access token (revoked, expired or app uninstalled)", excerpt=body
        )
    if status == 402:
        return AuthFailed("the store is frozen: its Shopify plan is unpaid", excerpt=body)
    if status == 403:
        return AuthFailed("Shopify forbids this app access to the store", excerpt=body)
    if status == 404:
        return NotFound("the store or API version was not found", excerpt=body)
    if status == 423:
        return AuthFailed("the store is locked by Shopify", excerpt=body)
    if status == 429 and DAILY_VARIANTS in response.text.lower():
        return LimitReached(
            "Shopify's daily limit of new variants is reached (a store holding 50,000 variants "
            "may create 1,000 a day)",
            retry_after=float(response.headers["Retry-After"])
            if _number(response.headers.get("Retry-After"))
            else None,
            excerpt=body,
        )
    if status == 429:
        return RateLimited(
            "Shopify asked us to slow down", retry_after=retry_after(response), excerpt=body
        )
    if status >= 500:
        return Unavailable(f"Shopify answered HTTP {status}; will retry", excerpt=body)
    return Rejected("", f"Shopify answered HTTP {status}", excerpt=body)


def error_for_graphql(errors: list[dict[str, Any]], *, throttle_wait: float) -> ChannelError:
    """The error a top-level `errors` list stands for (the whole request failed)."""
    body = excerpt(errors)
    codes = [((e.get("extensions") or {}).get("code") or "") for e in errors]
    messages = "; ".join(str(e.get("message", "")) for e in errors)
    if "THROTTLED" in codes:
        return RateLimited(
            "Shopify's query budget is spent", retry_after=throttle_wait, excerpt=body
        )
    if "ACCESS_DENIED" in codes:
        scopes = _required_scopes(errors)
        return ScopeMissing(scopes or ["(unknown)"], excerpt=body)
    if "INTERNAL_SERVER_ERROR" in codes or "SERVICE_UNAVAILABLE" in codes:
        return Unavailable("Shopify failed to answer; will retry", excerpt=body)
    return Rejected("", f"Shopify refused the request: {messages}", excerpt=body)


def _required_scopes(errors: list[dict[str, Any]]) -> list[str]:
    """Scopes named in an ACCESS_DENIED message ("Requires `read_products` access scope")."""
    found: list[str] = []
    for error in errors:
        text = (
            str(error.get("message", ""))
            + " "
            + str((error.get("extensions") or {}).get("requiredAccess", ""))
        )
        for part in text.split("`")[1::2]:
            if part.startswith(("read_", "write_")) and part not in found:
                found.append(part)
    return found
