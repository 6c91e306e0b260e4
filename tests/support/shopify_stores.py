"""Sandbox Shopify stores for channel tests: each store is an in-process sandbox app, and the
channel registry routes a channel's HTTP to the store whose base URL it names. Nothing of our
own code is faked: the connector speaks real GraphQL over httpx to the sandbox."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import httpx

from stockbridge.channels import registry
from stockbridge.channels.port import Endpoint
from stockbridge_sandboxes.shopify import SandboxApp
from stockbridge_sandboxes.shopify.clock import Clock


@dataclass
class Store:
    """One sandbox store reachable at `base_url` (through the registry's routing)."""

    app: SandboxApp
    base_url: str
    token: str

    @property
    def domain(self) -> str:
        return self.app.shop_domain

    def http(self) -> httpx.Client:
        return httpx.Client(transport=httpx.WSGITransport(app=self.app), base_url=self.base_url)

    def gql(self, query: str, variables: dict[str, Any] | None = None) -> dict[str, Any]:
        """Run a query on the store as the app (test set-up and assertions)."""
        with self.http() as client:
            answer = client.post(
                "/admin/api/2026-07/graphql.json",
                json={"query": query, "variables": variables or {}},
                headers={"X-Shopify-Access-Token": self.token},
            ).json()
        assert not answer.get("errors"), answer
        data: dict[str, Any] = answer["data"]
        return data

    def control(self, route: str, body: dict[str, Any] | None = None) -> Any:
        with self.http() as client:
            answer = client.post(f"/__sandbox/{route}", json=body or {})
        assert answer.status_code < 300, answer.text
        return answer.json() if answer.content else None


@dataclass
class Stores:
    """Every sandbox store of one test, by base URL."""

    by_url: dict[str, Store] = field(default_factory=dict)

    def add(self, name: str, *, plan: str = "standard", token: str | None = None) -> Store:
        token = token or f"shpat_{name}"
        app = SandboxApp(clock=Clock(), plan=plan, shop_domain=f"{name}.myshopify.com", token=token)
        store = Store(app=app, base_url=f"http://{name}.sandbox.test", token=token)
        self.by_url[store.base_url] = store
        return store

    def route(self, endpoint: Endpoint) -> httpx.BaseTransport | None:
        store = self.by_url.get(endpoint.base_url.rstrip("/"))
        return httpx.WSGITransport(app=store.app) if store is not None else None


def routed_stores() -> Iterator[Stores]:
    """A fixture body: route channel HTTP to sandbox stores for the test, then restore."""
    stores = Stores()
    registry.use_transport(stores.route)
    try:
        yield stores
    finally:
        registry.use_transport(None)
