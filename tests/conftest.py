"""Fixtures shared by every test: an API client with a token, and the path to ../shared."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.test import Client

REPO = Path(__file__).resolve().parent.parent
SHARED = REPO.parent / "shared"


@pytest.fixture(autouse=True)
def channel_fanout_only_when_asked(request: pytest.FixtureRequest) -> Iterator[None]:
    """The channel fan-out (`sync.pushes`, consumer `channels` of the stock outbox,
    `sync.price_pushes`, listener of the catalog's price changes, and `sync.order_pushes`,
    consumer `order_pushes` of the order events) is registered at start-up.
    Tests not about channels run as if no channel existed (their after-commit work and outbox
    counts stay their own): it is set aside unless a test asks for the `channel_fanout`
    fixture."""
    if "channel_fanout" in request.fixturenames:
        yield
        return
    from stockbridge.sync import outbox, price_pushes, pushes
    from stockbridge.sync.order_pushes import intake as order_intake

    outbox.unregister_consumer(pushes.CONSUMER)
    outbox.unregister_consumer(order_intake.CONSUMER)
    price_pushes.uninstall()
    yield
    pushes.install()
    order_intake.install()
    price_pushes.install()


@pytest.fixture
def channel_fanout() -> None:
    """Keep the channel fan-out registered (tests of the channel pushes)."""


@pytest.fixture
def shared_dir() -> Path:
    if not SHARED.is_dir():
        pytest.skip(f"reference data not found at {SHARED} (it sits beside the repository)")
    return SHARED


class ApiClient:
    """A JSON client for the API that sends the bearer token."""

    def __init__(self, token: str | None) -> None:
        self._client = Client()
        self._headers = {"HTTP_AUTHORIZATION": f"Bearer {token}"} if token else {}

    def _call(self, method: str, path: str, body: Any = None, **query: Any) -> Any:
        fn = getattr(self._client, method)
        if body is None:
            return fn(path, query or None, **self._headers)
        return fn(path, json.dumps(body), content_type="application/json", **self._headers)

    def get(self, path: str, **query: Any) -> Any:
        return self._call("get", path, **query)

    def post(self, path: str, body: Any) -> Any:
        return self._call("post", path, body)

    def patch(self, path: str, body: Any) -> Any:
        return self._call("patch", path, body)

    def delete(self, path: str) -> Any:
        return self._call("delete", path)


@pytest.fixture
def api(db: None) -> ApiClient:
    from django.contrib.auth import get_user_model

    from stockbridge.web.tokens import create_token

    get_user_model().objects.create_user("ops", password="pw-for-tests-only")
    _, token = create_token(username="ops", name="tests")
    return ApiClient(token)


@pytest.fixture
def anonymous_api(db: None) -> ApiClient:
    return ApiClient(None)


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    """Remove this run's scratch data directory (keys, SQLite files) when the run ends."""
    import os
    import shutil

    if os.environ.get("STOCKBRIDGE_TEST_RUN") != str(os.getpid()):
        return  # a child process, or a run whose id was set from outside: leave it
    data_dir = Path(os.environ.get("STOCKBRIDGE_DATA_DIR", ""))
    if data_dir.name.startswith("run-") and data_dir.parent == REPO / ".test-data":
        shutil.rmtree(data_dir, ignore_errors=True)
