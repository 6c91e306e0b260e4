"""Schemathesis against the app's own OpenAPI, in process, with a real token."""

from __future__ import annotations

from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, settings

from stockbridge.bootstrap import wsgi_application

schema = schemathesis.openapi.from_wsgi(
    "/api/openapi.json", wsgi_application(), config=schemathesis.Config.from_dict({"seed": 11})
)


@pytest.fixture
def token(transactional_db: None) -> str:
    from django.contrib.auth import get_user_model

    from stockbridge.web.tokens import create_token

    get_user_model().objects.create_user("fuzz", password="pw-for-tests-only")
    _, value = create_token(username="fuzz", name="schemathesis")
    return value


@schema.parametrize()
@settings(max_examples=10, derandomize=True, deadline=None, suppress_health_check=list(HealthCheck))
def test_api_conforms_to_its_openapi(case: Any, token: str) -> None:
    case.call_and_validate(headers={"Authorization": f"Bearer {token}"})
