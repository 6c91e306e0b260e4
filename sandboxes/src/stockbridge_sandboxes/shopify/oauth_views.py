"""`/admin/oauth/...`: the install screen that approves, and the token endpoint.

The install screen checks `client_id` and `redirect_uri` (one of the app's allowed redirection
URLs, else Shopify's "Oauth error invalid_request: The redirect_uri is not whitelisted"), then
redirects to the callback with `code`, `hmac`, `host` (the base64 of the shop's admin host),
`shop`, `state` and `timestamp`. `grant_options[]=per-user` asks for an online token for the
staff user approving (the shop owner, or `user_id` on the approval form).

The callback's `timestamp` is wall-clock time, not the sandbox clock: the app checks it
against its own clock (ShopifyAPI refuses one over a day old, the Node library one over 90
seconds off), and Shopify's clock and the app's agree. Advancing the sandbox clock moves what
Shopify measures itself (token lifetimes), never the timestamps an app verifies.
"""

from __future__ import annotations

import base64
import html
from typing import TYPE_CHECKING
from urllib.parse import urlencode

from stockbridge_sandboxes.shopify.callback_signing import signed_query

if TYPE_CHECKING:
    from stockbridge_sandboxes.shopify.app import Request, Response, SandboxApp

NOT_WHITELISTED = "Oauth error invalid_request: The redirect_uri is not whitelisted"


def admin_host(shop_domain: str) -> str:
    """The `host` parameter: base64 of `admin.shopify.com/store/<handle>`, unpadded."""
    handle = shop_domain.removesuffix(".myshopify.com")
    raw = f"admin.shopify.com/store/{handle}".encode()
    return base64.b64encode(raw).decode().rstrip("=")


def _html(status: int, text: str) -> Response:
    from stockbridge_sandboxes.shopify.app import Response

    page = f"<!doctype html><title>Oauth error</title><p>{html.escape(text)}</p>"
    return Response(status, page.encode(), [("Content-Type", "text/html; charset=utf-8")])


def handle(app: SandboxApp, request: Request, rest: list[str]) -> Response:
    from stockbridge_sandboxes.shopify.app import Response

    credentials = app.credentials
    if rest == ["authorize"]:
        params = {**request.query, **(request.form() if request.method == "POST" else {})}
        if params.get("client_id") != credentials.client_id:
            return Response.json(400, {"errors": "Invalid client_id"})
        redirect_uri = params.get("redirect_uri") or credentials.redirect_urls[0]
        if not credentials.allows_redirect(redirect_uri):
            return _html(400, NOT_WHITELISTED)
        if request.method == "POST" or params.get("approve") == "1":
            user = None
            if params.get("grant_options[]") == "per-user":
                user_id = params.get("user_id", "")
                user = credentials.users.get(int(user_id)) if user_id.isdigit() else None
                if user is None and user_id:
                    return Response.json(400, {"errors": "Unknown staff user"})
                user = user or next(u for u in credentials.users.values() if u.account_owner)
            callback = credentials.authorize(
                shop=app.shop_domain,
                scopes=params.get("scope", ""),
                state=params.get("state", ""),
                timestamp=int(app.wall_time()),
                host=admin_host(app.shop_domain),
                user=user,
            )
            query = signed_query(callback, credentials.client_secret)
            separator = "&" if "?" in redirect_uri else "?"
            return Response(302, b"", [("Location", f"{redirect_uri}{separator}{query}")])
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
        status, payload = credentials.exchange(
            request.form(), shop=app.shop_domain, now=app.clock.now(), wall=app.wall_time()
        )
        return Response.json(status, payload)
    return Response.json(404, {"errors": "Not Found"})
