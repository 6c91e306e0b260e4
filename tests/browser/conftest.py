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

    if not Path(CHROMIUM).exists():
        pytest.fail(
            f"the browser tests drive Debian's Chromium at {CHROMIUM}, which is not installed: "
            "`apt-get install chromium` (bash .ci/run installs it)",
            pytrace=False,
        )
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


@pytest.fixture(scope="session", autouse=True)
def live_server_sessions_end(django_db_setup: None, django_db_blocker: Any) -> Iterator[None]:
    """The live server answers the browser on threads that keep their PostgreSQL session
    until the browser's keep-alive socket closes; end any still open before the test
    database is dropped (SQLite has nothing to end)."""
    yield
    from django.db import connection

    if connection.vendor != "postgresql":
        return
    with django_db_blocker.unblock(), connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
            "WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )
