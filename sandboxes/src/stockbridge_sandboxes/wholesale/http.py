"""Requests and answers of the portal's WSGI app, in the portal's shapes: JSON bodies (gzip
accepted), `{"code", "message"}` errors, and the headers Express sends."""

from __future__ import annotations

import gzip
import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qsl

ERROR_500 = "Oops, there was a problem!"


class PortalError(Exception):
    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


@dataclass
class Request:
    method: str
    path: str
    query: list[tuple[str, str]]
    headers: dict[str, str]
    body: bytes
    url: str  # scheme://host/path

    def json(self) -> Any:
        if not self.body:
            return {}
        raw = self.body
        if self.headers.get("content-encoding", "").lower() == "gzip":
            raw = gzip.decompress(raw)
        try:
            return json.loads(raw)
        except ValueError:
            raise PortalError(400, "request body is not valid JSON") from None

    @classmethod
    def from_environ(cls, environ: dict[str, Any]) -> Request:
        length = int(environ.get("CONTENT_LENGTH") or 0)
        body = environ["wsgi.input"].read(length) if length else b""
        headers = {
            key[5:].replace("_", "-").lower(): value
            for key, value in environ.items()
            if key.startswith("HTTP_")
        }
        if environ.get("CONTENT_TYPE"):
            headers["content-type"] = environ["CONTENT_TYPE"]
        host = environ.get("HTTP_HOST") or f"{environ['SERVER_NAME']}:{environ['SERVER_PORT']}"
        scheme = environ.get("wsgi.url_scheme", "http")
        path = environ.get("PATH_INFO", "/")
        return cls(
            method=environ["REQUEST_METHOD"].upper(),
            path=path,
            query=parse_qsl(environ.get("QUERY_STRING", ""), keep_blank_values=True),
            headers=headers,
            body=body,
            url=f"{scheme}://{_host(scheme, host)}{path}",
        )


def _host(scheme: str, host: str) -> str:
    """The host as signed: lower case, without the scheme's default port."""
    host = host.lower()
    default = ":80" if scheme == "http" else ":443"
    return host[: -len(default)] if host.endswith(default) else host


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
