"""The REST routes under `/wp-json/wc/v3`: collections (paged), single resources, batches of
up to 100 items, and the system status a connection test reads."""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from . import order_routes
from .errors import RestError, invalid_id
from .paging import page
from .wire import Request, Response

if TYPE_CHECKING:
    from .app import WooSandbox

PREFIX = "/wp-json/wc/v3"
BATCH_LIMIT = 100
NO_ROUTE = RestError(
    404, "rest_no_route", "No route was found matching the URL and request method."
)


def handle(app: WooSandbox, request: Request) -> Response:
    path = request.path.rstrip("/")[len(PREFIX) :].strip("/")
    parts = path.split("/") if path else []
    method = "PUT" if request.method == "PATCH" else request.method
    body: dict[str, Any] = {}
    if method in ("POST", "PUT") and request.body:
        try:
            parsed = request.json()
        except ValueError:
            raise RestError(400, "rest_invalid_json", "Invalid JSON body passed.") from None
        if not isinstance(parsed, dict):
            raise RestError(400, "rest_invalid_json", "Invalid JSON body passed.")
        body = parsed
    url = f"{request.scheme}://{request.host}{request.path}"
    if parts == ["system_status"] and method == "GET":
        return Response.json(200, app.system_status())
    if parts and parts[0] in ROUTES:
        return ROUTES[parts[0]](app, method, parts[1:], request, body, url)
    raise NO_ROUTE


def _collection(
    items: list[dict[str, Any]],
    request: Request,
    url: str,
    present: Callable[[dict[str, Any]], Any],
    default_order: str = "desc",
    orderby: str = "date",
) -> Response:
    key = request.query.get("orderby", orderby)
    order = request.query.get("order", default_order)
    if order not in ("asc", "desc"):
        raise RestError(
            400,
            "rest_invalid_param",
            "Invalid parameter(s): order",
            params={"order": "order is not one of asc, desc."},
        )
    sort_keys: dict[str, Callable[[dict[str, Any]], Any]] = {
        "date": lambda r: (r.get("date_created_gmt") or "", r["id"]),
        "id": lambda r: r["id"],
        "title": lambda r: (r.get("name", ""), r["id"]),
        "name": lambda r: (r.get("first_name", "") + r.get("last_name", ""), r["id"]),
        "menu_order": lambda r: (r.get("menu_order", 0), r["id"]),
        "include": lambda r: r["id"],
    }
    if key not in sort_keys:
        raise RestError(
            400,
            "rest_invalid_param",
            "Invalid parameter(s): orderby",
            params={"orderby": f"orderby is not one of {', '.join(sort_keys)}."},
        )
    include = request.query.get("include")
    if include:
        wanted = {int(x) for x in include.split(",") if x.strip().isdigit()}
        items = [i for i in items if i["id"] in wanted]
    ordered = sorted(items, key=sort_keys[key], reverse=order == "desc")
    chosen, headers = page(ordered, request.query, url)
    return Response.json(200, [present(i) for i in chosen], headers)


def _batch(
    body: dict[str, Any],
    create: Callable[[dict[str, Any]], Any],
    update: Callable[[Any, dict[str, Any]], Any],
    delete: Callable[[Any], Any],
) -> Response:
    counts = 0
    for key in ("create", "update", "delete"):
        value = body.get(key, [])
        if not isinstance(value, list):
            raise RestError(
                400,
                "rest_invalid_param",
                f"Invalid parameter(s): {key}",
                params={key: f"{key} is not of type array."},
            )
        counts += len(value)
    if counts > BATCH_LIMIT:
        raise RestError(
            413,
            "woocommerce_rest_request_entity_too_large",
            f"Unable to accept more than {BATCH_LIMIT} items for this request.",
        )
    answer: dict[str, list[Any]] = {}
    for key in ("create", "update", "delete"):
        if key not in body:
            continue
        answer[key] = []
        for item in body[key]:
            item_id = item.get("id", 0) if isinstance(item, dict) else item
            try:
                if key == "create":
                    answer[key].append(create(item if isinstance(item, dict) else {}))
                elif key == "update":
                    if not isinstance(item, dict):
                        raise invalid_id("batch")
                    answer[key].append(update(item_id, item))
                else:
                    answer[key].append(delete(item_id))
            except RestError as exc:
                answer[key].append(
                    {"id": 0 if key == "create" else _as_int(item_id), "error": exc.body()}
                )
    return Response.json(200, answer)


def _as_int(value: Any) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        return 0


def products(
    app: WooSandbox, method: str, rest: list[str], request: Request, body: dict[str, Any], url: str
) -> Response:
    catalog = app.catalog
    if not rest:
        if method == "GET":
            items = list(app.store.products.values())
            for name in ("sku", "type", "status", "slug"):
                if request.query.get(name) and request.query[name] != "any":
                    wanted = set(request.query[name].split(","))
                    items = [p for p in items if p[name] in wanted]
            if request.query.get("search"):
                needle = request.query["search"].lower()
                items = [p for p in items if needle in p["name"].lower()]
            return _collection(items, request, url, catalog.present_product)
        if method == "POST":
            return Response.json(201, app.product_created(catalog.create_product(body)))
        raise NO_ROUTE
    if rest == ["batch"] and method == "POST":
        return _batch(
            body,
            lambda b: app.product_created(catalog.create_product(b)),
            lambda i, b: app.product_updated(catalog.update_product(i, b)),
            lambda i: app.product_deleted(catalog.delete_product(i, True)),
        )
    if len(rest) == 1:
        if method == "GET":
            return Response.json(200, catalog.present_product(catalog.product(rest[0])))
        if method in ("PUT", "POST"):
            return Response.json(200, app.product_updated(catalog.update_product(rest[0], body)))
        if method == "DELETE":
            force = request.query.get("force") in ("true", "1")
            return Response.json(200, app.product_deleted(catalog.delete_product(rest[0], force)))
        raise NO_ROUTE
    if rest[1] != "variations":
        raise NO_ROUTE
    parent_id = rest[0]
    if len(rest) == 2:
        parent = catalog.product(parent_id)
        if method == "GET":
            items = app.store.children(parent["id"])
            if request.query.get("sku"):
                items = [v for v in items if v["sku"] == request.query["sku"]]
            return _collection(items, request, url, catalog.present_variation, "asc", "menu_order")
        if method == "POST":
            return Response.json(
                201, app.variation_written(catalog.create_variation(parent_id, body))
            )
        raise NO_ROUTE
    if rest[2:] == ["batch"] and method == "POST":
        parent = catalog.product(parent_id)
        answer = _batch(  # the product's own figures are derived once, after every item
            body,
            lambda b: app.variation_written(catalog.create_variation(parent_id, b, derive=False)),
            lambda i, b: app.variation_written(
                catalog.update_variation(parent_id, i, b, derive=False)
            ),
            lambda i: catalog.delete_variation(parent_id, i, True),
        )
        catalog.derive(parent)
        return answer
    if len(rest) == 3:
        if method == "GET":
            parent = catalog.product(parent_id)
            return Response.json(200, catalog.present_variation(catalog.variation(parent, rest[2])))
        if method in ("PUT", "POST"):
            return Response.json(
                200, app.variation_written(catalog.update_variation(parent_id, rest[2], body))
            )
        if method == "DELETE":
            force = request.query.get("force") in ("true", "1")
            return Response.json(200, catalog.delete_variation(parent_id, rest[2], force))
    raise NO_ROUTE


def _plain(item: dict[str, Any], links: dict[str, Any]) -> dict[str, Any]:
    answer = copy.deepcopy(item)
    answer["_links"] = links
    return answer


def _simple_resource(
    name: str,
    book: Callable[[WooSandbox], dict[int, dict[str, Any]]],
    create: Callable[[WooSandbox, dict[str, Any]], dict[str, Any]],
    update: Callable[[WooSandbox, Any, dict[str, Any]], dict[str, Any]],
    get: Callable[[WooSandbox, Any], dict[str, Any]],
    order: tuple[str, str] = ("desc", "date"),
) -> Callable[..., Response]:
    """Orders, customers and webhooks: list, create, read, update, delete, batch."""
    topic = {"orders": "order", "customers": "customer"}.get(name)

    def present(app: WooSandbox, item: dict[str, Any]) -> dict[str, Any]:
        return _plain(item, app.catalog.links(f"{name}/{item['id']}", name))

    def created(app: WooSandbox, item: dict[str, Any]) -> dict[str, Any]:
        answer = present(app, item)
        if topic:
            app.outbox.event(f"{topic}.created", answer)
        return answer

    def updated(app: WooSandbox, item: dict[str, Any]) -> dict[str, Any]:
        answer = present(app, item)
        if topic:
            app.outbox.event(f"{topic}.updated", answer)
        return answer

    def delete(app: WooSandbox, item_id: Any, force: bool) -> dict[str, Any]:
        item = get(app, item_id)
        if not force:
            raise RestError(
                501,
                "woocommerce_rest_trash_not_supported",
                "The resource does not support trashing.",
            )
        answer = present(app, item)
        del book(app)[item["id"]]
        if topic:
            app.outbox.event(f"{topic}.deleted", {"id": item["id"]})
        return answer

    def route(
        app: WooSandbox,
        method: str,
        rest: list[str],
        request: Request,
        body: dict[str, Any],
        url: str,
    ) -> Response:
        if not rest:
            if method == "GET":
                items = list(book(app).values())
                status = request.query.get("status")
                if status and status != "any":
                    items = [i for i in items if i.get("status") in status.split(",")]
                if name == "orders":
                    items = order_routes.by_dates(items, request)
                return _collection(items, request, url, lambda i: present(app, i), *order)
            if method == "POST":
                return Response.json(201, created(app, create(app, body)))
            raise NO_ROUTE
        if rest == ["batch"] and method == "POST":
            return _batch(
                body,
                lambda b: created(app, create(app, b)),
                lambda i, b: updated(app, update(app, i, b)),
                lambda i: delete(app, i, True),
            )
        if len(rest) == 1:
            if method == "GET":
                return Response.json(200, present(app, get(app, rest[0])))
            if method in ("PUT", "POST"):
                return Response.json(200, updated(app, update(app, rest[0], body)))
            if method == "DELETE":
                return Response.json(
                    200, delete(app, rest[0], request.query.get("force") in ("true", "1"))
                )
        if name == "orders" and len(rest) >= 2:
            return order_routes.handle(
                app,
                get(app, rest[0]),
                method,
                rest[1:],
                request,
                body,
                url,
                _collection,
                lambda o: present(app, o),
            )
        raise NO_ROUTE

    return route


ROUTES: dict[str, Callable[..., Response]] = {
    "products": products,
    "orders": _simple_resource(
        "orders",
        lambda a: a.store.orders,
        lambda a, b: a.sales.create_order(b),
        lambda a, i, b: a.sales.update_order(i, b),
        lambda a, i: a.sales.order(i),
    ),
    "customers": _simple_resource(
        "customers",
        lambda a: a.store.customers,
        lambda a, b: a.sales.create_customer(b),
        lambda a, i, b: a.sales.update_customer(i, b),
        lambda a, i: a.sales.customer(i),
        ("asc", "name"),
    ),
    "webhooks": _simple_resource(
        "webhooks",
        lambda a: a.store.webhooks,
        lambda a, b: a.sales.create_webhook(b),
        lambda a, i, b: a.sales.update_webhook(i, b),
        lambda a, i: a.sales.webhook(i),
    ),
}

# Every route the sandbox serves (method, path under /wp-json/wc/v3; `{id}` a number), for
# people and for the test that walks them all.
SERVED = (
    ("GET", "/system_status"),
    ("GET", "/products"),
    ("POST", "/products"),
    ("POST", "/products/batch"),
    ("GET", "/products/{id}"),
    ("PUT", "/products/{id}"),
    ("DELETE", "/products/{id}"),
    ("GET", "/products/{id}/variations"),
    ("POST", "/products/{id}/variations"),
    ("POST", "/products/{id}/variations/batch"),
    ("GET", "/products/{id}/variations/{id}"),
    ("PUT", "/products/{id}/variations/{id}"),
    ("DELETE", "/products/{id}/variations/{id}"),
    ("GET", "/orders"),
    ("POST", "/orders"),
    ("POST", "/orders/batch"),
    ("GET", "/orders/{id}"),
    ("PUT", "/orders/{id}"),
    ("DELETE", "/orders/{id}"),
    ("GET", "/orders/{id}/refunds"),
    ("POST", "/orders/{id}/refunds"),
    ("GET", "/orders/{id}/refunds/{id}"),
    ("GET", "/orders/{id}/notes"),
    ("POST", "/orders/{id}/notes"),
    ("GET", "/customers"),
    ("POST", "/customers"),
    ("POST", "/customers/batch"),
    ("GET", "/customers/{id}"),
    ("PUT", "/customers/{id}"),
    ("DELETE", "/customers/{id}"),
    ("GET", "/webhooks"),
    ("POST", "/webhooks"),
    ("POST", "/webhooks/batch"),
    ("GET", "/webhooks/{id}"),
    ("PUT", "/webhooks/{id}"),
    ("DELETE", "/webhooks/{id}"),
)
