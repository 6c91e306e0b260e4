"""Bearer-token authentication for the API, with the token's scope applied to the method."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja.security import HttpBearer

from stockbridge.web import tokens

READ_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


class TokenAuth(HttpBearer):
    """`Authorization: Bearer <token>`; tokens come from `stockbridge token create`.

    Unknown, revoked or inactive-owner tokens answer 401; a read token (or an owner without
    the permission) on POST/PUT/PATCH/DELETE answers 403 `forbidden`."""

    def authenticate(self, request: HttpRequest, token: str) -> Any:
        user = tokens.authenticate(token, write=request.method not in READ_METHODS)
        if user is not None:
            request.user = user  # type: ignore[assignment]  # a custom user model is allowed
        return user
