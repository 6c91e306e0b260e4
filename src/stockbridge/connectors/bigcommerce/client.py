"""The REST transport: `{base_url}/stores/{store_hash}/v3|v2/<path>` with `X-Auth-Token`, the
store's shared throttle asked before each call and told what the `X-Rate-Limit-*` headers say,
v3 pages walked by `meta.pagination`, and short retries of what may succeed later (429 after
the window's reset time, 5xx, timeouts). Everything else is a `channels.errors` error at once."""

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

PAGE = 250  # BigCommerce's largest page
MAX_PAGES = 100_000


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

    def block(self, seconds: float) -> None:
        return None


@dataclass
class BigCommerceClient:
    endpoint: Endpoint
    store_hash: str
    token: str
    throttle: Throttle = field(default_factory=_NoThrottle)
    transport: httpx.BaseTransport | None = None
    timeout: float = 30.0
    max_attempts: int = 6
    sleep: Callable[[float], None] = time.sleep
    stats: CallStats = field(default_factory=CallStats)
    sent: list[tuple[str, str, Any]] = field(default_factory=list)  # (method, path, body)
    _http: httpx.Client | None = None

    def http(self) -> httpx.Client:
        if self._http is None:
            self._http = httpx.Client(
                transport=self.transport,
                timeout=httpx.Timeout(self.timeout, connect=10.0),
                headers={
                    "Accept": "application/json",
                    "User-Agent": "Stockbridge",
                    "X-Auth-Token": self.token,
                },
            )
        return self._http

    def url(self, version: str, path: str) -> str:
        return f"{self.endpoint.base_url.rstrip('/')}/stores/{self.store_hash}/{version}{path}"

    def call(
        self,
        method: str,
        path: str,
        *,
        version: str = "v3",
        params: Mapping[str, str] | None = None,
        body: Any = None,
        once: bool = False,
    ) -> httpx.Response:
        """One request (retried while it may succeed later); the answer when it is 2xx. With
        `once` (a create BigCommerce takes no idempotency key for) only a refusal for rate is
        retried: a lost answer or a 5xx is `Unavailable` at once, for the caller to read what
        was made before it sends again."""
        content = json.dumps(body).encode() if body is not None else None
        if body is not None:
            self.sent.append((method, path, body))
        last: ChannelError | None = None
        for attempt in range(self.max_attempts):
            if attempt:
                self.stats.retries += 1
            self.throttle.wait(1.0)
            self.stats.calls += 1
            headers = {"Content-Type": "application/json"} if content is not None else {}
            try:
                response = self.http().request(
                    method,
                    self.url(version, path),
                    params=dict(params or {}),
                    content=content,
                    headers=headers,
                )
            except httpx.TimeoutException:
                last = Unavailable("BigCommerce did not answer in time; will retry")
                if once:
                    raise last from None
                self.sleep(min(2.0**attempt * 0.2, 5.0))
                continue
            except httpx.TransportError as exc:
                last = Unavailable(f"could not reach the store ({type(exc).__name__}); will retry")
                if once:
                    raise last from exc
                self.sleep(min(2.0**attempt * 0.2, 5.0))
                continue
            self._observe(response)
            failure = error_for_status(response)
            if failure is None:
                return response
            if isinstance(failure, RateLimited):
                self.stats.throttled += 1
                self.throttle.block(failure.retry_after)  # every worker of this store waits
                self.sleep(failure.retry_after)
                last = failure
                continue
            if failure.retryable and not once:
                last = failure
                self.sleep(min(2.0**attempt * 0.2, 5.0))
                continue
            raise failure
        assert last is not None
        raise last

    def _observe(self, response: httpx.Response) -> None:
        headers = response.headers
        try:
            left = float(headers["X-Rate-Limit-Requests-Left"])
            quota = float(headers["X-Rate-Limit-Requests-Quota"])
            window_s = float(headers["X-Rate-Limit-Time-Window-Ms"]) / 1000
        except (KeyError, ValueError):
            return
        self.throttle.observe(available=left, maximum=quota, restore_rate=quota / window_s)

    def json(self, response: httpx.Response, what: str) -> Any:
        if response.status_code == 204:
            return []
        try:
            return response.json()
        except ValueError:
            raise Unavailable(
                f"BigCommerce answered {what} with something that is not JSON",
                excerpt=excerpt(response.text),
            ) from None

    def pages(self, path: str, params: Mapping[str, str] | None = None) -> Iterator[Any]:
        """Every item of a v3 list, page after page."""
        for chunk in self.chunks(path, params):
            yield from chunk

    def chunks(self, path: str, params: Mapping[str, str] | None = None) -> Iterator[list[Any]]:
        """A v3 list one page (up to 250 items) at a time."""
        page = 1
        while page <= MAX_PAGES:
            query = {**(params or {}), "page": str(page), "limit": str(PAGE)}
            answer = self.json(self.call("GET", path, params=query), path)
            yield list(answer.get("data", []))
            pagination = answer.get("meta", {}).get("pagination", {})
            if page >= int(pagination.get("total_pages", 1)):
                return
            page += 1
