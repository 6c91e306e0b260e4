"""The portal's answers mapped to `channels.errors`, in one place: the HTTP status and its
error body `{"code", "message"}` (a 5xx may be `text/plain` "Oops, there was a problem!")."""

from __future__ import annotations

import json

import httpx

from stockbridge.channels.errors import (
    AuthFailed,
    ChannelError,
    NotFound,
    RateLimited,
    Rejected,
    Unavailable,
)
from stockbridge.channels.rest_calls import retry_after

LABEL = "the wholesale portal"


class AlreadyExists(Rejected):
    """409: a create clashes with a document the portal holds (a create sent again after its
    answer was lost); the caller reads that document and updates it instead."""


def excerpt(body: object, limit: int = 600) -> str:
    text = body if isinstance(body, str) else json.dumps(body, default=str, sort_keys=True)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def message_of(response: httpx.Response) -> str:
    try:
        body = response.json()
    except ValueError:
        return response.text.strip()[:200]
    if isinstance(body, dict):
        return str(body.get("message") or "")
    return ""


def error_for_status(response: httpx.Response) -> ChannelError | None:
    """The error an answer stands for, or None for a 2xx."""
    status = response.status_code
    if 200 <= status < 300:
        return None
    message = message_of(response)
    body = excerpt(response.text)
    if status == 401:
        return AuthFailed(f"the portal refused our OAuth signature ({message})", excerpt=body)
    if status == 403:
        return AuthFailed(f"the portal forbids this application ({message})", excerpt=body)
    if status == 404:
        return NotFound(message or "the portal has no such document", excerpt=body)
    if status == 409:
        return AlreadyExists("", message or "the portal already holds that document", excerpt=body)
    if status == 429:
        wait = retry_after(response)
        return RateLimited("the portal asked us to slow down", retry_after=wait, excerpt=body)
    if status >= 500:
        return Unavailable(f"the portal answered HTTP {status}; will retry", excerpt=body)
    return Rejected("", f"the portal refused it: {message or status}", excerpt=body)
