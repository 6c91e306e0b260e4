"""The routes under one order (`/orders/<id>/refunds[/<id>]`, `/orders/<id>/notes`) and the
date filters of the order list (`after`, `before`, `modified_after`, `modified_before`, in the
site's time or, with `dates_are_gmt`, GMT)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from . import refunds as refunding
from .errors import RestError, invalid_param
from .wire import Request, Response

if TYPE_CHECKING:
    from .app import WooSandbox

Collection = Callable[..., Response]
BOUNDS = {
    "after": ("date_created", lambda have, given: have > given),
    "before": ("date_created", lambda have, given: have < given),
    "modified_after": ("date_modified", lambda have, given: have > given),
    "modified_before": ("date_modified", lambda have, given: have < given),
}


def by_dates(items: list[dict[str, Any]], request: Request) -> list[dict[str, Any]]:
    gmt = request.query.get("dates_are_gmt") in ("true", "1")
    for name, (field, keep) in BOUNDS.items():
        given = request.query.get(name)
        if not given:
            continue
        bound = given.replace("Z", "").split("+")[0][:19]
        if len(bound) < 10:
            raise invalid_param(name, f"{name} is not a valid date.")
        key = f"{field}_gmt" if gmt else field
        items = [i for i in items if i.get(key) and keep(i[key], bound)]
    return items


def handle(
    app: WooSandbox,
    order: dict[str, Any],
    method: str,
    rest: list[str],
    request: Request,
    body: dict[str, Any],
    url: str,
    collection: Collection,
    present_order: Callable[[dict[str, Any]], dict[str, Any]],
) -> Response:
    base = f"orders/{order['id']}"

    def refund_out(refund: dict[str, Any]) -> dict[str, Any]:
        return {
            **refund,
            "_links": app.catalog.links(f"{base}/refunds/{refund['id']}", f"{base}/refunds"),
        }

    if rest[0] == "refunds":
        held = [
            r
            for r in app.store.refunds.values()
            if app.store.refund_parent.get(r["id"]) == order["id"]
        ]
        if len(rest) == 1 and method == "GET":
            return collection(held, request, url, refund_out)
        if len(rest) == 1 and method == "POST":
            made = refunding.create_refund(app, order, body)
            app.outbox.event("order.updated", present_order(order))
            return Response.json(201, refund_out(made))
        if len(rest) == 2 and method == "GET":
            found = next((r for r in held if str(r["id"]) == rest[1]), None)
            if found is None:
                raise RestError(404, "woocommerce_rest_shop_order_refund_invalid_id", "Invalid ID.")
            return Response.json(200, refund_out(found))
    if rest == ["notes"]:
        if method == "GET":
            return Response.json(200, refunding.notes_of(app, order))
        if method == "POST":
            return Response.json(201, refunding.add_note(app, order, body))
    raise RestError(404, "rest_no_route", "No route was found matching the URL and request method.")
