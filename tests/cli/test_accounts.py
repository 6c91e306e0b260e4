"""`stockbridge createsuperuser`, `token create`, `token revoke`, run in-process."""

from __future__ import annotations

from typing import Any

import pytest

from stockbridge.cli.main import main

pytestmark = pytest.mark.django_db


def test_createsuperuser_without_prompts(monkeypatch: pytest.MonkeyPatch) -> None:
    from django.contrib.auth import get_user_model

    monkeypatch.setenv("DJANGO_SUPERUSER_PASSWORD", "pw-for-tests-only")
    code = main(["createsuperuser", "--noinput", "--username", "ops", "--email", "ops@x.io"])
    assert code == 0
    user = get_user_model().objects.get(username="ops")
    assert (user.is_superuser, user.is_staff, user.email) == (True, True, "ops@x.io")


def test_token_create_prints_a_working_token_once_and_revoke_ends_it(
    capsys: pytest.CaptureFixture[str], anonymous_api: Any
) -> None:
    from django.contrib.auth import get_user_model
    from django.test import Client

    get_user_model().objects.create_user("ops", password="pw-for-tests-only")
    assert main(["token", "create", "--user", "ops", "--name", "script"]) == 0
    out, err = capsys.readouterr()
    token = out.strip()
    assert token.startswith("sbt_")
    assert "shown once" in err

    client = Client()
    auth = {"HTTP_AUTHORIZATION": f"Bearer {token}"}
    assert client.get("/api/v1/products", **auth).status_code == 200

    from stockbridge.web.models import ApiToken

    prefix = ApiToken.objects.get(name="script").prefix
    assert main(["token", "revoke", prefix]) == 0
    assert capsys.readouterr().out.strip() == "revoked 1 token(s)"
    response = client.get("/api/v1/products", **auth)
    assert response.status_code == 401
    assert main(["token", "revoke", prefix]) == 1
    assert main(["token", "revoke", "sbt_"]) == 2
    assert "prefix: give at least the first 8 characters" in capsys.readouterr().err


def test_token_for_an_unknown_user_is_a_clear_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["token", "create", "--user", "nobody"]) == 2
    assert capsys.readouterr().err == "stockbridge: username: no user named 'nobody'\n"


def test_bad_environment_is_a_configuration_error() -> None:
    from stockbridge.platform.config import load_config
    from stockbridge.platform.errors import ConfigurationError

    with pytest.raises(ConfigurationError) as caught:
        load_config({"STOCKBRIDGE_QUEUE": "rabbit"})
    assert caught.value.field == "STOCKBRIDGE_QUEUE"
