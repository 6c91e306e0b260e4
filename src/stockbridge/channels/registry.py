"""Channel kinds -> their connector, resolved from the `CHANNEL_CONNECTORS` setting (the
composition root names each kind's `Kind` object by dotted path, like Django names its
backends), so neither `channels` nor `sync` imports a connector.

Each store's call budget, shared by every worker, comes from the `CHANNEL_THROTTLE` setting
(a dotted path to a factory `channel id -> Throttle`, named by the composition root: the
engine in `sync` keeps the budgets).

Tests may route a channel's HTTP to an in-process sandbox with `use_transport`.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache

import httpx
from django.conf import settings
from django.utils.module_loading import import_string

from stockbridge.platform.errors import FieldError

from .port import Endpoint, Kind, Throttle

_transport: Callable[[Endpoint], httpx.BaseTransport | None] | None = None


def kinds() -> dict[str, Kind]:
    return {name: _load(path) for name, path in settings.CHANNEL_CONNECTORS.items()}


def kind(name: str) -> Kind:
    path = settings.CHANNEL_CONNECTORS.get(name)
    if path is None:
        known = ", ".join(sorted(settings.CHANNEL_CONNECTORS)) or "none"
        raise FieldError("kind", f"unknown channel kind {name!r} (known: {known})")
    return _load(path)


@cache
def _load(path: str) -> Kind:
    loaded = import_string(path)
    if not isinstance(loaded, Kind):
        raise TypeError(f"{path} is not a channels.registry.Kind")
    return loaded


def throttle_for(channel_id: int) -> Throttle:
    """The shared call budget of the channel's store (`CHANNEL_THROTTLE`)."""
    factory: Callable[[int], Throttle] = _factory(settings.CHANNEL_THROTTLE)
    return factory(channel_id)


@cache
def _factory(path: str) -> Callable[[int], Throttle]:
    loaded: Callable[[int], Throttle] = import_string(path)
    return loaded


def transport_for(endpoint: Endpoint) -> httpx.BaseTransport | None:
    """The transport to reach `endpoint` with: the network (None) unless a test routed it."""
    return _transport(endpoint) if _transport is not None else None


def use_transport(route: Callable[[Endpoint], httpx.BaseTransport | None] | None) -> None:
    """Route channel HTTP through `route` (tests: an in-process sandbox); None restores the
    network."""
    global _transport
    _transport = route
