"""WooCommerce sandbox fixtures: a store on a frozen clock, reached over HTTPS with its key
(Basic auth), and the reference data of ../shared/channels/woocommerce/."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from stockbridge_sandboxes.woocommerce import Clock, WooSandbox

SHARED = Path(__file__).resolve().parents[3].parent / "shared"
REFERENCE = SHARED / "channels" / "woocommerce"


@pytest.fixture
def reference() -> Path:
    if not REFERENCE.is_dir():
        pytest.skip(f"WooCommerce reference data not found at {REFERENCE} (beside the repository)")
    return REFERENCE


@pytest.fixture
def woo() -> WooSandbox:
    return WooSandbox(clock=Clock(lambda: 1_780_000_000.0))


@pytest.fixture
def api(woo: WooSandbox) -> Iterator[httpx.Client]:
    """The REST API over HTTPS as the store's key (Basic auth)."""
    with httpx.Client(
        transport=httpx.WSGITransport(app=woo),
        base_url="https://woo.sandbox.test/wp-json/wc/v3",
        auth=(woo.consumer_key, woo.consumer_secret),
    ) as client:
        yield client


def example(reference: Path, name: str) -> Any:
    return json.loads((reference / "examples" / f"{name}.json").read_text())
