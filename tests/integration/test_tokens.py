"""API tokens: a scope (read or read-write), an owner who must still be allowed to use them,
revocation by exact id, and reads that never write."""

from __future__ import annotations

import contextlib
import json
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.db import connection, connections
from django.test import Client
from django.test.utils import CaptureQueriesContext

from stockbridge.platform import clock
from stockbridge.platform.errors import FieldError
from stockbridge.web.models import ApiToken
from stockbridge.web.tokens import create_token, list_tokens, revoke_token

NOW = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)
WRITES = ("INSERT", "UPDATE", "DELETE")


@pytest.fixture
def frozen() -> Iterator[clock.FrozenClock]:
    frozen = clock.FrozenClock(NOW)
    previous = clock.install(frozen)
    yield frozen
    clock.install(previous)


def user(name: str = "ops") -> Any:
    return get_user_model().objects.create_user(name, password="pw-for-tests-only")


def bearer(token: str) -> dict[str, str]:
    return {"HTTP_AUTHORIZATION": f"Bearer {token}"}


def writes(captured: CaptureQueriesContext) -> list[str]:
    return [q["sql"] for q in captured.captured_queries if q["sql"].lstrip().startswith(WRITES)]


def last_used(token: ApiToken) -> datetime | None:
    return ApiToken.objects.get(pk=token.pk).last_used_at


@pytest.mark.django_db
def test_a_read_with_a_recently_used_token_writes_nothing(frozen: clock.FrozenClock) -> None:
    user()
    row, token = create_token(username="ops", name="script")
    client = Client()

    with CaptureQueriesContext(connection) as first:
        assert client.get("/api/v1/products", **bearer(token)).status_code == 200
    assert [sql.split(" ", 1)[0] for sql in writes(first)] == ["UPDATE"]
    assert last_used(row) == NOW

    frozen.advance(minutes=4, seconds=59)
    with CaptureQueriesContext(connection) as again:
        assert client.get("/api/v1/products", **bearer(token)).status_code == 200
        assert client.get("/api/v1/seasons", **bearer(token)).status_code == 200
    assert writes(again) == []
    assert last_used(row) == NOW

    frozen.advance(seconds=1)  # five minutes after the recorded use: recorded once more
    with CaptureQueriesContext(connection) as later:
        assert client.get("/api/v1/products", **bearer(token)).status_code == 200
    assert len(writes(later)) == 1
    assert last_used(row) == NOW + timedelta(minutes=5)


@pytest.mark.django_db(transaction=True)
def test_a_read_never_waits_for_a_writer_holding_the_database(
    frozen: clock.FrozenClock,
) -> None:
    """SQLite: another connection holds the write lock (a long import). PostgreSQL: another
    transaction holds the token's row. The read answers at once; the use is recorded later."""
    user()
    row, token = create_token(username="ops", name="script")
    other = connections.create_connection("default")
    other.ensure_connection()
    cursor = other.connection.cursor()
    if connection.vendor == "postgresql":
        cursor.execute("BEGIN")
        cursor.execute("SELECT id FROM web_apitoken WHERE id = %s FOR UPDATE", [row.pk])
    else:
        cursor.execute("BEGIN IMMEDIATE")
    try:
        with bounded_statements():
            started = time.monotonic()
            response = Client().get("/api/v1/seasons", **bearer(token))
            elapsed = time.monotonic() - started
    finally:
        cursor.execute("ROLLBACK")
        other.close()
    assert response.status_code == 200
    assert elapsed < 5, elapsed  # waiting for the lock would take 30 s on SQLite
    assert last_used(row) is None

    assert Client().get("/api/v1/seasons", **bearer(token)).status_code == 200
    assert last_used(row) == NOW


@contextlib.contextmanager
def bounded_statements() -> Iterator[None]:
    """PostgreSQL would wait for a row lock without end: bound the test if the read ever did."""
    if connection.vendor != "postgresql":
        yield
        return
    with connection.cursor() as own:
        own.execute("SET statement_timeout = '10s'")
    try:
        yield
    finally:
        with connection.cursor() as own:
            own.execute("SET statement_timeout = 0")


@pytest.mark.django_db
def test_a_read_token_reads_and_every_write_answers_403_forbidden() -> None:
    user()
    row, token = create_token(username="ops", name="dashboard", scope="read")
    client = Client()
    assert client.get("/api/v1/seasons", **bearer(token)).status_code == 200

    body = json.dumps({"name": "Summer 2027", "code": "SS27"})
    answers = [
        client.post("/api/v1/seasons", body, content_type="application/json", **bearer(token)),
        client.patch("/api/v1/products/1", "{}", content_type="application/json", **bearer(token)),
        client.delete("/api/v1/seasons/SS27", **bearer(token)),
    ]
    expected = {
        "errors": [
            {
                "field": "Authorization",
                "reason": f"token {row.prefix} has the scope 'read': it can only read (GET)",
                "code": "forbidden",
            }
        ]
    }
    assert [(r.status_code, r.json()) for r in answers] == [(403, expected)] * 3
    assert client.get("/api/v1/seasons", **bearer(token)).json() == []


@pytest.mark.django_db
def test_the_token_of_an_inactive_owner_is_refused() -> None:
    owner = user()
    _, token = create_token(username="ops", name="script")
    owner.is_active = False
    owner.save()
    response = Client().get("/api/v1/seasons", **bearer(token))
    assert response.status_code == 401
    assert response.json()["errors"][0]["code"] == "unauthorized"
    with pytest.raises(FieldError) as caught:
        create_token(username="ops", name="another")
    assert (caught.value.field, caught.value.reason) == (
        "username",
        "user 'ops' is inactive and cannot use a token",
    )


@pytest.mark.django_db
def test_an_owner_who_lost_a_permission_loses_what_it_allowed() -> None:
    owner = user()
    _, token = create_token(username="ops", name="script")
    assert sorted(owner.get_all_permissions()) == ["web.read_api", "web.write_api"]
    season = json.dumps({"name": "Summer 2027", "code": "SS27"})
    client = Client()

    owner.user_permissions.remove(Permission.objects.get(codename="write_api"))
    post = client.post("/api/v1/seasons", season, content_type="application/json", **bearer(token))
    assert (post.status_code, post.json()) == (
        403,
        {
            "errors": [
                {
                    "field": "Authorization",
                    "reason": "the owner of this token (ops) no longer holds the permission"
                    " 'web.write_api' to write through the API",
                    "code": "forbidden",
                }
            ]
        },
    )
    assert client.get("/api/v1/seasons", **bearer(token)).status_code == 200

    owner.user_permissions.remove(Permission.objects.get(codename="read_api"))
    get = client.get("/api/v1/seasons", **bearer(token))
    assert (get.status_code, get.json()["errors"][0]["reason"]) == (
        403,
        "the owner of this token (ops) no longer holds the permission 'web.read_api' to use"
        " the API",
    )


@pytest.mark.django_db
def test_a_read_token_grants_only_the_read_permission_and_a_superuser_needs_none() -> None:
    reader = user("reader")
    create_token(username="reader", name="dashboard", scope="read")
    assert sorted(reader.get_all_permissions()) == ["web.read_api"]

    get_user_model().objects.create_superuser("root", password="pw-for-tests-only")
    row, token = create_token(username="root", name="admin script")
    Permission.objects.filter(codename__in=["read_api", "write_api"]).delete()
    season = json.dumps({"name": "Summer 2027", "code": "SS27"})
    post = Client().post(
        "/api/v1/seasons", season, content_type="application/json", **bearer(token)
    )
    assert post.status_code == 201
    assert row.scope == "read-write"


@pytest.mark.django_db
def test_an_unknown_scope_or_an_unfit_name_is_refused() -> None:
    user()
    with pytest.raises(FieldError) as caught:
        create_token(username="ops", name="script", scope="admin")
    assert (caught.value.field, caught.value.reason) == (
        "scope",
        "'admin' is not one of: read, read-write",
    )
    for name, reason in [
        ("", "is required"),
        ("x" * 256, "is longer than 255 characters (256)"),
        ("a\x00b", "must not contain the NUL character (\\u0000)"),
    ]:
        with pytest.raises(FieldError) as caught:
            create_token(username="ops", name=name)
        assert (caught.value.field, caught.value.reason) == ("name", reason)
    assert ApiToken.objects.count() == 0


@pytest.mark.django_db
def test_revoke_takes_the_exact_token_id_only() -> None:
    """Regression: `revoke_token(prefix="sbt_abcd")` used to revoke every live token whose id
    started with those 4 characters, in any letter case."""
    user()
    first, first_token = create_token(username="ops", name="first")
    second, _ = create_token(username="ops", name="second")
    ApiToken.objects.filter(pk=first.pk).update(prefix="sbt_AbCd1234")
    ApiToken.objects.filter(pk=second.pk).update(prefix="sbt_abcd5678")

    for partial in ("sbt_abcd", "sbt_AbCd", "sbt_AbCd123", "sbt_AbCd12345", "xxx_AbCd1234"):
        with pytest.raises(FieldError) as caught:
            revoke_token(prefix=partial)
        assert caught.value.field == "prefix"
        assert caught.value.reason == (
            "give at least the first 8 characters after sbt_, that is the whole token id as"
            " `stockbridge token list` shows it (12 characters, e.g. sbt_Ab3dE5gH)"
        )
    assert revoke_token(prefix="sbt_ABCD1234") == 0
    assert revoke_token(prefix="sbt_abcd1234") == 0
    assert [t.revoked_at for t in list_tokens(include_revoked=True)] == [None, None]

    assert revoke_token(prefix="sbt_AbCd1234") == 1
    assert [t.prefix for t in list_tokens()] == ["sbt_abcd5678"]
    assert [t.prefix for t in list_tokens(include_revoked=True)] == [
        "sbt_abcd5678",
        "sbt_AbCd1234",
    ]
    assert Client().get("/api/v1/seasons", **bearer(first_token)).status_code == 401


@pytest.mark.django_db
def test_token_ids_are_unique() -> None:
    user()
    first, _ = create_token(username="ops", name="first")
    second, _ = create_token(username="ops", name="second")
    assert len(first.prefix) == 12 and first.prefix.startswith("sbt_")
    assert first.prefix != second.prefix
    assert ApiToken._meta.get_field("prefix").unique


@pytest.mark.django_db(transaction=True)
def test_the_migration_keeps_every_live_token_working_as_read_write() -> None:
    from django.db.migrations.executor import MigrationExecutor

    before = [("web", "0001_initial")]
    executor = MigrationExecutor(connection)
    executor.migrate(before)
    try:
        old = MigrationExecutor(connection).loader.project_state(before).apps
        OldUser, OldToken = old.get_model("auth", "User"), old.get_model("web", "ApiToken")
        live, gone = OldUser.objects.create(username="ops"), OldUser.objects.create(username="x")
        OldToken.objects.create(name="live", prefix="sbt_live0001", digest="a" * 64, user=live)
        OldToken.objects.create(
            name="gone", prefix="sbt_gone0001", digest="b" * 64, user=gone, revoked_at=NOW
        )
        Permission.objects.filter(codename__in=["read_api", "write_api"]).delete()
    finally:
        executor = MigrationExecutor(connection)
        executor.migrate(executor.loader.graph.leaf_nodes())

    User = get_user_model()
    assert sorted(User.objects.get(username="ops").get_all_permissions()) == [
        "web.read_api",
        "web.write_api",
    ]
    assert User.objects.get(username="x").get_all_permissions() == set()
    assert [(t.prefix, t.scope) for t in ApiToken.objects.order_by("pk")] == [
        ("sbt_live0001", "read-write"),
        ("sbt_gone0001", "read-write"),
    ]


@pytest.mark.django_db
def test_the_admin_lists_scopes_issues_nothing_and_revokes_through_the_service() -> None:
    boss = get_user_model().objects.create_superuser("boss", password="pw-for-tests-only")
    row, token = create_token(username="boss", name="dashboard", scope="read")
    client = Client()
    client.force_login(boss)

    page = client.get("/admin/web/apitoken/")
    assert page.status_code == 200
    assert row.prefix in page.content.decode()
    assert client.get("/admin/web/apitoken/add/").status_code == 403
    revoked = client.post(
        "/admin/web/apitoken/",
        {"action": "revoke", "_selected_action": [row.pk], "index": 0},
        follow=True,
    )
    assert "Revoked 1 token(s)" in revoked.content.decode()
    assert ApiToken.objects.get(pk=row.pk).revoked_at is not None
    assert Client().get("/api/v1/seasons", **bearer(token)).status_code == 401
