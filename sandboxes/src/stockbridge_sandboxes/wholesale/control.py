"""The control API under `/__sandbox/`, acting as the portal's own users and admin (unsigned):
approve an application, create warehouses, place and move orders as buyers and reps would,
set the clock, inject faults, read the request log and the available-to-sell view."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from . import companies, inventory, orders
from .http import PortalError, Request, Response

if TYPE_CHECKING:
    from .app import PortalApp


def handle(app: PortalApp, request: Request, route: str) -> Response:
    portal = app.portal
    body = request.json() if request.method in ("POST", "PUT") else {}
    parts = route.strip("/").split("/")
    if request.method == "GET":
        if route == "state":
            return Response.json(
                200,
                {
                    "consumer_key": app.consumer_key,
                    "consumer_secret": app.consumer_secret,
                    "counts": {
                        "products": len(portal.products),
                        "companies": len(portal.companies),
                        "warehouses": len(portal.warehouses),
                        "replenishments": len(portal.replenishments),
                        "orders": len(portal.orders),
                    },
                },
            )
        if route == "log":
            return Response.json(200, app.log)
        if route == "warehouses":
            return Response.json(200, list(portal.warehouses.values()))
        if parts[0] == "available" and len(parts) == 4:
            on = date.fromisoformat(parts[3])
            return Response.json(
                200, {"available": inventory.available_to_sell(portal, parts[1], parts[2], on)}
            )
        raise PortalError(404, f"no control route GET {route}")
    if route == "oauth/approve":
        return Response.json(200, {"oauth_verifier": app.approve(str(body.get("oauth_token")))})
    if route == "oauth/tokens":
        grant = app.issue_token(str(body.get("application_name", "stockbridge")))
        return Response.json(201, {"oauth_token": grant.token, "oauth_token_secret": grant.secret})
    if route == "seed":
        return Response.json(200, seed(app, body))
    if route == "warehouses":
        name = body.get("name")
        if not isinstance(name, str) or not name:
            raise PortalError(400, "name is required")
        warehouse = {"_id": portal.new_id(), "name": name, "code": body.get("code", name)}
        portal.warehouses[warehouse["_id"]] = warehouse
        return Response.json(201, warehouse)
    if route == "clock":
        portal.clock.fixed = float(body["now"])
        return Response.json(200, {"now": portal.clock.iso()})
    if route == "faults":
        app.faults.status = int(body.get("status", 0))
        app.faults.rate = float(body.get("rate", 0))
        app.faults.drop_after_commit = int(body.get("drop_after_commit", 0))
        return Response.json(200, {"status": app.faults.status, "rate": app.faults.rate})
    if route == "orders":
        return Response.json(201, orders.create_draft(portal, body))
    if parts[0] == "orders" and len(parts) == 3:
        order = orders.get(portal, parts[1])
        action = parts[2]
        if action == "company":
            company = portal.company_by_code(str(body.get("code", "")))
            if company is None:
                company = companies.get(portal, str(body.get("company_id", "")))
            return Response.json(200, orders.attach_company(portal, order, company))
        if action == "submit":  # a buyer submits for review; a rep's order goes to pending
            target = "pending" if body.get("by") == "rep" else "review"
            return Response.json(200, orders.move(portal, order, target))
        if action in ("approve", "ship", "cancel"):
            return Response.json(200, orders.move(portal, order, action))
        if action == "custom_fields":
            return Response.json(200, orders.edit(portal, order, dict(body)))
        if action == "edit":
            return Response.json(200, orders.edit(portal, order, body))
    raise PortalError(404, f"no control route {request.method} {route}")


def seed(app: PortalApp, body: Any) -> dict[str, int]:
    """Documents stored as given (a recorded example, say), keeping their `_id`s: `{"products":
    [...], "companies": [...], "orders": [...], "warehouses": [...]}`. Sizes without an id get
    one (replenishments need it)."""
    portal = app.portal
    if not isinstance(body, dict):
        raise PortalError(400, "seed must be an object")
    counts = {}
    for name in ("products", "companies", "orders", "warehouses"):
        docs = body.get(name, [])
        if not isinstance(docs, list) or not all(isinstance(d, dict) for d in docs):
            raise PortalError(400, f"{name} must be a list of documents")
        target = getattr(portal, name)
        for doc in docs:
            doc = dict(doc)
            doc.setdefault("_id", portal.new_id())
            if name == "products":
                doc["sizes"] = [
                    {**size, "_id": size.get("_id") or portal.new_id()}
                    for size in doc.get("sizes", [])
                ]
            target[doc["_id"]] = doc
        counts[name] = len(docs)
    return counts
