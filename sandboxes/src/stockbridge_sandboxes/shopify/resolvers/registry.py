"""Resolver registry: root queries, root mutations and computed fields, by name."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from graphql import GraphQLResolveInfo

from stockbridge_sandboxes.shopify.store import Store

Resolver = Callable[["Context", Any, dict[str, Any], GraphQLResolveInfo], Any]

# The title of the app the sandbox serves (Shopify names it in events and adjustment groups).
APP_TITLE = "Stockbridge sandbox"

QUERIES: dict[str, Resolver] = {}
MUTATIONS: dict[str, Resolver] = {}
FIELDS: dict[tuple[str, str], Resolver] = {}
# Fields Shopify derives the same way on every type that has them, for objects not holding them.
EVERY_TYPE: dict[str, Resolver] = {}


@dataclass
class Context:
    """What a resolver sees of the request: the store, the API version and the calling app."""

    store: Store
    version: str
    app: str = "sandbox-app"
    requested_version: str = ""
    api_client_id: str = "1"
    webhook_api_version: str = ""
    base_url: str = "http://127.0.0.1:8765"
    bulk: bool = False
    events: list[tuple[str, dict[str, Any]]] = field(default_factory=list)
    # Ids of objects this request created whose aggregates Shopify fills in afterwards.
    counting: set[str] = field(default_factory=set)
    # Shopify's `extensions.search` entries: search terms it parsed but could not use.
    search: list[dict[str, Any]] = field(default_factory=list)
    # The calling token's scopes (write implying read); None: an in-process call, unchecked.
    granted: frozenset[str] | None = None
    # The app installation's granted scopes as granted (`currentAppInstallation`).
    scopes: tuple[str, ...] = ()
    # The shop's rate-limit plan tier (throttle.PLANS): `ShopPlan` answers from it.
    plan: str = "standard"

    def at_least(self, version: str) -> bool:
        return self.version >= version

    def emit(self, topic: str, payload: dict[str, Any]) -> None:
        self.events.append((topic, payload))


def query(name: str) -> Callable[[Resolver], Resolver]:
    def register(fn: Resolver) -> Resolver:
        QUERIES[name] = fn
        return fn

    return register


def mutation(name: str) -> Callable[[Resolver], Resolver]:
    def register(fn: Resolver) -> Resolver:
        MUTATIONS[name] = fn
        return fn

    return register


def computed(type_name: str, field_name: str) -> Callable[[Resolver], Resolver]:
    def register(fn: Resolver) -> Resolver:
        FIELDS[(type_name, field_name)] = fn
        return fn

    return register


def derived_on_every_type(field_name: str) -> Callable[[Resolver], Resolver]:
    def register(fn: Resolver) -> Resolver:
        EVERY_TYPE[field_name] = fn
        return fn

    return register


def implemented_roots() -> set[str]:
    """Every root field (query or mutation) the sandbox implements."""
    from stockbridge_sandboxes.shopify.resolvers import registered  # noqa: F401

    return set(QUERIES) | set(MUTATIONS)
