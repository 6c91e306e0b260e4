"""What every sandbox reads of a WSGI request: method, path, query, headers (lower-case), the
raw body (gzip accepted) and the URL as a client signs it."""

from __future__ import annotations

import gzip
import json
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qsl


class BadBody(ValueError):
    """The body is not the JSON the request says it is."""


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
            raise BadBody("request body is not valid JSON") from None

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
