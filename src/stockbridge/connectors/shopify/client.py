"""The GraphQL transport: one POST per document to `{base_url}/admin/api/2026-07/graphql.json`
with the store's token, the store's shared throttle asked before each call and told what
Shopify reported after, and short retries of what may succeed later (THROTTLED, 429, 5xx,
timeouts). Everything else becomes a `channels.errors` error at once."""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

import httpx

from stockbridge.channels.errors import ChannelError, RateLimited, Unavailable
from stockbridge.channels.port import Endpoint, Throttle

from . import documents
from .errors import error_for_graphql, error_for_status, excerpt

API_VERSION = "2026-07"
DEFAULT_COST = 10.0


@dataclass
class CallStats:
    """What the client did: calls sent, THROTTLED/429 answers met, retries."""

    calls: int = 0
    throttled: int = 0
    retries: int = 0


class _NoThrottle:
    def wait(self, cost: float) -> None:
        return None

    def observe(self, *, available: float, maximum: float, restore_rate: float) -> None:
        return None


@dataclass
class ShopifyClient:
    endpoint: Endpoint
    token: str
    throttle: Throttle = field(default_factory=_NoThrottle)
    transport: httpx.BaseTransport | None = None
    timeout: float = 30.0
    max_attempts: int = 6
    sleep: Callable[[float], None] = time.sleep
    stats: CallStats = field(default_factory=CallStats)
    _costs: dict[str, float] = field(default_factory=dict)
    _http: httpx.Client | None = None

    @property
    def url(self) -> str:
        return f"{self.endpoint.base_url.rstrip('/')}/admin/api/{API_VERSION}/graphql.json"

    def http(self) -> httpx.Client:
        if self._http is None:
            self._http = httpx.Client(
                transport=self.transport,
                timeout=httpx.Timeout(self.timeout, connect=10.0),
                headers={
                    "X-Shopify-Access-Token": self.token,
                    "Content-Type": "application/json",
                    "Accept": "application/json",
                    "User-Agent": "Stockbridge",
                },
            )
        return self._http

    def close(self) -> None:
        if self._http is not None:
            self._http.close()
            self._http = None

    def execute(
        self, name: str, variables: Mapping[str, Any] | None = None, *, once: bool = False
    ) -> dict[str, Any]:
        """Send the document `name` (a file in `documents/`) and answer its `data`. Retries
        what may succeed later, up to `max_attempts`; raises a `ChannelError` otherwise.
        `once`: a mutation Shopify may have made although its answer was lost (a timeout, a
        5xx, an unreadable answer) is not sent again here but raised `Unavailable`, so the
        caller reads before it retries (a throttled call, never run, is still retried)."""
        return self.send(documents.load(name), variables, cost_key=name, once=once)

    def send(
        self,
        query: str,
        variables: Mapping[str, Any] | None = None,
        *,
        cost_key: str = "",
        once: bool = False,
    ) -> dict[str, Any]:
        body = json.dumps({"query": query, "variables": dict(variables or {})})
        last: ChannelError | None = None
        for attempt in range(self.max_attempts):
            if attempt:
                self.stats.retries += 1
            self.throttle.wait(self._costs.get(cost_key, DEFAULT_COST))
            self.stats.calls += 1
            try:
                response = self.http().post(self.url, content=body)
            except httpx.TimeoutException:
                last = Unavailable("Shopify did not answer in time; will retry")
                if once:
                    raise last from None
                self.sleep(_backoff(attempt))
                continue
            except httpx.TransportError as exc:
                last = Unavailable(f"could not reach Shopify ({type(exc).__name__}); will retry")
                if once:
                    raise last from None
                self.sleep(_backoff(attempt))
                continue
            failure = error_for_status(response)
            if failure is not None:
                if isinstance(failure, RateLimited):
                    self.stats.throttled += 1
                    self.sleep(failure.retry_after)
                    last = failure
                    continue
                if failure.retryable and not once:
                    last = failure
                    self.sleep(_backoff(attempt))
                    continue
                raise failure
            try:
                answer = response.json()
            except ValueError:
                last = Unavailable(
                    "Shopify answered something that is not JSON; will retry",
                    excerpt=excerpt(response.text),
                )
                if once:
                    raise last from None
                self.sleep(_backoff(attempt))
                continue
            wait = self._observe(answer, cost_key)
            errors = answer.get("errors")
            if errors:
                error = error_for_graphql(
                    errors if isinstance(errors, list) else [{"message": str(errors)}],
                    throttle_wait=wait,
                )
                if isinstance(error, RateLimited):
                    self.stats.throttled += 1
                    self.sleep(error.retry_after)
                    last = error
                    continue
                if error.retryable and not once:
                    last = error
                    self.sleep(_backoff(attempt))
                    continue
                raise error
            data = answer.get("data")
            if not isinstance(data, dict):
                raise Unavailable("Shopify answered without data", excerpt=excerpt(answer))
            return data
        assert last is not None
        raise last

    def _observe(self, answer: dict[str, Any], cost_key: str) -> float:
        """Tell the throttle what Shopify reported; answer how long a THROTTLED call should
        wait before it is sent again."""
        cost = ((answer.get("extensions") or {}).get("cost")) or {}
        status = cost.get("throttleStatus") or {}
        requested = float(cost.get("requestedQueryCost") or DEFAULT_COST)
        if cost_key:
            self._costs[cost_key] = requested
        try:
            available = float(status["currentlyAvailable"])
            maximum = float(status["maximumAvailable"])
            rate = float(status["restoreRate"])
        except (KeyError, TypeError, ValueError):
            return 1.0
        self.throttle.observe(available=available, maximum=maximum, restore_rate=rate)
        if rate <= 0:
            return 1.0
        return max((requested - available) / rate, 0.05)


def _backoff(attempt: int) -> float:
    return float(min(0.25 * (2**attempt), 8.0))
