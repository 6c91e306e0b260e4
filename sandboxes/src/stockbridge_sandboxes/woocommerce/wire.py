"""Requests and responses as the WSGI app sees them."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qsl


@dataclass
class Request:
    method: str
    path: str
    query: dict[str, str]
    pairs: list[tuple[str, str]]  # the query string as sent (OAuth signs every pair)
    headers: dict[str, str]
    body: bytes
    scheme: str
    host: str

    @property
    def url(self) -> str:
        """The request URL without its query string (the OAuth base string URI)."""
        return f"{self.scheme}://{self.host}{self.path}"

    def json(self) -> Any:
        if not self.body:
            return {}
        return json.loads(self.body)


@dataclass
class Response:
    status: int
    body: bytes
    headers: list[tuple[str, str]] = field(default_factory=list)

    @classmethod
    def json(
        cls, status: int, payload: Any, headers: list[tuple[str, str]] | None = None
    ) -> Response:
        return cls(
            status,
            json.dumps(payload).encode(),
            [("Content-Type", "application/json; charset=UTF-8"), *(headers or [])],
        )


def request_from(environ: dict[str, Any]) -> Request:
    length = int(environ.get("CONTENT_LENGTH") or 0)
    body = environ["wsgi.input"].read(length) if length else b""
    headers = {
        k[5:].replace("_", "-").lower(): str(v) for k, v in environ.items() if k.startswith("HTTP_")
    }
    if environ.get("CONTENT_TYPE"):
        headers["content-type"] = environ["CONTENT_TYPE"]
    host = environ.get("HTTP_HOST") or f"{environ.get('SERVER_NAME')}:{environ.get('SERVER_PORT')}"
    pairs = parse_qsl(environ.get("QUERY_STRING", ""), keep_blank_values=True)
    return Request(
        method=environ.get("REQUEST_METHOD", "GET").upper(),
        path=environ.get("PATH_INFO", "/"),
        query=dict(pairs),
        pairs=pairs,
        headers=headers,
        body=body,
        scheme=environ.get("wsgi.url_scheme", "http"),
        host=host,
    )


STATUS_TEXT = {
    200: "OK",
    201: "Created",
    400: "Bad Request",
    401: "Unauthorized",
    404: "Not Found",
    413: "Payload Too Large",
    429: "Too Many Requests",
    500: "Internal Server Error",
    501: "Not Implemented",
    503: "Service Unavailable",
}
