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


def test_token_create_with_a_read_scope_then_list_and_revoke_by_exact_id(
    capsys: pytest.CaptureFixture[str], anonymous_api: Any
) -> None:
    from datetime import UTC, datetime

    from django.contrib.auth import get_user_model
    from django.test import Client

    from stockbridge.web.models import ApiToken

    get_user_model().objects.create_user("viewer", password="pw-for-tests-only")
    assert main(["token", "create", "--user", "viewer", "--name", "dash", "--scope", "read"]) == 0
    token = capsys.readouterr().out.strip()
    row = ApiToken.objects.get(name="dash")
    assert (row.prefix, row.scope) == (token[:12], "read")
    created = datetime(2026, 12, 1, 8, 30, tzinfo=UTC)
    ApiToken.objects.filter(pk=row.pk).update(created_at=created, prefix="sbt_ViEw1234")

    auth = {"HTTP_AUTHORIZATION": f"Bearer {token}"}
    assert Client().get("/api/v1/seasons", **auth).status_code == 200
    post = Client().post("/api/v1/seasons", "{}", content_type="application/json", **auth)
    assert post.status_code == 403
    used = datetime(2026, 12, 2, 10, 5, tzinfo=UTC)
    ApiToken.objects.filter(pk=row.pk).update(last_used_at=used)

    assert main(["token", "list"]) == 0
    assert capsys.readouterr().out.splitlines() == [
        "ID            SCOPE       USER              CREATED (UTC)     LAST USED (UTC)   NAME",
        "sbt_ViEw1234  read        viewer            2026-12-01 08:30  2026-12-02 10:05  dash",
    ]

    assert main(["token", "revoke", "sbt_view1234"]) == 1  # another letter case: no match
    assert capsys.readouterr().out.strip() == "revoked 0 token(s)"
    assert main(["token", "revoke", "sbt_ViEw"]) == 2
    assert capsys.readouterr().err == (
        "stockbridge: prefix: give at least the first 8 characters after sbt_, that is the"
        " whole token id as `stockbridge token list` shows it (12 characters, e.g."
        " sbt_Ab3dE5gH)\n"
    )
    assert Client().get("/api/v1/seasons", **auth).status_code == 200  # still live
    ApiToken.objects.filter(pk=row.pk).update(last_used_at=used)
    assert main(["token", "revoke", "sbt_ViEw1234"]) == 0
    assert capsys.readouterr().out.strip() == "revoked 1 token(s)"

    assert main(["token", "list"]) == 0
    assert capsys.readouterr().out.splitlines()[1:] == []
    assert main(["token", "list", "--all"]) == 0
    revoked = ApiToken.objects.get(pk=row.pk).revoked_at
    assert capsys.readouterr().out.splitlines()[1] == (
        "sbt_ViEw1234  read        viewer            2026-12-01 08:30  2026-12-02 10:05  dash"
        f"  (revoked {revoked:%Y-%m-%d %H:%M})"
    )
    assert Client().get("/api/v1/seasons", **auth).status_code == 401


def test_token_create_refuses_an_unknown_scope(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as caught:
        main(["token", "create", "--user", "ops", "--scope", "admin"])
    assert caught.value.code == 2
    assert "invalid choice: 'admin'" in capsys.readouterr().err
