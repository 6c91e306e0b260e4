"""A WooCommerce sandbox store and the connector built for it the way the engine builds it
(`Kind.connect`), its HTTP routed in-process and recorded; and the request schemas of
../shared/channels/woocommerce/."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator

from stockbridge.channels.port import ConnectorContext, Credentials, Endpoint
from stockbridge.connectors.woocommerce.connector import WooConnector
from stockbridge.connectors.woocommerce.kind import WOOCOMMERCE
from tests.conftest import SHARED
from tests.support.woo_stores import Recording, WooStore, WooStores

REFERENCE = SHARED / "channels" / "woocommerce"


class _Free:
    def wait(self, cost: float) -> None:
        return None

    def observe(self, *, available: float, maximum: float, restore_rate: float) -> None:
        return None

    def block(self, seconds: float) -> None:
        return None


@pytest.fixture
def store() -> WooStore:
    return WooStores().add("woo-c")


def connector_for(store: WooStore, base_url: str | None = None) -> WooConnector:
    connector = WOOCOMMERCE.connect(
        ConnectorContext(
            endpoint=Endpoint(domain=store.domain, base_url=base_url or store.base_url),
            credentials=Credentials(access_token=store.token),
            throttle=_Free(),
            transport=Recording(store.app, store.sent),
        )
    )
    assert isinstance(connector, WooConnector)
    connector.client.sleep = lambda seconds: None
    return connector


@pytest.fixture
def connector(store: WooStore) -> WooConnector:
    return connector_for(store)


@pytest.fixture
def reference() -> Path:
    if not REFERENCE.is_dir():
        pytest.skip(f"WooCommerce reference data not found at {REFERENCE} (beside the repository)")
    return REFERENCE


def request_problems(reference: Path, path: str, body: Any) -> list[str]:
    """How a body sent to `path` breaks the reference's request schema of its resource
    (`batch_request` for a batch)."""
    parts = [p for p in path.split("/wp-json/wc/v3/")[1].split("/") if p and not p.isdigit()]
    batch = parts[-1] == "batch"
    resource = parts[-2] if batch else parts[-1]
    stem = {
        "products": "product",
        "variations": "product_variation",
        "orders": "order",
        "refunds": "order_refund",
        "webhooks": "webhook",
    }[resource]
    doc = json.loads((reference / "json-schema" / f"{stem}.schema.json").read_text())
    schema = {**doc, "$ref": f"#/$defs/{'batch_request' if batch else 'request'}"}
    return [
        f"{path}: {'/'.join(str(p) for p in e.absolute_path)}: {e.message}"
        for e in Draft202012Validator(schema).iter_errors(body)
    ]
