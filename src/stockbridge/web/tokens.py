"""API token issue, check and revoke. Only the SHA-256 digest of a token is stored."""

from __future__ import annotations

import hashlib
import secrets

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction

from stockbridge.platform import clock
from stockbridge.platform.errors import FieldError, NotFound

from .models import ApiToken

TOKEN_PREFIX = "sbt_"  # noqa: S105 - a public prefix, not a secret


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def create_token(*, username: str, name: str) -> tuple[ApiToken, str]:
    """Issue a token for `username`; returns the row and the plain token (shown once)."""
    user = get_user_model().objects.filter(username=username).first()
    if user is None:
        raise NotFound("username", f"no user named {username!r}")
    plain = TOKEN_PREFIX + secrets.token_urlsafe(32)
    with transaction.atomic():
        row = ApiToken.objects.create(
            name=name, prefix=plain[:12], digest=_digest(plain), user=user
        )
    return row, plain


def authenticate(token: str) -> AbstractBaseUser | None:
    """The active user a live token belongs to, or None."""
    row = (
        ApiToken.objects.select_related("user")
        .filter(digest=_digest(token), revoked_at__isnull=True, user__is_active=True)
        .first()
    )
    if row is None:
        return None
    ApiToken.objects.filter(pk=row.pk).update(last_used_at=clock.now())
    return row.user


def revoke_token(*, prefix: str) -> int:
    """Revoke every live token whose stored prefix (12 characters, shown when it was created)
    starts with `prefix`; returns how many. Raises FieldError for a prefix under 8 characters,
    which could match tokens nobody meant to revoke."""
    if len(prefix) < 8:
        raise FieldError("prefix", "give at least the first 8 characters of the token")
    return ApiToken.objects.filter(prefix__startswith=prefix, revoked_at__isnull=True).update(
        revoked_at=clock.now()
    )
