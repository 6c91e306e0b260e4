"""Control routes for the installed app under `/__sandbox/app/...`: its configuration
(scopes, allowed redirection URLs, staff users) and session tokens minted as App Bridge would.

* `POST /__sandbox/app` `{"scopes": "write_products,...", "redirect_urls": [...]}` sets what
  the app's `shopify.app.toml` would (absent keys stay); answers the configuration.
* `POST /__sandbox/app/users` `{"id", "first_name", "last_name", "email", "account_owner",
  "collaborator", "locale", "permissions": [...] | null}` adds or replaces a staff user.
* `POST /__sandbox/app/session-token` `{"user_id": 1}` answers `{"session_token": <JWT>}`
  for the token-exchange grant (wall-clock `iat`/`nbf`/`exp`, one minute).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from stockbridge_sandboxes.shopify import session_tokens
from stockbridge_sandboxes.shopify.oauth import StaffUser

if TYPE_CHECKING:
    from stockbridge_sandboxes.shopify.app import Response, SandboxApp

MAX_TEXT = 255


def _configuration(app: SandboxApp) -> dict[str, Any]:
    credentials = app.credentials
    return {
        "scopes": credentials.scopes,
        "redirect_urls": list(credentials.redirect_urls),
        "users": sorted(credentials.users),
    }


def _text(body: dict[str, Any], key: str, default: str = "") -> str:
    value = body.get(key, default)
    if not isinstance(value, str) or len(value) > MAX_TEXT or "\x00" in value:
        raise ValueError(f"{key}: must be a string of at most {MAX_TEXT} characters")
    return value


def handle(app: SandboxApp, rest: list[str], body: dict[str, Any]) -> Response:
    from stockbridge_sandboxes.shopify.app import Response

    credentials = app.credentials
    if not isinstance(body, dict):
        return Response.json(400, {"errors": "the body must be a JSON object"})
    try:
        if rest == []:
            if "scopes" in body:
                credentials.scopes = _text(body, "scopes")
            if "redirect_urls" in body:
                urls = body["redirect_urls"]
                if not isinstance(urls, list) or not urls or len(urls) > 50:
                    raise ValueError("redirect_urls: must be a list of 1 to 50 URLs")
                credentials.redirect_urls = tuple(_text({"u": u}, "u") for u in urls)
            return Response.json(200, _configuration(app))
        if rest == ["users"]:
            user_id = body.get("id")
            permissions = body.get("permissions")
            if not isinstance(user_id, int) or user_id <= 0:
                raise ValueError("id: must be a positive integer")
            if permissions is not None and not isinstance(permissions, list):
                raise ValueError("permissions: must be a list of scope handles or null")
            credentials.users[user_id] = StaffUser(
                id=user_id,
                first_name=_text(body, "first_name"),
                last_name=_text(body, "last_name"),
                email=_text(body, "email"),
                account_owner=bool(body.get("account_owner", False)),
                collaborator=bool(body.get("collaborator", False)),
                locale=_text(body, "locale", "en"),
                permissions=None
                if permissions is None
                else tuple(_text({"p": p}, "p") for p in permissions),
            )
            return Response.json(200, _configuration(app))
        if rest == ["session-token"]:
            user_id = body.get("user_id", 1)
            if user_id not in credentials.users:
                raise ValueError("user_id: no such staff user")
            token = session_tokens.mint(
                shop=app.shop_domain,
                client_id=credentials.client_id,
                secret=credentials.client_secret,
                user_id=int(user_id),
                now=int(app.wall_time()),
            )
            return Response.json(200, {"session_token": token})
    except ValueError as exc:
        return Response.json(400, {"errors": str(exc)})
    return Response.json(404, {"errors": "Not Found"})
