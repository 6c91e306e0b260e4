"""`/admin/oauth/...`: the install screen that approves, and the token endpoint."""

from __future__ import annotations

import html
from typing import TYPE_CHECKING
from urllib.parse import urlencode

if TYPE_CHECKING:
    from stockbridge.sandboxes.shopify.app import Request, Response, SandboxApp


def handle(app: SandboxApp, request: Request, rest: list[str]) -> Response:
    from stockbridge.sandboxes.shopify.app import Response

    if rest == ["authorize"]:
        params = {**request.query, **(request.form() if request.method == "POST" else {})}
        if params.get("client_id") != app.credentials.client_id:
            return Response.json(400, {"errors": "Invalid client_id"})
        if request.method == "POST" or params.get("approve") == "1":
            location = app.credentials.authorize(
                app.shop_domain,
                params.get("scope", ""),
                params.get("redirect_uri", ""),
                params.get("state", ""),
                int(app.clock.now()),
            )
            return Response(302, b"", [("Location", location)])
        action = "/admin/oauth/authorize?" + urlencode(request.query)
        page = (
            "<!doctype html><title>Install app</title>"
            f"<h1>Install app on {html.escape(app.shop_domain)}</h1>"
            f"<p>Requested scopes: {html.escape(params.get('scope', ''))}</p>"
            f'<form method="post" action="{html.escape(action)}">'
            '<button type="submit">Install app</button></form>'
        )
        return Response(200, page.encode(), [("Content-Type", "text/html; charset=utf-8")])
    if rest == ["access_token"] and request.method == "POST":
        status, payload = app.credentials.exchange(request.form())
        return Response.json(status, payload)
    return Response.json(404, {"errors": "Not Found"})
