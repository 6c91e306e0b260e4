"""The control API under `/__sandbox/` (no auth: the sandbox's own): seed, reset, faults, the
clock, the merchant's and shoppers' own actions (a stock edit in wp-admin, a checkout), the
webhook and request logs."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .errors import RestError
from .seed import seed_documents, seed_generated
from .wire import Request, Response

if TYPE_CHECKING:
    from .app import WooSandbox


def handle(app: WooSandbox, request: Request, parts: list[str]) -> Response:
    body: dict[str, Any] = request.json() if request.body else {}
    if request.method == "POST" and parts == ["webhooks", "deliver"]:
        return Response.json(
            200, {"delivered": app.pump()}
        )  # outside the lock: receivers call back
    with app.lock:
        return _route(app, request.method, parts, body)


def _route(app: WooSandbox, method: str, parts: list[str], body: dict[str, Any]) -> Response:
    if method == "GET" and not parts:
        return Response.json(
            200,
            {
                "site": app.store.site.name,
                "home_url": app.store.site.home_url,
                "consumer_key": app.consumer_key,
                "consumer_secret": app.consumer_secret,
                "products": len(app.store.products),
                "variations": len(app.store.variations),
                "orders": len(app.store.orders),
                "webhooks": len(app.store.webhooks),
            },
        )
    if method == "POST" and parts == ["reset"]:
        app.reset()
        return Response.json(200, {"reset": True})
    if method == "POST" and parts == ["seed"]:
        try:
            return Response.json(200, seed_documents(app.catalog, body))
        except ValueError as exc:
            return Response.json(400, {"error": str(exc)})
    if method == "POST" and parts == ["seed", "generated"]:
        items = seed_generated(
            app.catalog,
            int(body.get("products", 1)),
            int(body.get("variations", 0)),
            int(body.get("stock", 10)),
        )
        return Response.json(200, {"stocked": len(items)})
    if method == "POST" and parts == ["faults"]:
        for key in ("error_rate", "latency_ms", "http_429_burst"):
            if key in body:
                setattr(app.faults, key, type(getattr(app.faults, key))(body[key]))
        return Response.json(
            200,
            {
                "error_rate": app.faults.error_rate,
                "latency_ms": app.faults.latency_ms,
                "http_429_burst": app.faults.http_429_burst,
            },
        )
    if method == "POST" and parts == ["clock", "advance"]:
        app.clock.advance(float(body.get("seconds", 0)))
        return Response.json(200, {"now": app.clock.now()})
    if method == "POST" and len(parts) == 3 and parts[0] == "items" and parts[2] == "stock":
        return Response.json(200, set_stock(app, int(parts[1]), int(body["stock_quantity"])))
    if method == "POST" and parts == ["shopper_orders"]:
        try:
            order = app.sales.create_order({**body, "set_paid": body.get("set_paid", True)})
        except RestError as exc:
            return Response.json(exc.status, exc.body())
        answer = {**order}
        app.outbox.event("order.created", answer)
        return Response.json(201, answer)
    if method == "GET" and parts == ["webhooks", "log"]:
        return Response.json(200, app.outbox.log)
    if method == "GET" and parts == ["requests"]:
        return Response.json(200, app.request_log)
    return Response.json(404, {"error": f"no control route {method} /__sandbox/{'/'.join(parts)}"})


def set_stock(app: WooSandbox, item_id: int, quantity: int) -> dict[str, Any]:
    """The merchant sets an item's stock in wp-admin (managed stock turns on): the product
    (or the variation) is saved and `product.updated` goes out."""
    catalog = app.catalog
    if item_id in app.store.products:
        return app.product_updated(
            catalog.update_product(item_id, {"manage_stock": True, "stock_quantity": quantity})
        )
    parent = app.store.parent_of.get(item_id)
    if parent is None:
        raise RestError(404, "woocommerce_rest_product_invalid_id", "Invalid ID.")
    return app.variation_written(
        catalog.update_variation(
            parent, item_id, {"manage_stock": True, "stock_quantity": quantity}
        )
    )
