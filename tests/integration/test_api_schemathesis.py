"""Schemathesis against the app's own OpenAPI document, in process, with a real token.

Every operation gets the examples, coverage (boundaries, missing and wrong-typed values,
unexpected methods, a missing token) and fuzzing phases in both positive and negative modes,
with every check: no 5xx, only documented status codes and content types, responses matching
their schemas, valid requests accepted and invalid ones refused. The run is bounded (a fixed
number of fuzzed examples per operation, a fixed seed) so it is deterministic and quick; it
runs on SQLite and on PostgreSQL like the rest of the suite.

The same run against a live server (figures in the issue's closing note):

    stockbridge token create --user ops --name schemathesis
    schemathesis run http://127.0.0.1:8000/api/openapi.json \\
        -H "Authorization: Bearer <token>" --checks all --max-examples 10 --seed 11
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, settings

from stockbridge.bootstrap import wsgi_application

EXAMPLES_PER_OPERATION = 10
SEED = 11

# The catalog endpoints' schemas (`web/api/catalog*.py`) are being bounded in their own branch
# (issue 11); they join this run when it lands by deleting this line and `.exclude(...)` below.
NOT_YET_BOUNDED = "catalog"

schema = schemathesis.openapi.from_wsgi(
    "/api/openapi.json", wsgi_application(), config=schemathesis.Config.from_dict({"seed": SEED})
)


@pytest.fixture
def same_connection() -> Iterator[None]:
    """Requests keep the test's database connection (and its transaction), as Django's own
    test client arranges: a WSGI request would otherwise close it when it finishes."""
    from django.core import signals
    from django.db import close_old_connections

    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.fixture
def token(db: None, same_connection: None) -> str:
    from django.contrib.auth import get_user_model

    from stockbridge.web.tokens import create_token

    get_user_model().objects.create_user("fuzz", password="pw-for-tests-only")
    _, value = create_token(username="fuzz", name="schemathesis")
    return value


@schema.parametrize()
@settings(
    max_examples=EXAMPLES_PER_OPERATION,
    derandomize=True,
    deadline=None,
    suppress_health_check=list(HealthCheck),
)
def test_api_conforms_to_its_openapi(case: Any, token: str) -> None:
    case.call_and_validate(headers={"Authorization": f"Bearer {token}"})
