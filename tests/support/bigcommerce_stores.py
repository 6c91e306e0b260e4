"""A sandbox BigCommerce store for channel tests: the channel registry routes a channel's HTTP
to the in-process app when its base URL is the sandbox's. Nothing of our own code is faked:
the connector speaks REST to the sandbox."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import httpx

from stockbridge.channels import registry
from stockbridge.channels.port import Endpoint
from stockbridge_sandboxes.bigcommerce import BigCommerceApp

BASE = "http://bc.sandbox.test"
V3 = "/stores/sandbox1/v3"


def routed_bigcommerce(app: BigCommerceApp) -> Iterator[BigCommerceApp]:
    """A fixture body: route channel HTTP for `BASE` to `app` for the test, then restore."""

    def route(endpoint: Endpoint) -> httpx.BaseTransport | None:
        return httpx.WSGITransport(app=app) if endpoint.base_url == BASE else None

    registry.use_transport(route)
    try:
        yield app
    finally:
        registry.use_transport(None)


def api(app: BigCommerceApp, method: str, path: str, body: Any = None) -> Any:
    """A v3 call as the store's API account (set-up and assertions)."""
    with httpx.Client(transport=httpx.WSGITransport(app=app), base_url=BASE,
                      headers={"X-Auth-Token": app.token}) as http:  # fmt: skip
        answer = http.request(method, V3 + path, json=body)
        assert answer.status_code in (200, 201, 204), answer.text
        return answer.json() if answer.content else None


def seeded(app: BigCommerceApp, *, location: int = 2) -> dict[str, int]:
    """A Leeds location (id 2) added; a tee with a Size option (S, M) and a simple mug made
    through the v3 API, 5, 3 and 7 of them stocked at `location`. Answers variant ids by SKU."""
    api(app, "POST", "/inventory/locations", [{"label": "Leeds", "code": "LEEDS"}])
    tee = api(app, "POST", "/catalog/products", {
        "name": "Tee", "type": "physical", "weight": 0.2, "price": 20,
        "inventory_tracking": "variant",
        "variants": [{"sku": f"TEE-{s}", "option_values": [
            {"option_display_name": "Size", "label": s}]} for s in ("S", "M")],
    })["data"]  # fmt: skip
    mug = api(app, "POST", "/catalog/products", {
        "name": "Mug", "type": "physical", "weight": 0.4, "price": 9, "sku": "MUG",
        "inventory_tracking": "product",
    })["data"]  # fmt: skip
    ids = {v["sku"]: v["id"] for v in tee["variants"]} | {"MUG": mug["base_variant_id"]}
    api(app, "PUT", "/inventory/adjustments/absolute", {"items": [
        {"location_id": location, "variant_id": ids["TEE-S"], "quantity": 5},
        {"location_id": location, "variant_id": ids["TEE-M"], "quantity": 3},
        {"location_id": location, "variant_id": ids["MUG"], "quantity": 7},
    ]})  # fmt: skip
    return ids
