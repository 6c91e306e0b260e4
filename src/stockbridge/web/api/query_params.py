"""Refusing query parameters an endpoint does not declare (a typo such as `?faild=true` must
not answer the unfiltered list as if it were filtered)."""

from __future__ import annotations

from collections.abc import Iterable

from django.http import HttpRequest

from stockbridge.platform.errors import FieldError


def only(request: HttpRequest, declared: Iterable[str] = ()) -> None:
    allowed = set(declared)
    for key in request.GET:
        if key not in allowed:
            raise FieldError(key[:100], "unknown query parameter", code="unknown_field")
