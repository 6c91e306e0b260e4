"""The WooCommerce sandbox as a WSGI application: the REST API under `/wp-json/wc/v3`, the
WordPress index at `/wp-json/`, and the control API under `/__sandbox/`."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from . import control, rest
from .auth import ApiKey, Keys, authenticate
from .catalog import Catalog
from .clock import Clock
from .errors import RestError
from .sales import Sales
from .store import Site, Store
from .webhooks import Outbox, Transport, http_transport
from .wire import STATUS_TEXT, Request, Response, request_from

StartResponse = Callable[..., Any]
DEMO_KEY = "ck_sandbox0000000000000000000000000000000"
DEMO_SECRET = "cs_sandbox0000000000000000000000000000000"  # noqa: S105 (the sandbox's own demo key)
REFUSED = {
    "GET": ("woocommerce_rest_cannot_view", "Sorry, you cannot list resources."),
    "POST": ("woocommerce_rest_cannot_create", "Sorry, you are not allowed to create resources."),
    "PUT": ("woocommerce_rest_cannot_edit", "Sorry, you are not allowed to edit this resource."),
    "DELETE": (
        "woocommerce_rest_cannot_delete",
        "Sorry, you are not allowed to delete this resource.",
    ),
}


@dataclass
class Faults:
    error_rate: float = 0.0  # share of API requests answered 500
    latency_ms: int = 0
    http_429_burst: int = 0  # the next N API requests answer 429 (a host's rate limiter)
    seed: int = 11
    _random: Any = field(default=None, repr=False)

    def roll(self) -> float:
        import random

        if self._random is None:
            self._random = random.Random(self.seed)
        return float(self._random.random())


class WooSandbox:
    """One WooCommerce store with one REST API key. Call it as a WSGI app."""

    store: Store
    catalog: Catalog
    sales: Sales
    outbox: Outbox

    def __init__(
        self,
        *,
        clock: Clock | None = None,
        site: Site | None = None,
        consumer_key: str = DEMO_KEY,
        consumer_secret: str = DEMO_SECRET,
        permissions: str = "read_write",
        webhook_transport: Transport | None = None,
    ) -> None:
        self.clock = clock or Clock()
        self.store = Store(self.clock, site or Site())
        self.catalog = Catalog(self.store)
        self.outbox = Outbox(self.store, webhook_transport or http_transport)
        self.sales = Sales(self.catalog, self.outbox)
        self.keys = Keys([ApiKey(consumer_key, consumer_secret, permissions)])
        self.faults = Faults()
        self.request_log: list[dict[str, Any]] = []
        self.wall_time: Callable[[], float] = time.time
        self.lock = threading.RLock()

    @property
    def consumer_key(self) -> str:
        return self.keys.keys[0].consumer_key

    @property
    def consumer_secret(self) -> str:
        return self.keys.keys[0].consumer_secret

    # -- events a write causes ---------------------------------------------------------------
    def product_created(self, product: dict[str, Any]) -> dict[str, Any]:
        answer = self.catalog.present_product(product)
        self.outbox.event("product.created", answer)
        return answer

    def product_updated(self, product: dict[str, Any]) -> dict[str, Any]:
        answer = self.catalog.present_product(product)
        self.outbox.event("product.updated", answer)
        return answer

    def product_deleted(self, answer: dict[str, Any]) -> dict[str, Any]:
        self.outbox.event("product.deleted", {"id": answer["id"]})
        return answer

    def variation_written(self, variation: dict[str, Any]) -> dict[str, Any]:
        answer = self.catalog.present_variation(variation)
        self.outbox.event("product.updated", answer)
        return answer

    def system_status(self) -> dict[str, Any]:
        """The sections of `GET /system_status` the sandbox models: `environment` and
        `settings` (the store's URL, versions, currency)."""
        site = self.store.site
        return {
            "environment": {
                "home_url": site.home_url,
                "site_url": site.home_url,
                "version": site.wc_version,
                "wp_version": site.wp_version,
                "wp_multisite": False,
                "language": "en_US",
            },
            "settings": {
                "api_enabled": True,
                "force_ssl": False,
                "currency": site.currency,
                "currency_symbol": site.currency_symbol,
                "currency_position": "left",
                "thousand_separator": ",",
                "decimal_separator": ".",
                "number_of_decimals": 2,
                "geolocation_enabled": False,
                "woocommerce_com_connected": "no",
            },
        }

    def index(self) -> dict[str, Any]:
        site = self.store.site
        return {
            "name": site.name,
            "description": "",
            "url": site.home_url,
            "home": site.home_url,
            "gmt_offset": str(int(self.clock.site_offset.total_seconds() // 3600)),
            "timezone_string": site.timezone,
            "namespaces": ["oembed/1.0", "wc/v1", "wc/v2", "wc/v3", "wc/store/v1", "wp/v2"],
            "authentication": {},
        }

    # -- the clock's work --------------------------------------------------------------------
    def pump(self) -> int:
        """Send the queued webhook deliveries (outside the lock); answers how many went."""
        with self.lock:
            ready = self.outbox.take()
        outcomes = self.outbox.send(ready)
        with self.lock:
            self.outbox.settle(outcomes)
        return len(outcomes)

    def reset(self) -> None:
        with self.lock:
            self.store.reset()
            self.outbox.reset()
            self.catalog = Catalog(self.store)
            self.sales = Sales(self.catalog, self.outbox)
            self.keys.nonces.clear()
            self.faults = Faults()
            self.request_log.clear()

    # -- WSGI --------------------------------------------------------------------------------
    def __call__(self, environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        request = request_from(environ)
        try:
            response = self.handle(request)
        except RestError as exc:
            response = Response.json(exc.status, exc.body())
        except Exception as exc:  # WordPress answers a fatal error as JSON, never a traceback
            response = Response.json(
                500, {"code": "internal_server_error", "message": str(exc), "data": {"status": 500}}
            )
        start_response(
            f"{response.status} {STATUS_TEXT.get(response.status, 'OK')}",
            [*response.headers, ("Content-Length", str(len(response.body)))],
        )
        return [response.body]

    def handle(self, request: Request) -> Response:
        path = request.path
        if path.startswith("/__sandbox"):
            return control.handle(self, request, [p for p in path.split("/") if p][1:])
        if path.rstrip("/") == "/wp-json":
            return Response.json(200, self.index())
        if not path.startswith(rest.PREFIX):
            raise RestError(
                404, "rest_no_route", "No route was found matching the URL and request method."
            )
        if self.faults.latency_ms:
            time.sleep(self.faults.latency_ms / 1000)
        entry = {"method": request.method, "path": path, "status": 0}
        self.request_log.append(entry)
        try:
            response = self._api(request)
        except RestError as exc:
            response = Response.json(exc.status, exc.body())
        entry["status"] = response.status
        return response

    def _api(self, request: Request) -> Response:
        if self.faults.http_429_burst > 0:
            self.faults.http_429_burst -= 1
            return Response.json(
                429,
                {
                    "code": "too_many_requests",
                    "message": "Too many requests.",
                    "data": {"status": 429},
                },
                [("Retry-After", "1")],
            )
        if self.faults.error_rate and self.faults.roll() < self.faults.error_rate:
            raise RestError(
                500, "internal_server_error", "There has been a critical error on this website."
            )
        with self.lock:
            key = authenticate(
                self.keys,
                method=request.method,
                url=request.url,
                https=request.scheme == "https",
                query=request.pairs,
                headers=request.headers,
                now=self.wall_time(),
            )
            method = "PUT" if request.method == "PATCH" else request.method
            if key is None:
                code, message = REFUSED.get(method, REFUSED["GET"])
                if request.path.rstrip("/").endswith("/batch"):
                    code, message = (
                        "woocommerce_rest_cannot_batch",
                        "Sorry, you are not allowed to batch manipulate this resource.",
                    )
                raise RestError(401, code, message)
            if method == "GET" and key.permissions == "write":
                raise RestError(
                    401,
                    "woocommerce_rest_authentication_error",
                    "The API key provided does not have read permissions.",
                )
            if method != "GET" and key.permissions == "read":
                raise RestError(
                    401,
                    "woocommerce_rest_authentication_error",
                    "The API key provided does not have write permissions.",
                )
            return rest.handle(self, request)

    def call(self, method: str, path: str, body: Any = None) -> tuple[int, Any]:
        """An in-process API call as the store's key over HTTPS (tests, seeding)."""
        import base64
        import io

        raw = json.dumps(body).encode() if body is not None else b""
        path_only, _, query = path.partition("?")
        environ = {
            "REQUEST_METHOD": method,
            "PATH_INFO": rest.PREFIX + path_only,
            "QUERY_STRING": query,
            "wsgi.url_scheme": "https",
            "HTTP_HOST": "woo.sandbox.test",
            "HTTP_AUTHORIZATION": "Basic "
            + base64.b64encode(f"{self.consumer_key}:{self.consumer_secret}".encode()).decode(),
            "CONTENT_TYPE": "application/json",
            "CONTENT_LENGTH": str(len(raw)),
            "wsgi.input": io.BytesIO(raw),
        }
        status: list[int] = []
        chunks = self(environ, lambda s, h: status.append(int(s.split()[0])))
        text = b"".join(chunks)
        return status[0], json.loads(text) if text else None
