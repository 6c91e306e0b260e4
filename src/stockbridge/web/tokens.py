"""API tokens: issue, check, list and revoke. Only the SHA-256 digest of a token is stored.

A token has a scope (`read`: GET only; `read-write`) and an owner who must still be allowed to
use it: active, holding `web.read_api`, and `web.write_api` to write. Issuing a token grants
its owner those permissions; taking them away in the admin stops all the owner's tokens.

Reads never write: `last_used_at` is recorded at most once per LAST_USED_RESOLUTION, and on
SQLite never waits for the database lock (a long import holds it); if the database is busy the
record is skipped, and the next request after the import records it.
"""

from __future__ import annotations

import hashlib
import logging
import secrets
from datetime import datetime, timedelta

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser, Permission
from django.contrib.contenttypes.models import ContentType
from django.db import DatabaseError, IntegrityError, connection, transaction
from django.db.models import Q

from stockbridge.platform import clock
from stockbridge.platform.bounds import check_choice, check_text
from stockbridge.platform.db import without_lock_wait
from stockbridge.platform.errors import FieldError, Forbidden, NotFound

from .models import READ_PERMISSION, WRITE_PERMISSION, ApiToken, TokenScope

TOKEN_PREFIX = "sbt_"  # noqa: S105 - a public prefix, not a secret
ID_LENGTH = 12  # "sbt_" and 8 characters: the token id, stored and shown, never secret
LAST_USED_RESOLUTION = timedelta(minutes=5)
SCOPES = tuple(TokenScope.values)

log = logging.getLogger("stockbridge.tokens")


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _permissions(scope: str) -> list[Permission]:
    """The permissions `scope` needs (created if post-migrate has not made them yet)."""
    content_type = ContentType.objects.get_for_model(ApiToken)
    wanted = [READ_PERMISSION] + ([WRITE_PERMISSION] if scope == TokenScope.READ_WRITE else [])
    names = dict(ApiToken._meta.permissions)
    return [
        Permission.objects.get_or_create(
            content_type=content_type,
            codename=codename,
            defaults={"name": names[codename]},
        )[0]
        for codename in (perm.split(".", 1)[1] for perm in wanted)
    ]


def create_token(
    *, username: str, name: str, scope: str = TokenScope.READ_WRITE
) -> tuple[ApiToken, str]:
    """Issue a token for `username`; returns the row and the plain token (shown once).

    The owner is granted the permissions the scope needs (`web.read_api`, plus
    `web.write_api` for read-write) if they do not hold them yet."""
    check_choice("scope", scope, SCOPES)
    check_text("name", name, required=True)
    user = get_user_model().objects.filter(username=username).first()
    if user is None:
        raise NotFound("username", f"no user named {username!r}")
    if not user.is_active:
        raise FieldError("username", f"user {username!r} is inactive and cannot use a token")
    for _ in range(5):
        plain = TOKEN_PREFIX + secrets.token_urlsafe(32)
        try:
            with transaction.atomic():
                row = ApiToken.objects.create(
                    name=name,
                    prefix=plain[:ID_LENGTH],
                    digest=_digest(plain),
                    user=user,
                    scope=scope,
                )
                user.user_permissions.add(*_permissions(scope))
        except IntegrityError:
            continue  # two tokens drew the same 8-character id: draw again
        return row, plain
    raise FieldError("name", "could not draw a unique token id; try again")  # pragma: no cover


def _may(user: AbstractBaseUser, permission: str) -> bool:
    return bool(user.has_perm(permission))  # type: ignore[attr-defined]


def authenticate(token: str, *, write: bool) -> AbstractBaseUser | None:
    """The owner of a live token, or None (unknown, revoked, or the owner is inactive).

    Raises Forbidden when the token or its owner may not make this request: a read token
    writing, or an owner without `web.read_api` (or `web.write_api` to write)."""
    row = (
        ApiToken.objects.select_related("user")
        .filter(digest=_digest(token), revoked_at__isnull=True, user__is_active=True)
        .first()
    )
    if row is None:
        return None
    user = row.user
    if not _may(user, READ_PERMISSION):
        raise Forbidden(
            "Authorization",
            f"the owner of this token ({user.get_username()}) no longer holds the permission"
            f" {READ_PERMISSION!r} to use the API",
        )
    if write and row.scope != TokenScope.READ_WRITE:
        raise Forbidden(
            "Authorization",
            f"token {row.prefix} has the scope {row.scope!r}: it can only read (GET)",
        )
    if write and not _may(user, WRITE_PERMISSION):
        raise Forbidden(
            "Authorization",
            f"the owner of this token ({user.get_username()}) no longer holds the permission"
            f" {WRITE_PERMISSION!r} to write through the API",
        )
    _record_use(row.pk, row.last_used_at)
    return user


def _record_use(pk: int, last_used_at: datetime | None) -> None:
    """Set `last_used_at` when it is older than LAST_USED_RESOLUTION, without ever waiting:
    on SQLite a writer holding the database makes BEGIN IMMEDIATE fail at once; on PostgreSQL
    a transaction holding the token row makes SKIP LOCKED find nothing. Either way the record
    is skipped; the next request records it."""
    now = clock.now()
    if last_used_at is not None and now - last_used_at < LAST_USED_RESOLUTION:
        return
    stale = Q(last_used_at__isnull=True) | Q(last_used_at__lte=now - LAST_USED_RESOLUTION)
    try:
        with without_lock_wait(connection), transaction.atomic():
            free = ApiToken.objects.select_for_update(skip_locked=True).filter(stale, pk=pk)
            if free.values_list("pk", flat=True).first() is not None:
                ApiToken.objects.filter(pk=pk).update(last_used_at=now)
    except DatabaseError as exc:
        log.info("token use not recorded, the database is busy: %s", exc)


def list_tokens(*, include_revoked: bool = False) -> list[ApiToken]:
    """Tokens, newest first; live ones only unless `include_revoked`."""
    rows = ApiToken.objects.select_related("user").order_by("-created_at", "-pk")
    if not include_revoked:
        rows = rows.filter(revoked_at__isnull=True)
    return list(rows)


def revoke_token(*, prefix: str) -> int:
    """Revoke the live token whose id (its first 12 characters, as created and `token list`
    show it) is exactly `prefix`, letter case included; returns how many (0 or 1). Raises
    FieldError for anything that is not a whole token id."""
    if len(prefix) != ID_LENGTH or not prefix.startswith(TOKEN_PREFIX):
        raise FieldError(
            "prefix",
            "give at least the first 8 characters after sbt_, that is the whole token id"
            f" as `stockbridge token list` shows it ({ID_LENGTH} characters, e.g."
            " sbt_Ab3dE5gH)",
        )
    return ApiToken.objects.filter(prefix__exact=prefix, revoked_at__isnull=True).update(
        revoked_at=clock.now()
    )
