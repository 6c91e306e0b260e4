"""The control API under `/__sandbox/`: state, seeding, shopper and admin actions, knobs, logs.

Every route answers JSON. Writes that Shopify would make from its own admin go through the
same GraphQL resolvers as the Admin API, so they fire the same webhooks, but they are not the
app's requests: they spend none of its rate budget and no injected fault touches them.
State changes hold the app's lock; deliveries (`tick`, `clock/advance`,
`webhooks/deliver`) are made outside it, so a receiver may call the sandbox back.
"""

from __future__ import annotations

import email.parser
import email.policy
from typing import TYPE_CHECKING, Any

from stockbridge_sandboxes.shopify import app_config_views, taxonomy_catalog
from stockbridge_sandboxes.shopify.resolvers.reads import ensure_shop
from stockbridge_sandboxes.shopify.resolvers.shopper_orders import CheckoutError, place_order
from stockbridge_sandboxes.shopify.seed import seed_generated, seed_sample
from stockbridge_sandboxes.shopify.webhook_bodies import shop_body

if TYPE_CHECKING:
    from stockbridge_sandboxes.shopify.app import Request, Response, SandboxApp

FULFIL = """mutation($fo: ID!, $tracking: FulfillmentTrackingInput, $notify: Boolean) {
  fulfillmentCreate(fulfillment: {lineItemsByFulfillmentOrder: [{fulfillmentOrderId: $fo}],
    trackingInfo: $tracking, notifyCustomer: $notify}) {
    fulfillment { id status } userErrors { field message } } }"""
CANCEL = """mutation($id: ID!, $restock: Boolean!, $reason: OrderCancelReason!) {
  orderCancel(orderId: $id, restock: $restock, reason: $reason, refund: true) {
    orderCancelUserErrors { field message } } }"""
REFUND = """mutation($input: RefundInput!) {
  refundCreate(input: $input) @idempotent(key: "%s") {
    refund { id } userErrors { field message } } }"""
EDIT = """mutation($product: ProductUpdateInput!) {
  productUpdate(product: $product) { product { id title } userErrors { field message } } }"""


def _summary(app: SandboxApp) -> dict[str, Any]:
    counts: dict[str, int] = {}
    for type_name, gids in app.store.by_type.items():
        counts[type_name] = len(gids)
    return {
        "shop": app.shop_domain,
        "token": app.token,
        "client_id": app.credentials.client_id,
        "api_client_id": app.credentials.api_client_id,
        "client_secret": app.credentials.client_secret,
        "plan": app.throttle.plan,
        "objects": counts,
    }


def _upload(app: SandboxApp, request: Request, rest: list[str]) -> dict[str, Any]:
    content_type = request.headers.get("content-type", "")
    if content_type.startswith("multipart/form-data"):
        raw = f"Content-Type: {content_type}\r\n\r\n".encode() + request.body
        message = email.parser.BytesParser(policy=email.policy.HTTP).parsebytes(raw)
        fields: dict[str, bytes] = {}
        for part in message.iter_parts():
            name = part.get_param("name", header="content-disposition")
            payload = part.get_payload(decode=True)
            fields[str(name)] = payload if isinstance(payload, bytes) else b""
        key = fields.get("key", b"").decode()
        data = fields.get("file", b"")
    else:
        key = "/".join(rest) or request.query.get("key", "")
        data = request.body
    app.store.staged_uploads[key] = data
    return {"key": key, "bytes": len(data)}


def handle(app: SandboxApp, request: Request, rest: list[str]) -> Response:
    from stockbridge_sandboxes.shopify.app import Response

    route = "/".join(rest)
    if request.method == "POST" and route in ("tick", "clock/advance", "webhooks/deliver"):
        body = request.json() if request.body else {}
        if route == "clock/advance":
            with app.lock:
                app.clock.advance(float(body.get("seconds", 0)))
        attempts = app.tick() if route != "webhooks/deliver" else app.webhooks.pump()
        return Response.json(200, {"now": app.clock.iso(), "webhook_attempts": attempts})
    with app.lock:
        return _handle(app, request, rest)


def _handle(app: SandboxApp, request: Request, rest: list[str]) -> Response:
    from stockbridge_sandboxes.shopify.app import Response

    route = "/".join(rest)
    body = (
        request.json()
        if request.method == "POST"
        and request.body
        and not (request.headers.get("content-type", "").startswith("multipart"))
        and (rest[:1] != ["uploads"])
        else {}
    )
    store = app.store
    if route == "" or route == "state":
        return Response.json(200, _summary(app))
    if rest[:1] == ["bulk"] and len(rest) == 2:
        number = rest[1].removesuffix(".jsonl")
        data = store.bulk_results.get(f"gid://shopify/BulkOperation/{number}")
        if data is None:
            return Response.json(404, {"errors": "Not Found"})
        return Response(200, data, [("Content-Type", "application/jsonl")])
    if rest[:1] == ["uploads"] and request.method in ("POST", "PUT"):
        return Response.json(201, _upload(app, request, rest[1:]))
    if request.method == "GET" and route == "log":
        return Response.json(200, {"requests": app.request_log})
    if request.method == "GET" and route == "webhooks/deliveries":
        return Response.json(
            200,
            {
                "deliveries": [
                    {
                        "webhook_id": d.webhook_id,
                        "event_id": d.event_id,
                        "topic": d.topic,
                        "uri": d.uri,
                        "status": d.status,
                        "attempts": d.attempts,
                        "responses": d.responses,
                    }
                    for d in app.webhooks.log
                ]
            },
        )
    if route == "variant_limit":
        if request.method == "POST":
            store.variant_limit.update(body)
        return Response.json(200, store.variant_limit.as_dict(app.clock.now()))
    if request.method != "POST":
        return Response.json(404, {"errors": "Not Found"})
    if route == "reset":
        app.reset()
        return Response.json(200, _summary(app))
    if route == "seed":
        if body.get("sample", False) or body.get("seed") == "sample":
            seed_sample(store)
        else:
            seed_generated(
                store, int(body.get("products", 10)), int(body.get("variants_per_product", 1))
            )
        store.level_changes.clear()  # a seeded catalog is where the shop starts, no event
        return Response.json(200, _summary(app))
    if route == "orders":
        ctx = app.context(app.credentials.webhook_api_version or "2026-07", request.base_url)
        store.level_changes.clear()
        try:
            order = place_order(
                ctx,
                body.get("lineItems"),
                body.get("email"),
                body.get("customerId"),
                {k: body[k] for k in ("billingAddress", "shippingAddress") if k in body},
            )
        except CheckoutError as exc:
            return Response.json(422, {"errors": [exc.as_dict()]})
        app.publish(ctx)
        return Response.json(201, {"id": order["id"], "name": order["name"]})
    if rest[:1] == ["orders"] and len(rest) == 3:
        return Response.json(
            200, _admin_order_action(app, "gid://shopify/Order/" + rest[1], rest[2], body)
        )
    if rest[:1] == ["products"] and len(rest) == 2:
        product = {"id": "gid://shopify/Product/" + rest[1], **body}
        return Response.json(200, app.admin_execute(EDIT, {"product": product}))
    if route == "taxonomy":
        try:
            loaded = taxonomy_catalog.load(store, str(body.get("categories") or "").splitlines())
        except ValueError as exc:
            return Response.json(400, {"errors": str(exc)})
        return Response.json(200, {"categories": loaded})
    if route == "plan":
        try:
            app.throttle.set_plan(str(body.get("plan")))
        except ValueError as exc:
            return Response.json(400, {"errors": str(exc)})
        return Response.json(200, {"plan": app.throttle.plan})
    if route == "faults":
        app.faults.update(body)
        hooks = body.get("webhooks") or {}
        faults = app.webhooks.faults
        faults.duplicate = bool(hooks.get("duplicate", faults.duplicate))
        faults.duplicate_rate = float(hooks.get("duplicate_rate", faults.duplicate_rate))
        faults.reorder = bool(hooks.get("reorder", faults.reorder))
        faults.drop_rate = float(hooks.get("drop_rate", faults.drop_rate))
        faults.delay_seconds = float(hooks.get("delay_seconds", faults.delay_seconds))
        return Response.json(200, {**app.faults.as_dict(), "webhooks": vars(faults)})
    if route == "tokens/revoke":
        return Response.json(200, {"revoked": revoke(app, str(body.get("token") or app.token))})
    if rest[:1] == ["app"]:
        return app_config_views.handle(app, rest[1:], body)
    return Response.json(404, {"errors": "Not Found"})


def revoke(app: SandboxApp, token: str) -> bool:
    """Revoke a token (then 401) and fire `app/uninstalled` when no token is left."""
    revoked = app.credentials.revoke(token)
    if revoked and not app.credentials.tokens:
        app.webhooks.publish(
            "app/uninstalled",
            shop_body(ensure_shop(app.store), app.store),
            app.credentials.webhook_api_version or "2026-07",
        )
    return revoked


def _admin_order_action(
    app: SandboxApp, gid: str, action: str, body: dict[str, Any]
) -> dict[str, Any]:
    order = app.store.get(gid, "Order")
    if order is None:
        return {"errors": f"unknown order {gid}"}
    if action == "fulfil":
        results = []
        for entry in order.get("fulfillmentOrders") or []:
            fo = app.store.deref(entry) or {}
            if fo.get("status") in ("OPEN", "IN_PROGRESS"):
                tracking = {k: body[k] for k in ("number", "url", "company") if k in body}
                results.append(
                    app.admin_execute(
                        FULFIL,
                        {
                            "fo": fo["id"],
                            "tracking": tracking or None,
                            "notify": bool(body.get("notify")),
                        },
                    )
                )
        return {"results": results}
    if action == "cancel":
        return app.admin_execute(
            CANCEL,
            {
                "id": gid,
                "restock": bool(body.get("restock", True)),
                "reason": body.get("reason", "CUSTOMER"),
            },
        )
    if action == "refund":
        lines = [
            {
                "lineItemId": (app.store.deref(e) or {}).get("id"),
                "quantity": int((app.store.deref(e) or {}).get("quantity") or 0),
                "restockType": body.get("restockType", "RETURN"),
            }
            for e in order.get("lineItems") or []
        ]
        key = f"control-refund-{gid}-{len(order.get('refunds') or [])}"
        return app.admin_execute(
            REFUND % key,
            {"input": {"orderId": gid, "refundLineItems": lines, "note": body.get("note")}},
        )
    return {"errors": f"unknown action {action}"}
