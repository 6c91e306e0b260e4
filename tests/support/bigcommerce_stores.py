"""A sandbox BigCommerce store for channel tests: the channel registry routes a channel's HTTP
to the in-process app when its base URL is the sandbox's. Nothing of our own code is faked:
the connector speaks REST to the sandbox."""

from __future__ import annotations

from collections.abc import Iterator

import httpx

from stockbridge.channels import registry
from stockbridge.channels.port import Endpoint
from stockbridge_sandboxes.bigcommerce import BigCommerceApp

BASE = "http://bc.sandbox.test"


def routed_bigcommerce(app: BigCommerceApp) -> Iterator[BigCommerceApp]:
    """A fixture body: route channel HTTP for `BASE` to `app` for the test, then restore."""

    def route(endpoint: Endpoint) -> httpx.BaseTransport | None:
        return httpx.WSGITransport(app=app) if endpoint.base_url == BASE else None

    registry.use_transport(route)
    try:
        yield app
    finally:
        registry.use_transport(None)
