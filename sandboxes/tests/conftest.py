"""Sandbox fixtures: a fresh sandbox on a frozen clock, and an httpx client speaking WSGI to it."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from stockbridge_sandboxes.shopify import SandboxApp
from stockbridge_sandboxes.shopify.clock import FrozenClock

TOKEN = "shpat_test_token"


@pytest.fixture
def clock() -> FrozenClock:
    return FrozenClock()


@pytest.fixture
def sandbox(clock: FrozenClock) -> SandboxApp:
    return SandboxApp(clock=clock, token=TOKEN)


@pytest.fixture
def http(sandbox: SandboxApp) -> Iterator[httpx.Client]:
    transport = httpx.WSGITransport(app=sandbox)
    with httpx.Client(transport=transport, base_url="http://sandbox.test") as client:
        yield client


def gql(
    client: httpx.Client,
    query: str,
    variables: dict[str, object] | None = None,
    version: str = "2026-07",
    token: str = TOKEN,
) -> httpx.Response:
    return client.post(
        f"/admin/api/{version}/graphql.json",
        json={"query": query, "variables": variables or {}},
        headers={"X-Shopify-Access-Token": token},
    )


SHARED = Path(__file__).resolve().parents[2].parent / "shared"


@pytest.fixture
def shared_dir() -> Path:
    if not SHARED.is_dir():
        pytest.skip(f"reference data not found at {SHARED} (it sits beside the repository)")
    return SHARED
