"""The portal's REST transport: `{base_url}/api/<path>`, every call signed with OAuth 1.0 (the
consumer pair and the permanent token pair, in the channel's signature style), JSON bodies
(never signed), the store's shared throttle and the retry loop of `channels.rest_calls`."""

from __future__ import annotations

import json
import secrets
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

import httpx

from stockbridge.channels.errors import Unavailable
from stockbridge.channels.port import Endpoint, Throttle
from stockbridge.channels.rest_calls import CallStats, NoThrottle, call_with_retries, json_http

from .errors import LABEL, error_for_status, excerpt
from .signing import Keys, authorization
from .wire import dumps


@dataclass
class PortalClient:
    endpoint: Endpoint
    keys: Keys
    style: str = "portal"
    throttle: Throttle = field(default_factory=NoThrottle)
    transport: httpx.BaseTransport | None = None
    timeout: float = 30.0
    sleep: Callable[[float], None] = time.sleep
    clock: Callable[[], float] = time.time
    stats: CallStats = field(default_factory=CallStats)
    _http: httpx.Client | None = None

    @property
    def root(self) -> str:
        return self.endpoint.base_url.rstrip("/")

    def http(self) -> httpx.Client:
        if self._http is None:
            self._http = json_http(self.transport, self.timeout)
        return self._http

    def close(self) -> None:
        if self._http is not None:
            self._http.close()
            self._http = None

    def call(
        self,
        method: str,
        path: str,
        *,
        body: Any = None,
        keys: Keys | None = None,
        extra: tuple[tuple[str, str], ...] = (),
    ) -> Any:
        """One call (retried while it may succeed later, each attempt signed afresh: a nonce
        is accepted once); the decoded JSON answer."""
        url = self.root + path
        content = dumps(body) if body is not None else None

        def send() -> httpx.Response:
            headers = {
                "Authorization": authorization(
                    style=self.style,
                    method=method,
                    url=url,
                    query=(),
                    keys=keys or self.keys,
                    nonce=secrets.token_hex(8),
                    timestamp=int(self.clock()),
                    extra=extra,
                )
            }
            if content is not None:
                headers["Content-Type"] = "application/json"
            return self.http().request(method, url, content=content, headers=headers)

        response = call_with_retries(
            send,
            error_for=error_for_status,
            label=LABEL,
            throttle=self.throttle,
            stats=self.stats,
            sleep=self.sleep,
        )
        try:
            return json.loads(response.content, parse_float=Decimal)  # money stays exact
        except ValueError:
            raise Unavailable(
                f"the portal answered {method} {path} with something that is not JSON",
                excerpt=excerpt(response.text),
            ) from None
