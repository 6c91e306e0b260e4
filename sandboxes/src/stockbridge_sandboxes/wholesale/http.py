"""Requests and answers of the portal's WSGI app, in the portal's shapes: JSON bodies (gzip
accepted), `{"code", "message"}` errors, and the headers Express sends."""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from stockbridge_sandboxes.wsgi import BadBody, Request

__all__ = ["BadBody", "PortalError", "Request", "Response"]

ERROR_500 = "Oops, there was a problem!"


class PortalError(Exception):
    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


@dataclass
class Response:
    status: int
    body: bytes
    headers: list[tuple[str, str]] = field(default_factory=list)

    @classmethod
    def json(cls, status: int, payload: Any) -> Response:
        return cls(
            status,
            json.dumps(payload).encode(),
            [("Content-Type", "application/json; charset=utf-8")],
        )

    @classmethod
    def error(cls, status: int, message: str) -> Response:
        if status >= 500:
            return cls(status, ERROR_500.encode(), [("Content-Type", "text/plain")])
        return cls.json(status, {"code": status, "message": message})

    def wsgi(self, start_response: Any, request_token: str) -> Iterable[bytes]:
        reasons = {200: "OK", 201: "Created", 400: "Bad Request", 401: "Unauthorized",
                   403: "Forbidden", 404: "Not Found", 409: "Conflict",
                   429: "Too Many Requests", 500: "Internal Server Error"}  # fmt: skip
        headers = [
            *self.headers,
            ("X-Powered-By", "Express"),
            ("Request-Token", request_token),
            ("Cache-Control", "private,max-age=0, must-revalidate"),
            ("Content-Length", str(len(self.body))),
        ]
        start_response(f"{self.status} {reasons.get(self.status, 'Error')}", headers)
        return [self.body]
