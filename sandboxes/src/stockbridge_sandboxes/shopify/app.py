"""The sandbox as a WSGI application: Admin GraphQL, OAuth, bulk results, the control API."""

from __future__ import annotations

import copy
import json
import threading
import time
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qsl

from stockbridge_sandboxes.shopify import access_scopes
from stockbridge_sandboxes.shopify.bulk_lifecycle import advance_operations
from stockbridge_sandboxes.shopify.clock import Clock
from stockbridge_sandboxes.shopify.endpoint import RATE_LIMIT_DOCS, execute_request
from stockbridge_sandboxes.shopify.faults import ApiFaults
from stockbridge_sandboxes.shopify.oauth import (
    DEMO_CLIENT_ID,
    DEMO_CLIENT_SECRET,
    AppCredentials,
    Grant,
)
from stockbridge_sandboxes.shopify.resolvers.registry import Context
from stockbridge_sandboxes.shopify.store import Store
from stockbridge_sandboxes.shopify.throttle import Throttle
from stockbridge_sandboxes.shopify.versions import UnservedVersion, resolve
from stockbridge_sandboxes.shopify.webhook_bodies import inventory_level_body
from stockbridge_sandboxes.shopify.webhooks import Transport, WebhookDispatcher

StartResponse = Callable[..., Any]
ADMIN_BUCKET = "__shopify_admin__"  # the bucket key of writes made from Shopify's admin
UNAUTHORIZED = {
    "errors": "[API] Invalid API key or access token (unrecognized login or wrong password)"
}


@dataclass
class Request:
    method: str
    path: str
    query: dict[str, str]
    headers: dict[str, str]
    body: bytes
    base_url: str

    def json(self) -> Any:
        if not self.body:
            return {}
        return json.loads(self.body)

    def form(self) -> dict[str, str]:
        if self.headers.get("content-type", "").startswith("application/json"):
            return {k: str(v) for k, v in self.json().items()}
        return dict(parse_qsl(self.body.decode()))


@dataclass
class Response:
    status: int
    body: bytes
    headers: list[tuple[str, str]]

    @classmethod
    def json(
        cls, status: int, payload: Any, headers: list[tuple[str, str]] | None = None
    ) -> Response:
        body = json.dumps(payload).encode()
        return cls(status, body, [("Content-Type", "application/json"), *(headers or [])])


STATUS_TEXT = {
    200: "OK",
    201: "Created",
    204: "No Content",
    302: "Found",
    400: "Bad Request",
    401: "Unauthorized",
    404: "Not Found",
    405: "Method Not Allowed",
    429: "Too Many Requests",
    503: "Service Unavailable",
}


class SandboxApp:
    """One sandbox shop with one installed app. Call it as a WSGI app."""

    def __init__(
        self,
        *,
        clock: Clock | None = None,
        plan: str = "standard",
        shop_domain: str | None = None,
        token: str | None = None,
        client_id: str = DEMO_CLIENT_ID,
        client_secret: str = DEMO_CLIENT_SECRET,
        webhook_transport: Transport | None = None,
    ) -> None:
        self.clock = clock or Clock()
        self.store = Store(self.clock, shop_domain)
        self.throttle = Throttle(self.clock, plan)
        self.credentials = AppCredentials(client_id=client_id, client_secret=client_secret)
        self.token = self.credentials.issue_token(token=token or "shpat_sandbox_token")
        self.webhooks = WebhookDispatcher(
            self.store, self.clock, lambda: self.credentials.client_secret, webhook_transport
        )
        self.faults = ApiFaults()
        # Real time, for what the app checks against its own clock (callback timestamps,
        # session tokens); `clock` is Shopify's time (lifetimes, jobs), which tests advance.
        self.wall_time: Callable[[], float] = time.time
        self.request_log: list[dict[str, Any]] = []
        # The app as installed: `reset` returns to it (tokens issued later are forgotten).
        self.installed = copy.deepcopy(self.credentials)
        # One writer at a time: requests, control actions and the delivery loop's clock work.
        self.lock = threading.RLock()

    # -- the sandbox clock -------------------------------------------------------------------
    def publish(self, ctx: Context) -> None:
        """Queue the webhooks a request (or the clock) caused: its events, then one
        `inventory_levels/update` per level whose `available` changed."""
        for topic, event in ctx.events:
            self.webhooks.publish(topic, event, ctx.version)
        ctx.events.clear()
        changed, self.store.level_changes = self.store.level_changes, {}
        for gid in changed:
            level = self.store.get(gid)
            if level is not None:
                self.webhooks.publish(
                    "inventory_levels/update", inventory_level_body(self.store, level), ctx.version
                )

    def tick(self) -> int:
        """What the sandbox does on its own when its clock moves: bulk operations reach the
        state their times say (sending `bulk_operations/finish`), then due webhooks go out.
        Returns the delivery attempts made. Deliveries are made outside the lock, so a
        receiver may call the sandbox back while it is being notified."""
        with self.lock:
            ctx = self.context(self.credentials.webhook_api_version or "2026-07")
            advance_operations(ctx)
            self.publish(ctx)
        return self.webhooks.pump()

    def reset(self) -> None:
        """Everything back to a fresh install: store, logs, buckets, faults, tokens, webhooks."""
        with self.lock:
            self.store.reset()
            self.request_log.clear()
            self.throttle.buckets.clear()
            self.faults = ApiFaults()
            self.credentials = copy.deepcopy(self.installed)
            self.webhooks.reset()

    @property
    def shop_domain(self) -> str:
        return self.store.shop_domain

    # -- GraphQL ---------------------------------------------------------------------------
    def context(self, version: str, base_url: str = "http://127.0.0.1:8765") -> Context:
        return Context(
            store=self.store,
            version=resolve(version),
            app=self.credentials.client_id,
            base_url=base_url,
            api_client_id=self.credentials.api_client_id,
            webhook_api_version=self.credentials.webhook_api_version,
            plan=self.throttle.plan,
        )

    def graphql(
        self,
        version: str,
        payload: dict[str, Any],
        token: str | None,
        base_url: str = "http://127.0.0.1:8765",
    ) -> Response:
        grant = self.credentials.grant(token, self.clock.now())
        if grant is None:
            return Response.json(401, UNAUTHORIZED)
        try:
            served = resolve(version)
        except UnservedVersion as exc:
            return Response.json(404, exc.body())
        headers = [("X-Shopify-API-Version", served)]
        refused = self._injected_fault(headers)
        if refused is not None:
            return refused
        with self.lock:
            return self._run(
                version, payload, base_url, (self.credentials.client_id, self.shop_domain), grant
            )

    def _injected_fault(self, headers: list[tuple[str, str]]) -> Response | None:
        """The API faults the control API set up (latency, 429s, 503s), for app requests."""
        if self.faults.latency_ms:
            time.sleep(self.faults.latency_ms / 1000)
        if self.faults.http_429_burst > 0:
            self.faults.http_429_burst -= 1
            return Response.json(
                429,
                {
                    "errors": "Exceeded 2 calls per second for api client. "
                    "Reduce request rates to resume uninterrupted "
                    "service."
                },
                [*headers, ("Retry-After", "1.0")],
            )
        if self.faults.error_rate and self.faults.random.random() < self.faults.error_rate:
            return Response.json(
                503,
                {
                    "errors": [
                        {
                            "message": "Internal error. Looks like "
                            "something went wrong on our end.",
                            "extensions": {"code": "INTERNAL_SERVER_ERROR"},
                        }
                    ]
                },
                headers,
            )
        return None

    def _run(
        self,
        version: str,
        payload: dict[str, Any],
        base_url: str,
        key: tuple[str, str],
        grant: Grant | None = None,
    ) -> Response:
        """Execute one GraphQL request; `grant` is the calling token's (None: an admin action
        of the control API, whose scopes are not checked)."""
        served = resolve(version)
        headers = [("X-Shopify-API-Version", served)]
        admin = key[0] == ADMIN_BUCKET
        if self.faults.throttle_burst > 0 and not admin:
            self.faults.throttle_burst -= 1
            self.throttle.drain(key)
        ctx = self.context(served, base_url)
        ctx.requested_version = version
        self.store.level_changes.clear()  # changes made outside any request are no event
        if grant is not None:
            ctx.granted = access_scopes.implied(grant.effective)
            ctx.scopes = grant.scopes
        advance_operations(ctx)
        self.publish(ctx)
        query = payload.get("query")
        if not isinstance(query, str):
            return Response.json(
                400, {"errors": {"query": "Required parameter missing or invalid"}}, headers
            )
        outcome = execute_request(
            ctx, self.throttle, key, query, payload.get("variables"), payload.get("operationName")
        )
        self.publish(ctx)
        if admin:
            self.throttle.buckets.pop(key, None)  # Shopify's own admin has no app budget
            return Response.json(200, outcome.body, headers)
        self.request_log.append(
            {
                "at": self.clock.iso(),
                "version": served,
                "operation": outcome.operation,
                "requestedQueryCost": outcome.requested,
                "actualQueryCost": outcome.actual,
                "throttled": outcome.status == 200
                and any(
                    (e.get("extensions") or {}).get("code") == "THROTTLED"
                    for e in outcome.body.get("errors") or []
                ),
            }
        )
        if self.faults.lose_answer(outcome.operation):
            # it ran (writes made, webhooks queued); the client only never hears so
            return Response.json(503, {"errors": "Service Unavailable"}, headers)
        return Response.json(outcome.status, outcome.body, headers)

    def execute(
        self, query: str, variables: dict[str, Any] | None = None, version: str = "2026-07"
    ) -> dict[str, Any]:
        """In-process GraphQL call with the app's token (tests, control API, parity runner)."""
        response = self.graphql(version, {"query": query, "variables": variables or {}}, self.token)
        return dict(json.loads(response.body))

    def admin_execute(
        self, query: str, variables: dict[str, Any] | None = None, version: str = "2026-07"
    ) -> dict[str, Any]:
        """A write made from Shopify's own admin (control API): the same resolvers and
        webhooks, but not the app's request: no rate budget, no injected faults, no log."""
        payload = {"query": query, "variables": variables or {}}
        with self.lock:
            response = self._run(version, payload, "http://127.0.0.1:8765", (ADMIN_BUCKET, ""))
        return dict(json.loads(response.body))

    # -- WSGI ------------------------------------------------------------------------------
    def __call__(self, environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        request = _request(environ)
        try:
            response = self.handle(request)
        except Exception as exc:  # answer as Shopify does, never a traceback
            response = Response.json(
                500,
                {
                    "errors": [
                        {
                            "message": f"Internal error: {exc}",
                            "extensions": {"code": "INTERNAL_SERVER_ERROR"},
                        }
                    ]
                },
            )
        status = f"{response.status} {STATUS_TEXT.get(response.status, 'OK')}"
        headers = [
            *response.headers,
            ("X-Request-Id", str(uuid.uuid4())),
            ("Content-Length", str(len(response.body))),
        ]
        start_response(status, headers)
        return [response.body]

    def handle(self, request: Request) -> Response:
        from stockbridge_sandboxes.shopify import control, oauth_views

        parts = [p for p in request.path.split("/") if p]
        if len(parts) == 4 and parts[:2] == ["admin", "api"] and parts[3] == "graphql.json":
            if request.method != "POST":
                return Response.json(405, {"errors": "Method not allowed"})
            try:
                payload = request.json()
            except ValueError:
                return Response.json(400, {"errors": "Invalid JSON in request body"})
            token = request.headers.get("x-shopify-access-token")
            return self.graphql(parts[2], payload, token, request.base_url)
        if parts[:2] == ["admin", "oauth"]:
            return oauth_views.handle(self, request, parts[2:])
        if parts[:1] == ["__sandbox"]:
            return control.handle(self, request, parts[1:])
        return Response.json(404, {"errors": "Not Found"})


def _request(environ: dict[str, Any]) -> Request:
    length = int(environ.get("CONTENT_LENGTH") or 0)
    body = environ["wsgi.input"].read(length) if length else b""
    headers = {
        k[5:].replace("_", "-").lower(): str(v) for k, v in environ.items() if k.startswith("HTTP_")
    }
    if environ.get("CONTENT_TYPE"):
        headers["content-type"] = environ["CONTENT_TYPE"]
    host = environ.get("HTTP_HOST") or f"{environ.get('SERVER_NAME')}:{environ.get('SERVER_PORT')}"
    return Request(
        method=environ.get("REQUEST_METHOD", "GET").upper(),
        path=environ.get("PATH_INFO", "/"),
        query=dict(parse_qsl(environ.get("QUERY_STRING", ""), keep_blank_values=True)),
        headers=headers,
        body=body,
        base_url=f"{environ.get('wsgi.url_scheme', 'http')}://{host}",
    )


def make_app(**options: Any) -> SandboxApp:
    return SandboxApp(**options)


__all__ = ["RATE_LIMIT_DOCS", "Request", "Response", "SandboxApp", "make_app"]
