"""Answers under `/api/` are JSON even when Django, not the API, produced them.

The API's own handlers (`errors.py`) cover what happens inside an endpoint. Before and around
it, Django answers an unknown URL with an HTML 404, a method the URL does not take with a plain
text 405, a body over `DATA_UPLOAD_MAX_MEMORY_SIZE` with an HTML 400 and a fault with an HTML
(or, under DEBUG, a technical) 500. This middleware gives each of them the API's error shape;
pages outside `/api/` keep their HTML.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from django.core.exceptions import RequestDataTooBig
from django.http import HttpRequest, HttpResponse, HttpResponseBase, JsonResponse

from .errors import error_body, internal_error_body, too_big_body

logger = logging.getLogger("stockbridge.web.api")

API_PREFIX = "/api/"


def _is_json(response: HttpResponseBase) -> bool:
    return str(response.get("Content-Type", "")).startswith("application/json")


def _json_body(request: HttpRequest, response: HttpResponseBase) -> dict[str, Any]:
    status = response.status_code
    if status == 404:
        return error_body("url", f"nothing at {request.path}", "not_found")
    if status == 405:
        allowed = str(response.get("Allow", ""))
        return error_body(
            "method",
            f"{request.method} is not allowed here; allowed: {allowed}",
            "method_not_allowed",
        )
    if status == 413:
        return too_big_body()
    if status >= 500:
        return internal_error_body()
    return error_body(None, response.reason_phrase or "request refused", "http")


class ApiErrorMiddleware:
    """JSON error bodies for every answer under `/api/` (outermost, after SecurityMiddleware)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        response = self.get_response(request)
        if not request.path.startswith(API_PREFIX) or response.status_code < 400:
            return response
        if _is_json(response):
            return response
        replacement = JsonResponse(_json_body(request, response), status=response.status_code)
        for header in ("Allow", "WWW-Authenticate"):
            if header in response:
                replacement[header] = response[header]
        return replacement

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not request.path.startswith(API_PREFIX):
            return None
        if isinstance(exception, RequestDataTooBig):
            return JsonResponse(too_big_body(), status=413)
        logger.error(
            "unexpected error answering %s %s", request.method, request.path, exc_info=exception
        )
        return JsonResponse(internal_error_body(), status=500)
