"""The portal as a WSGI app: `/api/...` as the brand's integration sees it (OAuth 1.0 on every
call), `/__sandbox/...` as the portal's own users and admin act (control API, unsigned)."""

from __future__ import annotations

import re
import secrets
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from . import companies, control, inventory, oauth1, orders, products
from .http import BadBody, PortalError, Request, Response
from .store import Clock, Portal

CONSUMER_KEY = "portal-consumer-key"
CONSUMER_SECRET = "portal-consumer-secret"  # noqa: S105 - the sandbox's demo consumer
Route = tuple[str, re.Pattern[str], Callable[..., Response]]


@dataclass
class Faults:
    """Injected answers for the next requests to `/api/`: a status (429, 500, ...) for a share
    of calls, or `drop_after_commit` (the change is made, the answer is lost)."""

    status: int = 0
    rate: float = 0.0
    drop_after_commit: int = 0
    seed: int = 11
    _random: Any = field(default=None, repr=False)

    def pick(self) -> int:
        import random

        if self._random is None:
            self._random = random.Random(self.seed)
        if self.status and self._random.random() < self.rate:
            return self.status
        return 0


@dataclass
class Grant:
    token: str
    secret: str
    application_name: str
    verifier: str = ""
    permanent: bool = False


class PortalApp:
    """One brand portal: a consumer, the grants made through the OAuth handshake, the state."""

    def __init__(
        self,
        *,
        consumer_key: str = CONSUMER_KEY,
        consumer_secret: str = CONSUMER_SECRET,
        clock: Clock | None = None,
    ) -> None:
        self.consumer_key = consumer_key
        self.consumer_secret = consumer_secret
        self.portal = Portal(clock=clock or Clock())
        self.grants: dict[str, Grant] = {}
        self.nonces: set[tuple[str, str, str]] = set()
        self.faults = Faults()
        self.log: list[dict[str, Any]] = []
        self.lock = threading.RLock()
        self.routes = _routes(self)

    # -- grants --------------------------------------------------------------------------
    def issue_token(self, application_name: str = "stockbridge") -> Grant:
        """A permanent token pair, as if the handshake had been completed (tests, demos)."""
        grant = Grant(
            token=secrets.token_hex(12),
            secret=secrets.token_hex(16),
            application_name=application_name,
            permanent=True,
        )
        self.grants[grant.token] = grant
        return grant

    def approve(self, temporary_token: str) -> str:
        """The brand admin approves a pending application: the verification code."""
        grant = self.grants.get(temporary_token)
        if grant is None or grant.permanent:
            raise PortalError(404, "no pending application with that token")
        grant.verifier = grant.verifier or secrets.token_hex(4)
        return grant.verifier

    # -- WSGI ----------------------------------------------------------------------------
    def __call__(self, environ: dict[str, Any], start_response: Any) -> Iterable[bytes]:
        request = Request.from_environ(environ)
        with self.lock:
            response = self.handle(request)
        return response.wsgi(start_response, str(int(self.portal.clock.time() * 1000)))

    def handle(self, request: Request) -> Response:
        if request.path.startswith("/__sandbox/"):
            try:
                return control.handle(self, request, request.path[len("/__sandbox/") :])
            except PortalError as exc:
                return Response.error(exc.status, exc.message)
        entry: dict[str, Any] = {"method": request.method, "path": request.path, "style": None}
        self.log.append(entry)
        try:
            fault = self.faults.pick()
            if fault:
                return Response.error(fault, "injected fault")
            signed = self._authenticate(request)
            entry["style"] = signed.style
            entry["body"] = request.json() if request.method in ("PUT", "POST") else None
            response = self._route(request, signed)
        except oauth1.OAuthRefused as exc:
            return Response.error(401, str(exc))
        except PortalError as exc:
            return Response.error(exc.status, exc.message)
        except BadBody as exc:
            return Response.error(400, str(exc))
        if self.faults.drop_after_commit > 0 and request.method != "GET":
            self.faults.drop_after_commit -= 1
            return Response.error(500, "the connection was dropped after the change was made")
        return response

    def _authenticate(self, request: Request) -> oauth1.Signed:
        secrets_of = {g.token: g.secret for g in self.grants.values()}
        return oauth1.verify(
            method=request.method,
            url=request.url,
            query=request.query,
            header=request.headers.get("authorization", ""),
            consumer_secret_of={self.consumer_key: self.consumer_secret},
            token_secret_of=secrets_of,
            now=self.portal.clock.time(),
            seen_nonces=self.nonces,
        )

    def _route(self, request: Request, signed: oauth1.Signed) -> Response:
        if request.path == "/api/initiate" and request.method == "GET":
            return self._initiate(signed)
        if request.path == "/api/token" and request.method == "GET":
            return self._token(signed)
        grant = self.grants.get(signed.token)
        if grant is None or not grant.permanent:
            raise oauth1.OAuthRefused("this call needs an access token from /api/token")
        for method, pattern, handler in self.routes:
            match = pattern.fullmatch(request.path)
            if match and method == request.method:
                return handler(request, *match.groups())
        raise PortalError(404, f"no route {request.method} {request.path}")

    def _initiate(self, signed: oauth1.Signed) -> Response:
        if signed.token:
            raise oauth1.OAuthRefused("initiate is signed with an empty token")
        if signed.params.get("oauth_callback", "oob") != "oob":
            raise PortalError(400, "oauth_callback must be oob")
        grant = Grant(
            token=secrets.token_hex(12),
            secret=secrets.token_hex(16),
            application_name=signed.params.get("application_name", ""),
        )
        self.grants[grant.token] = grant
        return Response.json(
            200,
            {
                "oauth_token": grant.token,
                "oauth_token_secret": grant.secret,
                "oauth_callback_confirmed": True,
            },
        )

    def _token(self, signed: oauth1.Signed) -> Response:
        temporary = self.grants.get(signed.token)
        if temporary is None or temporary.permanent:
            raise oauth1.OAuthRefused("token is signed with the temporary token of initiate")
        if not temporary.verifier:
            raise oauth1.OAuthRefused("the application has not been approved in the portal")
        if signed.params.get("oauth_verifier") != temporary.verifier:
            raise oauth1.OAuthRefused("invalid oauth_verifier")
        del self.grants[temporary.token]
        grant = self.issue_token(temporary.application_name)
        return Response.json(200, {"oauth_token": grant.token, "oauth_token_secret": grant.secret})


def _routes(app: PortalApp) -> list[Route]:
    p = app.portal
    ID = "([0-9a-f]{24})"
    ANY = "([^/]+)"

    def ok(payload: Any, status: int = 200) -> Response:
        return Response.json(status, payload)

    def product_new(force: bool) -> Callable[..., Response]:
        def create(r: Request) -> Response:
            status, product = products.create(p, r.json(), force=force)
            return ok(product, status)

        return create

    table: list[tuple[str, str, Callable[..., Response]]] = [
        ("GET", f"/api/product/{ID}", lambda r, i: ok(products.get(p, i))),
        ("PUT", "/api/product/new", product_new(False)),
        ("PUT", "/api/product/new/force", product_new(True)),
        ("POST", f"/api/product/{ID}", lambda r, i: ok(products.update(p, i, r.json()))),
        (
            "GET",
            f"/api/product/external_id/{ANY}",
            lambda r, b: ok(products.by_brand_id(p, b)),
        ),
        ("GET", "/api/products", lambda r: ok(list(p.products.values()))),
        (
            "GET",
            f"/api/products/season/{ANY}/list",
            lambda r, s: ok([x["_id"] for x in p.products.values() if x["season"] == s]),
        ),
        (
            "POST",
            f"/api/inventory/external_id/{ANY}",
            lambda r, b: ok(inventory.legacy_post(p, products.by_brand_id(p, b), r.json())),
        ),
        (
            "POST",
            f"/api/inventory/{ID}",
            lambda r, i: ok(inventory.legacy_post(p, products.get(p, i), r.json())),
        ),
        (
            "PUT",
            f"/api/v3.0/warehouse/{ID}/replenishments",
            lambda r, w: ok({"replenishments": inventory.put_bulk(p, w, r.json())}),
        ),
        (
            "POST",
            f"/api/v3.0/warehouse/{ID}/sku/{ID}/replenishments",
            lambda r, w, s: ok(inventory.post_one(p, w, s, r.json())),
        ),
        (
            "DELETE",
            f"/api/v3.0/warehouse/{ID}/sku/{ID}/replenishments",
            lambda r, w, s: ok({"deleted": inventory.delete_sku(p, w, s)}),
        ),
        ("PUT", "/api/inventory/flags", lambda r: ok({"success": True})),
        ("GET", f"/api/company/{ID}", lambda r, i: ok(companies.get(p, i))),
        ("PUT", "/api/company/new/force", lambda r: ok(companies.upsert(p, r.json()))),
        ("GET", "/api/companies/codes/list", lambda r: ok(companies.codes(p))),
        (
            "GET",
            f"/api/orders/{ANY}/list",
            lambda r, s: ok([o["_id"] for o in orders.in_state(p, s)]),
        ),
        ("GET", f"/api/orders/{ANY}/detail", lambda r, s: ok(orders.in_state(p, s))),
        ("GET", f"/api/order/{ID}", lambda r, i: ok(orders.get(p, i))),
        ("GET", f"/api/order/number/{ANY}", lambda r, n: ok(orders.by_number(p, n))),
        (
            "POST",
            f"/api/order/{ID}/status",
            lambda r, i: ok(orders.move(p, orders.get(p, i), str(r.json().get("status", "")))),
        ),
        (
            "POST",
            f"/api/order/{ID}/{ANY}",
            lambda r, i, s: ok(orders.move(p, orders.get(p, i), s)),
        ),
        (
            "PUT",
            f"/api/order/number/{ANY}/{ANY}",
            lambda r, n, s: ok(orders.move(p, orders.by_number(p, n), s)),
        ),
    ]
    return [(method, re.compile(path), handler) for method, path, handler in table]
