"""The app, its tokens and the OAuth flows: authorization code, client credentials, revoke.

Query strings are signed as Shopify signs them: drop `hmac` (and the legacy `signature`), sort
the rest, join as `k=v&...`, hex HMAC-SHA256 with the app secret (API-NOTES §2.9).
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass, field
from urllib.parse import urlencode

DEMO_CLIENT_ID = "sandbox-client-id"
DEMO_CLIENT_SECRET = "sandbox-app-secret"  # noqa: S105 - the sandbox's well-known demo secret
DEMO_API_CLIENT_ID = "1000001"
DEFAULT_SCOPES = (
    "read_products,write_products,read_inventory,write_inventory,read_orders,write_orders,"
    "read_customers,write_customers,read_fulfillments,write_fulfillments,read_locations"
)


def query_hmac(params: dict[str, str], secret: str) -> str:
    message = "&".join(
        f"{k}={v}" for k, v in sorted(params.items()) if k not in ("hmac", "signature")
    )
    return hmac.new(secret.encode(), message.encode(), hashlib.sha256).hexdigest()


def verify_query(params: dict[str, str], secret: str) -> bool:
    given = params.get("hmac", "")
    return hmac.compare_digest(given, query_hmac(params, secret))


@dataclass
class AppCredentials:
    """The one app installed on the sandbox shop, and the tokens issued to it."""

    client_id: str = DEMO_CLIENT_ID
    client_secret: str = DEMO_CLIENT_SECRET
    # The numeric id of the app's API client (`app--<id>` namespaces, EventBridge ARNs).
    api_client_id: str = DEMO_API_CLIENT_ID
    # The app's configured webhook API version (`shopify.app.toml`): subscriptions it creates
    # carry it. Empty: the version of the request that creates them.
    webhook_api_version: str = ""
    tokens: dict[str, str] = field(default_factory=dict)  # token -> granted scopes
    codes: dict[str, str] = field(default_factory=dict)  # authorization code -> scopes

    def issue_token(self, scopes: str = DEFAULT_SCOPES, token: str | None = None) -> str:
        token = token or "shpat_" + secrets.token_hex(16)
        self.tokens[token] = scopes
        return token

    def valid(self, token: str | None) -> bool:
        return bool(token) and token in self.tokens

    def revoke(self, token: str) -> bool:
        return self.tokens.pop(token, None) is not None

    def authorize(self, shop: str, scopes: str, redirect_uri: str, state: str, now: int) -> str:
        """Approve an install: mint a code and return the signed callback URL."""
        code = secrets.token_hex(16)
        self.codes[code] = scopes or DEFAULT_SCOPES
        params = {"code": code, "shop": shop, "state": state, "timestamp": str(now)}
        params["hmac"] = query_hmac(params, self.client_secret)
        separator = "&" if "?" in redirect_uri else "?"
        return f"{redirect_uri}{separator}{urlencode(params)}"

    def exchange(self, form: dict[str, str]) -> tuple[int, dict[str, object]]:
        """The `/admin/oauth/access_token` endpoint: code or client-credentials grant."""
        if form.get("client_id") != self.client_id or not hmac.compare_digest(
            form.get("client_secret", ""), self.client_secret
        ):
            return 400, {
                "error": "invalid_client",
                "error_description": "Client credentials are invalid",
            }
        if form.get("grant_type") == "client_credentials":
            token = self.issue_token(DEFAULT_SCOPES)
            return 200, {"access_token": token, "scope": DEFAULT_SCOPES, "expires_in": 86399}
        scopes = self.codes.pop(form.get("code", ""), None)
        if scopes is None:
            return 400, {
                "error": "invalid_request",
                "error_description": "The authorization code was not found or was already used",
            }
        return 200, {"access_token": self.issue_token(scopes), "scope": scopes}
