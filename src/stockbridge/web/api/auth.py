"""Bearer-token authentication for the API."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja.security import HttpBearer

from stockbridge.web import tokens


class TokenAuth(HttpBearer):
    """`Authorization: Bearer <token>`; tokens come from `stockbridge token create`."""

    def authenticate(self, request: HttpRequest, token: str) -> Any:
        user = tokens.authenticate(token)
        if user is not None:
            request.user = user  # type: ignore[assignment]  # a custom user model is allowed
        return user
