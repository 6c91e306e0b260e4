"""The BigCommerce store as a WSGI app: `/stores/{hash}/v3/...` and `/stores/{hash}/v2/...`
authenticated by `X-Auth-Token`, every answer with the rate-limit headers (a window of
`quota` requests; 429 with the time to reset once spent), and `/__sandbox/...` to seed documents
in BigCommerce's answer shapes (`POST /__sandbox/seed`, see `seed`), shop, move the clock,
inject faults (every n-th call answered `status`; with `after`, the call is
carried out first and only its answer lost; the platform-side failures BigCommerce documents:
customer creations that fail, the tax service gone so refunds cannot be made) and deliver
webhooks."""

from __future__ import annotations

import re
import threading
from collections.abc import Callable, Iterable
from typing import Any

from stockbridge_sandboxes.wsgi import BadBody, Request

from . import catalog, customers, hooks, inventory, metafields, order_edits, orders, refunds
from . import seed as seeding
from .answers import Answer, StoreError, v2_error, v2_list, v3_error, v3_list, v3_one
from .store import Clock, Store

STORE_HASH = "sandbox1"
TOKEN = "bc_sandbox_token"  # noqa: S105 - the sandbox's demo credential
WINDOW_MS = 30_000
QUOTAS = {"standard": 150, "plus": 150, "pro": 450, "enterprise": 10_000}
Handler = Callable[..., Answer]
UNAUTHORIZED = {
    "v2": "The request has not been authenticated.",
    "v3": "Unauthorized - the v3 Auth client ID or token in the request are not a valid "
    "combination for this store.",
}


class BigCommerceApp:
    def __init__(
        self,
        *,
        store_hash: str = STORE_HASH,
        token: str = TOKEN,
        plan: str = "standard",
        clock: Clock | None = None,
        name: str = "Sandbox Store",
        domain: str = "sandbox1.mybigcommerce.com",
    ) -> None:
        self.store_hash = store_hash
        self.token = token
        self.quota = QUOTAS[plan]
        self.plan = plan
        self.name = name
        self.domain = domain
        self.store = Store(clock=clock or Clock())
        self.store.default_location()
        self.deliveries = hooks.Deliveries()
        self.window_start = self.store.clock.time()
        self.used = 0
        self.fault_status = 0
        self.fault_every = 0
        self.fault_after = False  # the faulty call is carried out, only its answer is lost
        self.customer_create_failures = 0  # the next N `POST /customers` fail (nothing made)
        self.tax_service_down = False  # refunds answer 503 until it is back
        self.calls = 0
        self.log: list[dict[str, Any]] = []
        self.lock = threading.RLock()
        self.routes = _routes(self)

    def store_information(self) -> dict[str, Any]:
        """`GET /v2/store` (the Store Information API), the fields the sandbox models."""
        return {
            "id": self.store_hash,
            "domain": self.domain,
            "secure_url": f"https://{self.domain}",
            "status": "live",
            "name": self.name,
            "country_code": "US",
            "currency": "USD",
            "plan_name": self.plan.capitalize(),
            "plan_level": self.plan.capitalize(),
            "store_id": 1001,
        }

    def __call__(self, environ: dict[str, Any], start_response: Any) -> Iterable[bytes]:
        request = Request.from_environ(environ)
        with self.lock:
            answer = self.handle(request)
        reason = {
            200: "OK",
            201: "Created",
            204: "No Content",
            401: "Unauthorized",
            404: "Not Found",
            409: "Conflict",
            413: "Payload Too Large",
            422: "Unprocessable Entity",
            429: "Too Many Requests",
            503: "Service Unavailable",
        }.get(answer.status, "Error")
        start_response(
            f"{answer.status} {reason}",
            [*answer.headers, ("Content-Length", str(len(answer.body)))],
        )
        return [answer.body]

    def handle(self, request: Request) -> Answer:
        if request.path.startswith("/__sandbox/"):
            return self._control(request, request.path[len("/__sandbox/") :])
        match = re.fullmatch(rf"/stores/{re.escape(self.store_hash)}/(v2|v3)(/.*)", request.path)
        if match is None:
            return v3_error(StoreError(404, "The requested resource was not found."))
        version, rest = match.groups()
        error = v2_error if version == "v2" else v3_error
        # each call as sent (its body kept: tests check it against the request schemas)
        self.log.append(
            {"method": request.method, "version": version, "path": rest, "body": request.body}
        )
        if request.headers.get("x-auth-token") != self.token:
            return error(StoreError(401, UNAUTHORIZED[version]))
        left, reset_ms = self._spend()
        headers = [
            ("X-Rate-Limit-Time-Window-Ms", str(WINDOW_MS)),
            ("X-Rate-Limit-Time-Reset-Ms", str(reset_ms)),
            ("X-Rate-Limit-Requests-Quota", str(self.quota)),
            ("X-Rate-Limit-Requests-Left", str(max(left, 0))),
        ]
        if left < 0:
            answer = error(StoreError(429, "Too many requests"))
        else:
            answer = self._dispatch(request, version, rest, error)
        answer.headers.extend(headers)
        self.log[-1]["status"] = answer.status
        return answer

    def _spend(self) -> tuple[int, int]:
        now = self.store.clock.time()
        if (now - self.window_start) * 1000 >= WINDOW_MS:
            self.window_start, self.used = now, 0
        self.used += 1
        reset_ms = max(0, int(WINDOW_MS - (now - self.window_start) * 1000))
        return self.quota - self.used, reset_ms

    def _dispatch(
        self, request: Request, version: str, rest: str, error: Callable[[StoreError], Answer]
    ) -> Answer:
        self.calls += 1
        faulty = bool(self.fault_every) and self.calls % self.fault_every == 0
        if faulty and not self.fault_after:
            return error(StoreError(self.fault_status, "injected fault"))
        answer = self._route(request, version, rest, error)
        return error(StoreError(self.fault_status, "injected fault")) if faulty else answer

    def _route(
        self, request: Request, version: str, rest: str, error: Callable[[StoreError], Answer]
    ) -> Answer:
        try:
            for method, ver, pattern, handler in self.routes:
                found = pattern.fullmatch(rest)
                if found and method == request.method and ver == version:
                    args = [int(g) for g in found.groups()]
                    return handler(request, *args)
            raise StoreError(404, "The requested resource was not found.")
        except StoreError as exc:
            return error(exc)
        except BadBody as exc:
            if version == "v2":
                return error(StoreError(400, str(exc)))
            if rest.startswith("/hooks"):  # the webhooks API words it its own way
                return error(StoreError(400, "Input is invalid."))
            return error(StoreError(400, "Input is invalid", detail="Syntax error"))

    def _control(self, request: Request, route: str) -> Answer:
        try:
            body = request.json() if request.method == "POST" else {}
            if route == "state" and request.method == "GET":
                return Answer.json(
                    200,
                    {
                        "store_hash": self.store_hash,
                        "token": self.token,
                        "quota": self.quota,
                        "products": len(self.store.products),
                        "variants": len(self.store.variants),
                        "orders": len(self.store.orders),
                        "locations": len(self.store.locations),
                    },
                )
            if route == "orders" and request.method == "POST":
                placed = orders.place(self.store, body)
                self.deliveries.emit(
                    self.store, self.store_hash, "store/order/created", "order", placed["id"]
                )
                return Answer.json(201, placed)
            if route == "seed" and request.method == "POST":
                try:
                    return Answer.json(200, seeding.seed_documents(self.store, body))
                except (ValueError, TypeError, KeyError, AttributeError) as exc:
                    raise StoreError(422, f"not seeded: {exc}") from None
            if route == "deliveries" and request.method == "POST":
                return Answer.json(200, {"delivered": self.deliveries.pump(hooks.post)})
            if route == "clock" and request.method == "POST":
                self.store.clock.fixed = float(body["now"])
                return Answer.json(200, {"now": self.store.clock.rfc3339()})
            if route == "faults" and request.method == "POST":
                return Answer.json(200, self._set_faults(body))
        except StoreError as exc:
            return v3_error(exc)
        return v3_error(StoreError(404, "The requested resource was not found."))

    def _set_faults(self, body: dict[str, Any]) -> dict[str, Any]:
        """Each fault the body names is set, the others kept; answered all as they now are."""
        if "status" in body:
            self.fault_status = int(body["status"])
        if "every" in body:
            self.fault_every = int(body["every"])
        if "after" in body:
            self.fault_after = bool(body["after"])
        if "customer_create_failures" in body:
            self.customer_create_failures = max(0, int(body["customer_create_failures"]))
        if "tax_service_down" in body:
            self.tax_service_down = bool(body["tax_service_down"])
        return {
            "status": self.fault_status,
            "every": self.fault_every,
            "after": self.fault_after,
            "customer_create_failures": self.customer_create_failures,
            "tax_service_down": self.tax_service_down,
        }


def _routes(app: BigCommerceApp) -> list[tuple[str, str, re.Pattern[str], Handler]]:
    s = app.store
    N = r"(\d+)"

    def include(r: Request) -> set[str]:
        return set(dict(r.query).get("include", "").split(","))

    def products(r: Request) -> Answer:
        rows = catalog.listed(s, dict(r.query))
        return v3_list(r, [catalog.view(s, p, include(r)) for p in rows])

    def update_product(r: Request, pid: int) -> Answer:
        made = catalog.update_product(s, pid, r.json())
        app.deliveries.emit(s, app.store_hash, "store/product/updated", "product", pid)
        return v3_one(catalog.view(s, made, {"custom_fields"}))

    def create_product(r: Request) -> Answer:
        made = catalog.create_product(s, r.json())
        app.deliveries.emit(s, app.store_hash, "store/product/created", "product", made["id"])
        return v3_one(catalog.view(s, made, {"variants"}))

    def product_variants(r: Request, pid: int) -> Answer:
        catalog.product(s, pid)
        rows = [catalog.variant_view(s, v) for v in s.variants.values() if v["product_id"] == pid]
        return v3_list(r, rows)

    def delete_product(r: Request, pid: int) -> Answer:
        catalog.delete_product(s, pid)
        return Answer(204)

    def adjust(absolute: bool) -> Handler:
        def handler(r: Request) -> Answer:
            return Answer.json(200, inventory.adjust(s, r.json(), absolute=absolute))

        return handler

    def changed(order_id: int, *scopes: str) -> None:
        for scope in ("store/order/updated", *scopes):
            app.deliveries.emit(s, app.store_hash, scope, "order", order_id)

    def update_order(r: Request, oid: int) -> Answer:
        before = orders.order(s, oid).get("status_id")
        found = order_edits.update(s, oid, r.json())
        changed(oid, *(("store/order/statusUpdated",) if found.get("status_id") != before else ()))
        return Answer.json(200, found)

    def ship(r: Request, oid: int) -> Answer:
        made = orders.ship(s, oid, r.json())
        app.deliveries.emit(s, app.store_hash, "store/shipment/created", "shipment", made["id"])
        changed(oid, "store/order/statusUpdated")
        return Answer.json(201, made)

    def refund(r: Request, oid: int) -> Answer:
        if app.tax_service_down:
            return Answer.json(503, refunds.tax_service_gone(s, oid))
        made = refunds.create(s, oid, r.json())
        app.deliveries.emit(
            s, app.store_hash, "store/order/refund/created", "order", oid,
            {"refund": {"refund_id": made["id"]}},
        )  # fmt: skip
        changed(oid)
        return v3_one(made, 201)

    def add_customers(r: Request) -> Answer:
        if app.customer_create_failures > 0:
            app.customer_create_failures -= 1
            raise customers.creation_failed()
        made = customers.create(s, r.json())
        for customer in made:
            app.deliveries.emit(
                s, app.store_hash, "store/customer/created", "customer", customer["id"]
            )
        return Answer.json(200, {"data": made, "meta": {}})

    def of_order(kind: str) -> Handler:
        """A v2 sub-resource list of an order (its coupons, taxes...): 204 when empty."""

        def handler(r: Request, oid: int) -> Answer:
            held: dict[int, list[Any]] = getattr(s, kind)
            return v2_list(r, held.get(orders.order(s, oid)["id"], []))

        return handler

    table: list[tuple[str, str, str, Handler]] = [
        ("GET", "v3", "/catalog/products", products),
        ("POST", "v3", "/catalog/products", create_product),
        (
            "GET",
            "v3",
            f"/catalog/products/{N}",
            lambda r, pid: v3_one(catalog.view(s, catalog.product(s, pid), include(r))),
        ),
        ("PUT", "v3", f"/catalog/products/{N}", update_product),
        ("DELETE", "v3", f"/catalog/products/{N}", delete_product),
        ("GET", "v3", f"/catalog/products/{N}/variants", product_variants),
        (
            "POST",
            "v3",
            f"/catalog/products/{N}/variants",
            lambda r, pid: v3_one(catalog.add_variant(s, pid, r.json())),
        ),
        (
            "GET",
            "v3",
            "/catalog/variants/metafields",
            lambda r: v3_list(r, metafields.listed(s, dict(r.query))),
        ),
        (
            "POST",
            "v3",
            "/catalog/variants/metafields",
            lambda r: Answer.json(200, metafields.batch_answer(metafields.create(s, r.json()))),
        ),
        (
            "PUT",
            "v3",
            "/catalog/variants/metafields",
            lambda r: Answer.json(200, metafields.batch_answer(metafields.update(s, r.json()))),
        ),
        (
            "GET",
            "v3",
            f"/catalog/products/{N}/options",
            lambda r, pid: v3_list(r, catalog.product(s, pid)["options"]),
        ),
        (
            "GET",
            "v3",
            "/catalog/variants",
            lambda r: v3_list(r, [catalog.variant_view(s, v) for v in s.variants.values()]),
        ),
        ("PUT", "v3", "/catalog/variants", lambda r: v3_one(catalog.update_variants(s, r.json()))),
        ("GET", "v3", "/inventory/locations", lambda r: v3_list(r, list(s.locations.values()))),
        (
            "POST",
            "v3",
            "/inventory/locations",
            lambda r: v3_one(inventory.create_locations(s, r.json())),
        ),
        ("GET", "v3", "/inventory/items", lambda r: v3_list(r, inventory.items(s, dict(r.query)))),
        (
            "GET",
            "v3",
            f"/inventory/locations/{N}/items",
            lambda r, lid: v3_list(r, inventory.items(s, dict(r.query), lid)),
        ),
        ("PUT", "v3", "/inventory/adjustments/absolute", adjust(True)),
        ("POST", "v3", "/inventory/adjustments/relative", adjust(False)),
        ("GET", "v3", "/hooks", lambda r: v3_list(r, list(s.hooks.values()))),
        ("POST", "v3", "/hooks", lambda r: v3_one(hooks.create(s, r.json(), app.store_hash))),
        ("GET", "v3", f"/hooks/{N}", lambda r, hid: v3_one(hooks.hook(s, hid))),
        (
            "DELETE",
            "v3",
            f"/hooks/{N}",
            lambda r, hid: v3_one(s.hooks.pop(hooks.hook(s, hid)["id"])),
        ),
        ("GET", "v3", "/customers", lambda r: v3_list(r, customers.listed(s, dict(r.query)))),
        ("POST", "v3", "/customers", add_customers),
        ("GET", "v2", "/store", lambda r: Answer.json(200, app.store_information())),
        ("GET", "v2", "/orders", lambda r: v2_list(r, orders.listed(s, dict(r.query)))),
        ("GET", "v2", f"/orders/{N}", lambda r, oid: Answer.json(200, orders.order(s, oid))),
        ("PUT", "v2", f"/orders/{N}", update_order),
        (
            "GET",
            "v2",
            f"/orders/{N}/products",
            lambda r, oid: v2_list(r, s.order_products[orders.order(s, oid)["id"]]),
        ),
        (
            "GET",
            "v2",
            f"/orders/{N}/shipping_addresses",
            lambda r, oid: v2_list(r, s.order_addresses[orders.order(s, oid)["id"]]),
        ),
        ("GET", "v2", f"/orders/{N}/coupons", of_order("coupons")),
        ("GET", "v2", f"/orders/{N}/taxes", of_order("taxes")),
        (
            "GET",
            "v2",
            f"/orders/{N}/shipments",
            lambda r, oid: v2_list(r, s.shipments[orders.order(s, oid)["id"]]),
        ),
        ("POST", "v2", f"/orders/{N}/shipments", ship),
        (
            "PUT",
            "v2",
            f"/orders/{N}/shipments/{N}",
            lambda r, oid, sid: Answer.json(200, orders.update_shipment(s, oid, sid, r.json())),
        ),
        (
            "POST",
            "v3",
            f"/orders/{N}/payment_actions/refund_quotes",
            lambda r, oid: v3_one(refunds.quote(s, oid, r.json()), 201),
        ),
        ("POST", "v3", f"/orders/{N}/payment_actions/refunds", refund),
        (
            "GET",
            "v3",
            f"/orders/{N}/payment_actions/refunds",
            lambda r, oid: v3_list(r, refunds.of_order(s, oid)),
        ),
    ]
    return [(m, v, re.compile(p), h) for m, v, p, h in table]
