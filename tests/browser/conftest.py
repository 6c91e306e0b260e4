"""Browser tests: Debian's Chromium (/usr/bin/chromium, installed by .ci/run when missing;
never a browser download) driven by Playwright against the live test server. Screenshots of
each main screen are saved under .test-data/screenshots/ as artifacts."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.web.conftest import shop  # noqa: F401 (the catalog and stock fixture, shared)

CHROMIUM = "/usr/bin/chromium"
SHOTS = Path(__file__).resolve().parent.parent.parent / ".test-data" / "screenshots"
TIMEOUT_MS = 15_000


@pytest.fixture
def browser() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    # Playwright's sync API keeps an event loop in this thread; the test's own database calls
    # are synchronous and run between its calls, never inside that loop.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            launched = playwright.chromium.launch(
                executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"], timeout=TIMEOUT_MS
            )
            try:
                yield launched
            finally:
                launched.close()
    finally:
        os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)


@pytest.fixture
def shots() -> Path:
    SHOTS.mkdir(parents=True, exist_ok=True)
    return SHOTS


@pytest.fixture
def stores() -> Iterator[Any]:
    from tests.support.shopify_stores import routed_stores

    yield from routed_stores()
