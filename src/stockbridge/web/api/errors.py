"""How every error leaves the API: JSON `{"errors": [{"field", "reason", "code"}]}`."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as SchemaValidationError

from stockbridge.platform.errors import (
    Conflict,
    FieldError,
    Forbidden,
    NotFound,
    ValidationErrors,
)


def _status(error: FieldError) -> int:
    if isinstance(error, NotFound):
        return 404
    if isinstance(error, Conflict):
        return 409
    if isinstance(error, Forbidden):
        return 403
    return 400


def _field_of(loc: list[Any]) -> str:
    parts = [p for p in loc if p not in ("body", "query", "path", "payload")]
    out = ""
    for part in parts:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or "body"


def install(api: NinjaAPI) -> None:
    """Register the error handlers on `api`."""

    @api.exception_handler(FieldError)
    def field_error(request: HttpRequest, exc: FieldError) -> HttpResponse:
        return api.create_response(request, {"errors": [exc.as_dict()]}, status=_status(exc))

    @api.exception_handler(ValidationErrors)
    def validation_errors(request: HttpRequest, exc: ValidationErrors) -> HttpResponse:
        statuses = {_status(e) for e in exc.errors}
        status = statuses.pop() if len(statuses) == 1 else 400
        return api.create_response(
            request, {"errors": [e.as_dict() for e in exc.errors]}, status=status
        )

    @api.exception_handler(SchemaValidationError)
    def schema_error(request: HttpRequest, exc: SchemaValidationError) -> HttpResponse:
        errors = [
            {
                "field": _field_of(list(e.get("loc", []))),
                "reason": e.get("msg", "invalid"),
                "code": "invalid",
            }
            for e in exc.errors
        ]
        return api.create_response(request, {"errors": errors}, status=422)

    @api.exception_handler(AuthenticationError)
    def unauthorized(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
        body = {
            "errors": [
                {
                    "field": "Authorization",
                    "reason": "a valid API token is required (Authorization: Bearer <token>)",
                    "code": "unauthorized",
                }
            ]
        }
        response = api.create_response(request, body, status=401)
        response["WWW-Authenticate"] = "Bearer"
        return response

    @api.exception_handler(HttpError)
    def http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
        body = {"errors": [{"field": None, "reason": str(exc), "code": "http"}]}
        return api.create_response(request, body, status=exc.status_code)
