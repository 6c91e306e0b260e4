"""How every error leaves the API: JSON `{"errors": [{"field", "reason", "code"}]}`.

One shape for every status: 400 for any input that is not valid (the request's shape, as the
schema says, and the rules the services apply), 401 without a valid token, 404 for an unknown id
(or an unknown URL under `/api/`), 405 for a method the URL does not take, 409 for a conflict with
what is stored (duplicate SKU, code, season...), 413 for a body over the size limit, and 500 for
an unexpected fault: logged with its traceback, answered with a generic reason, never HTML.
"""

from __future__ import annotations

import logging
from typing import Any

from django.core.exceptions import RequestDataTooBig
from django.http import Http404, HttpRequest, HttpResponse
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

from .inputs import NON_BLANK

logger = logging.getLogger("stockbridge.web.api")

# Body fields that are mappings: the element after one of them is a key the client chose
# (a SKU, an address field), shown as `quantities["LS-M"]` rather than as a field name.
MAPPING_FIELDS = frozenset({"quantities", "custom_fields"})

INTERNAL_REASON = "an unexpected error occurred; it has been logged"

# pydantic error types -> our codes (anything else is "invalid").
_CODES = {
    "missing": "required",
    "extra_forbidden": "unknown_field",
    "less_than": "out_of_range",
    "less_than_equal": "out_of_range",
    "greater_than": "out_of_range",
    "greater_than_equal": "out_of_range",
    "too_long": "too_long",
    "string_too_long": "too_long",
    "too_short": "too_short",
    "string_too_short": "too_short",
    "literal_error": "invalid_choice",
    "enum": "invalid_choice",
}


def error_body(field: str | None, reason: str, code: str) -> dict[str, Any]:
    """The body of an error response holding one error."""
    return {"errors": [{"field": field, "reason": reason, "code": code}]}


def status_of(error: FieldError) -> int:
    if isinstance(error, NotFound):
        return 404
    if isinstance(error, Conflict):
        return 409
    if isinstance(error, Forbidden):
        return 403
    return 400


def field_of(loc: list[Any] | tuple[Any, ...]) -> str:
    """A pydantic location as a path a person reads: `lines[2].quantity`, `quantities["LS-M"]`."""
    parts = list(loc)
    if parts and parts[0] in ("body", "query", "path", "header", "cookie", "form"):
        parts = parts[1:]
        if parts and parts[0] == "payload":  # the name of the body argument of every view
            parts = parts[1:]
    out = ""
    previous: Any = None
    for part in parts:
        if part == "[key]":
            continue
        if isinstance(part, int):
            out += f"[{part}]"
        elif previous in MAPPING_FIELDS:
            out += f'["{part}"]'
        else:
            out += f".{part}" if out else str(part)
        previous = part
    return out or "body"


def _choices(expected: str) -> str:
    names = [x.strip().strip("'") for x in expected.replace(" or ", ", ").split(",")]
    if len(names) > 12:
        return f"is not one of the {len(names)} accepted values listed in the OpenAPI document"
    return f"must be one of: {', '.join(names)}"


def _reason(error: dict[str, Any]) -> str:
    kind = str(error.get("type", ""))
    ctx = error.get("ctx") or {}
    if kind == "missing":
        return "is required"
    if kind == "extra_forbidden":
        return "is not a field of this request"
    if kind == "literal_error" and "expected" in ctx:
        return _choices(str(ctx["expected"]))
    if kind == "string_too_long":
        return f"must be at most {ctx.get('max_length')} characters"
    if kind == "string_too_short":
        return "must not be empty"
    if kind == "too_long":
        return f"must have at most {ctx.get('max_length')} items"
    if kind == "less_than_equal":
        return f"must be at most {ctx.get('le')}"
    if kind == "greater_than_equal":
        return f"must be at least {ctx.get('ge')}"
    if kind in ("int_parsing", "int_type", "int_from_float"):
        return "must be a whole number"
    if kind == "string_pattern_mismatch" and ctx.get("pattern") == NON_BLANK:
        return "must not be blank"
    message = str(error.get("msg", "is not valid"))
    for prefix in ("Value error, ", "Assertion failed, "):
        if message.startswith(prefix):
            return message[len(prefix) :]
    return message


def _field(error: dict[str, Any]) -> str:
    field = field_of(error.get("loc", ()))
    where = (error.get("ctx") or {}).get("where")  # a NUL found inside a body (inputs.py)
    if where:
        field = where if field == "body" else f"{field}{'' if where[0] == '[' else '.'}{where}"
    return field


def schema_errors(errors: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """pydantic's errors as ours; the input value is never echoed back."""
    return [
        {
            "field": _field(e),
            "reason": _reason(e),
            "code": _CODES.get(str(e.get("type", "")), "invalid"),
        }
        for e in errors
    ]


def install(api: NinjaAPI) -> None:
    """Register the error handlers on `api`."""

    @api.exception_handler(FieldError)
    def field_error(request: HttpRequest, exc: FieldError) -> HttpResponse:
        return api.create_response(request, {"errors": [exc.as_dict()]}, status=status_of(exc))

    @api.exception_handler(ValidationErrors)
    def validation_errors(request: HttpRequest, exc: ValidationErrors) -> HttpResponse:
        statuses = {status_of(e) for e in exc.errors}
        status = statuses.pop() if len(statuses) == 1 else 400
        return api.create_response(
            request, {"errors": [e.as_dict() for e in exc.errors]}, status=status
        )

    @api.exception_handler(SchemaValidationError)
    def schema_error(request: HttpRequest, exc: SchemaValidationError) -> HttpResponse:
        return api.create_response(request, {"errors": schema_errors(exc.errors)}, status=400)

    @api.exception_handler(AuthenticationError)
    def unauthorized(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
        body = error_body(
            "Authorization",
            "a valid API token is required (Authorization: Bearer <token>)",
            "unauthorized",
        )
        response = api.create_response(request, body, status=401)
        response["WWW-Authenticate"] = "Bearer"
        return response

    @api.exception_handler(HttpError)
    def http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
        field = "body" if exc.status_code == 400 else None
        body = error_body(field, exc.message, "invalid" if exc.status_code == 400 else "http")
        return api.create_response(request, body, status=exc.status_code)

    @api.exception_handler(Http404)
    def not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
        body = error_body("url", f"nothing at {request.path}", "not_found")
        return api.create_response(request, body, status=404)

    @api.exception_handler(RequestDataTooBig)
    def too_big(request: HttpRequest, exc: RequestDataTooBig) -> HttpResponse:
        return api.create_response(request, too_big_body(), status=413)

    @api.exception_handler(Exception)
    def unexpected(request: HttpRequest, exc: Exception) -> HttpResponse:
        logger.error("unexpected error answering %s %s", request.method, request.path, exc_info=exc)
        return api.create_response(request, internal_error_body(), status=500)


def too_big_body() -> dict[str, Any]:
    from django.conf import settings

    limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
    return error_body("body", f"is larger than the limit of {limit} bytes", "too_large")


def internal_error_body() -> dict[str, Any]:
    return error_body(None, INTERNAL_REASON, "internal")
