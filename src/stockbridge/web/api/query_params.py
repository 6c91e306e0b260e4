"""Refusing query parameters an endpoint does not declare (a typo such as `?faild=true` must
not answer the unfiltered list as if it were filtered), for every endpoint of the API at once:
the declared names are read from the API's own OpenAPI document, so an endpoint's signature
is the only list of what it takes."""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import cache

from django.http import HttpRequest, HttpResponseBase, JsonResponse
from django.urls import Resolver404, resolve

from .errors import error_body

API_PREFIX = "/api/"
_CONVERTER = re.compile(r"<(?:\w+:)?(\w+)>")


@cache
def declared() -> dict[tuple[str, str], frozenset[str]]:
    """{(METHOD, "/api/v1/orders/{order_id}"): names of its query parameters}."""
    from stockbridge.web.urls import api

    schema = api.get_openapi_schema(path_prefix=API_PREFIX.rstrip("/"))
    found: dict[tuple[str, str], frozenset[str]] = {}
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            if not isinstance(operation, dict):
                continue
            names = frozenset(
                p["name"] for p in operation.get("parameters", ()) if p.get("in") == "query"
            )
            found[(method.upper(), path)] = names
    return found


def unknown_parameter(request: HttpRequest) -> str | None:
    """The first query parameter the matched endpoint does not declare (None: all known, or
    not an API endpoint)."""
    if not request.GET or not request.path.startswith(API_PREFIX):
        return None
    try:
        match = resolve(request.path_info)
    except Resolver404:
        return None
    path = "/" + _CONVERTER.sub(r"{\1}", match.route)
    names = declared().get((request.method or "GET", path))
    if names is None:
        return None
    return next((key for key in request.GET if key not in names), None)


class UnknownQueryParameters:
    """400 with the API's error shape for a query parameter the endpoint does not take."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        key = unknown_parameter(request)
        if key is not None:
            body = error_body(key[:100], "unknown query parameter", "unknown_field")
            return JsonResponse(body, status=400)
        return self.get_response(request)
