"""The REST transport: `{base_url}/wp-json/wc/v3/<path>` with the store's key (Basic over
HTTPS, OAuth 1.0a over HTTP), the store's shared throttle asked before each call, pages walked
by `X-WP-TotalPages`, and short retries of what may succeed later (429, 5xx, timeouts).
Everything else becomes a `channels.errors` error at once."""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

import httpx

from stockbridge.channels.errors import ChannelError, RateLimited, Unavailable
from stockbridge.channels.port import Endpoint, Throttle

from .errors import error_for_status, excerpt
from .signing import ApiKey, Signer

PREFIX = "/wp-json/wc/v3"
PAGE = 100  # WooCommerce's largest page
MAX_PAGES = 10_000


@dataclass
class CallStats:
    calls: int = 0
    throttled: int = 0
    retries: int = 0


class _NoThrottle:
    def wait(self, cost: float) -> None:
        return None

    def observe(self, *, available: float, maximum: float, restore_rate: float) -> None:
        return None


@dataclass
class WooClient:
    endpoint: Endpoint
    key: ApiKey
    throttle: Throttle = field(default_factory=_NoThrottle)
    transport: httpx.BaseTransport | None = None
    timeout: float = 30.0
    max_attempts: int = 6
    sleep: Callable[[float], None] = time.sleep
    stats: CallStats = field(default_factory=CallStats)
    sent: list[tuple[str, str, Any]] = field(default_factory=list)  # (method, path, body)
    _http: httpx.Client | None = None

    def __post_init__(self) -> None:
        self.signer = Signer(self.key)

    @property
    def root(self) -> str:
        return self.endpoint.base_url.rstrip("/")

    def http(self) -> httpx.Client:
        if self._http is None:
            self._http = httpx.Client(
                transport=self.transport,
                timeout=httpx.Timeout(self.timeout, connect=10.0),
                headers={"Accept": "application/json", "User-Agent": "Stockbridge"},
            )
        return self._http

    def close(self) -> None:
        if self._http is not None:
            self._http.close()
            self._http = None

    def get(self, path: str, params: Mapping[str, str] | None = None) -> httpx.Response:
        return self.call("GET", path, params=params)

    def post(self, path: str, body: Any) -> httpx.Response:
        return self.call("POST", path, body=body)

    def call(
        self,
        method: str,
        path: str,
        *,
        params: Mapping[str, str] | None = None,
        body: Any = None,
        api: bool = True,
    ) -> httpx.Response:
        """One request (retried while it may succeed later); the answer when it is 2xx."""
        url = self.root + (PREFIX + path if api else path)
        query: list[tuple[str, str]] = sorted((params or {}).items())
        content = json.dumps(body).encode() if body is not None else None
        if body is not None:
            self.sent.append((method, path, body))
        last: ChannelError | None = None
        for attempt in range(self.max_attempts):
            if attempt:
                self.stats.retries += 1
            self.throttle.wait(1.0)
            self.stats.calls += 1
            headers = self.signer.headers(method, url, query) if api else {}
            if content is not None:
                headers["Content-Type"] = "application/json"
            try:
                response = self.http().request(
                    method, url, params=tuple(query), content=content, headers=headers
                )
            except httpx.TimeoutException:
                last = Unavailable("WooCommerce did not answer in time; will retry")
                self.sleep(_backoff(attempt))
                continue
            except httpx.TransportError as exc:
                last = Unavailable(f"could not reach the store ({type(exc).__name__}); will retry")
                self.sleep(_backoff(attempt))
                continue
            failure = error_for_status(response)
            if failure is None:
                return response
            if isinstance(failure, RateLimited):
                self.stats.throttled += 1
                self.sleep(failure.retry_after)
                last = failure
                continue
            if failure.retryable:
                last = failure
                self.sleep(_backoff(attempt))
                continue
            raise failure
        assert last is not None
        raise last

    def json(self, response: httpx.Response, what: str) -> Any:
        try:
            return response.json()
        except ValueError:
            raise Unavailable(
                f"WooCommerce answered {what} with something that is not JSON",
                excerpt=excerpt(response.text),
            ) from None

    def pages(self, path: str, params: Mapping[str, str] | None = None) -> Iterator[dict[str, Any]]:
        """Every item of a collection, 100 a page, oldest first (`orderby=id`), so items
        created while we walk come last instead of shifting the pages."""
        query = {"per_page": str(PAGE), "orderby": "id", "order": "asc", **(params or {})}
        for page in range(1, MAX_PAGES + 1):
            response = self.get(path, {**query, "page": str(page)})
            items = self.json(response, path)
            if not isinstance(items, list):
                raise Unavailable(
                    f"WooCommerce answered {path} without a list", excerpt=excerpt(items)
                )
            yield from (i for i in items if isinstance(i, dict))
            try:
                total_pages = int(response.headers.get("X-WP-TotalPages", "0"))
            except ValueError:
                total_pages = 0
            if page >= total_pages or not items:
                return
        raise Unavailable(f"WooCommerce lists more than {PAGE * MAX_PAGES} items at {path}")


def _backoff(attempt: int) -> float:
    return float(min(0.25 * (2**attempt), 8.0))
