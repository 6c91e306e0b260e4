"""The app installed on the sandbox shop: its configuration, its staff users, and its grants.

The token endpoint (`exchange`) serves Shopify's grants (API-NOTES §2.9):

* authorization code: non-expiring offline token (`{access_token, scope}`), an expiring one
  with `expiring=1` (`expires_in` 3600, `refresh_token`, `refresh_token_expires_in` 90 days),
  or an online (per-user) token when the code came from `grant_options[]=per-user`
  (`expires_in` 86399, `associated_user_scope`, `associated_user`);
* `refresh_token`: a new expiring pair; the refresh token used stays valid until its
  replacement is used (at most 30 days after its first use), then it is retired;
* token exchange (`urn:ietf:params:oauth:grant-type:token-exchange`): a session token signed
  with the app secret for an offline (optionally expiring) or online token;
* `client_credentials`: a 24-hour token.

Only one expiring offline token is active per app and shop: issuing one revokes the others.
Lifetimes run on the sandbox clock, so advancing it expires tokens.
"""

from __future__ import annotations

import hmac
import secrets
from dataclasses import dataclass, field
from typing import Any

from stockbridge_sandboxes.shopify import access_scopes, session_tokens
from stockbridge_sandboxes.shopify.callback_signing import query_hmac, verify_query

DEMO_CLIENT_ID = "sandbox-client-id"
DEMO_CLIENT_SECRET = "sandbox-app-secret"  # noqa: S105 - the sandbox's well-known demo secret
DEMO_API_CLIENT_ID = "1000001"
DEMO_REDIRECT_URLS = ("http://localhost:8000/auth/callback",)
DEFAULT_SCOPES = ",".join(s for s in access_scopes.MODELLED_SCOPES if s.startswith("write_"))

EXPIRING_OFFLINE_SECONDS = 3600
REFRESH_TOKEN_SECONDS = 90 * 24 * 3600
REFRESH_RETRY_SECONDS = 30 * 24 * 3600
ONLINE_SECONDS = 86399
CLIENT_CREDENTIALS_SECONDS = 86399

TOKEN_EXCHANGE = "urn:ietf:params:oauth:grant-type:token-exchange"  # noqa: S105 - a URN
ID_TOKEN = "urn:ietf:params:oauth:token-type:id_token"  # noqa: S105 - a URN, not a secret
OFFLINE_TOKEN = "urn:shopify:params:oauth:token-type:offline-access-token"  # noqa: S105
ONLINE_TOKEN = "urn:shopify:params:oauth:token-type:online-access-token"  # noqa: S105

__all__ = ["query_hmac", "verify_query"]


@dataclass(frozen=True)
class StaffUser:
    """A staff member of the sandbox shop; `permissions` None: every scope (the owner)."""

    id: int
    first_name: str
    last_name: str
    email: str
    account_owner: bool = False
    collaborator: bool = False
    email_verified: bool = True
    locale: str = "en"
    permissions: tuple[str, ...] | None = None

    def allowed(self, scopes: tuple[str, ...]) -> tuple[str, ...]:
        if self.permissions is None:
            return scopes
        mine = access_scopes.implied(self.permissions)
        both = access_scopes.implied(scopes) & mine
        # Condensed as Shopify writes scopes: a `read_*` its `write_*` implies is left out.
        return tuple(
            sorted(s for s in both if s.startswith("write_") or "write_" + s[5:] not in both)
        )

    def associated_user(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "first_name": self.first_name,
            "last_name": self.last_name,
            "email": self.email,
            "email_verified": self.email_verified,
            "account_owner": self.account_owner,
            "locale": self.locale,
            "collaborator": self.collaborator,
        }


SHOP_OWNER = StaffUser(
    id=1,
    first_name="Sandbox",
    last_name="Owner",
    email="owner@stockbridge-sandbox.example",
    account_owner=True,
)


@dataclass
class Grant:
    """What one access token carries."""

    scopes: tuple[str, ...]
    mode: str = "offline"  # offline | online | client_credentials
    expires_at: float | None = None
    expiring: bool = False
    user: StaffUser | None = None
    user_scopes: tuple[str, ...] = ()

    @property
    def effective(self) -> tuple[str, ...]:
        """Online tokens act with the user's scopes, the others with the app's."""
        return self.user_scopes if self.user is not None else self.scopes


@dataclass
class RefreshGrant:
    scopes: tuple[str, ...]
    expires_at: float
    predecessor: str | None = None
    first_used_at: float | None = None
    retired: bool = False


@dataclass
class Code:
    scopes: tuple[str, ...]
    user: StaffUser | None = None


Answer = tuple[int, dict[str, Any]]


def _error(status: int, error: str, description: str) -> Answer:
    return status, {"error": error, "error_description": description}


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
    # The app's configured scopes (granted when an install asks for none, and by token
    # exchange) and its allowed redirection URLs.
    scopes: str = DEFAULT_SCOPES
    redirect_urls: tuple[str, ...] = DEMO_REDIRECT_URLS
    users: dict[int, StaffUser] = field(default_factory=lambda: {SHOP_OWNER.id: SHOP_OWNER})
    tokens: dict[str, Grant] = field(default_factory=dict)
    refresh_tokens: dict[str, RefreshGrant] = field(default_factory=dict)
    codes: dict[str, Code] = field(default_factory=dict)

    # -- tokens ----------------------------------------------------------------------------
    def issue_token(self, scopes: str = DEFAULT_SCOPES, token: str | None = None) -> str:
        """A non-expiring offline token (the demo token, custom-app style)."""
        token = token or "shpat_" + secrets.token_hex(16)
        self.tokens[token] = Grant(access_scopes.parse(scopes))
        return token

    def grant(self, token: str | None, now: float) -> Grant | None:
        """The live grant of `token`: None when unknown, revoked or expired."""
        found = self.tokens.get(token or "")
        if found is None or (found.expires_at is not None and now >= found.expires_at):
            return None
        return found

    def revoke(self, token: str) -> bool:
        return self.tokens.pop(token, None) is not None

    def _expiring_pair(
        self, scopes: tuple[str, ...], now: float, predecessor: str | None
    ) -> Answer:
        for token, grant in list(self.tokens.items()):
            if grant.expiring:
                del self.tokens[token]
        if predecessor is None:  # a fresh acquisition, not a refresh: older pairs are revoked
            self.refresh_tokens.clear()
        access = "shpat_" + secrets.token_hex(16)
        refresh = "shprt_" + secrets.token_hex(16)
        self.tokens[access] = Grant(
            scopes, expires_at=now + EXPIRING_OFFLINE_SECONDS, expiring=True
        )
        self.refresh_tokens[refresh] = RefreshGrant(
            scopes, expires_at=now + REFRESH_TOKEN_SECONDS, predecessor=predecessor
        )
        return 200, {
            "access_token": access,
            "expires_in": EXPIRING_OFFLINE_SECONDS,
            "refresh_token": refresh,
            "refresh_token_expires_in": REFRESH_TOKEN_SECONDS,
            "scope": ",".join(scopes),
        }

    def _online(self, scopes: tuple[str, ...], user: StaffUser, now: float) -> Answer:
        token = "shpua_" + secrets.token_hex(16)
        user_scopes = user.allowed(scopes)
        self.tokens[token] = Grant(
            scopes,
            mode="online",
            expires_at=now + ONLINE_SECONDS,
            user=user,
            user_scopes=user_scopes,
        )
        return 200, {
            "access_token": token,
            "scope": ",".join(scopes),
            "expires_in": ONLINE_SECONDS,
            "associated_user_scope": ",".join(user_scopes),
            "associated_user": user.associated_user(),
        }

    def _offline(self, scopes: tuple[str, ...], expiring: bool, now: float) -> Answer:
        if expiring:
            return self._expiring_pair(scopes, now, None)
        return 200, {"access_token": self.issue_token(",".join(scopes)), "scope": ",".join(scopes)}

    # -- authorization code ------------------------------------------------------------------
    def allows_redirect(self, redirect_uri: str) -> bool:
        """Shopify redirects only to one of the app's allowed redirection URLs (the query
        string aside)."""
        return redirect_uri.split("?", 1)[0] in self.redirect_urls

    def authorize(
        self,
        *,
        shop: str,
        scopes: str,
        state: str,
        timestamp: int,
        host: str,
        user: StaffUser | None,
    ) -> dict[str, str]:
        """Approve an install: mint a code and return the callback's parameters (unsigned)."""
        code = secrets.token_hex(16)
        self.codes[code] = Code(access_scopes.parse(scopes or self.scopes), user)
        params = {"code": code, "host": host, "shop": shop, "state": state}
        params["timestamp"] = str(timestamp)
        return params

    # -- the token endpoint ------------------------------------------------------------------
    def exchange(self, form: dict[str, str], *, shop: str, now: float, wall: float) -> Answer:
        """`POST /admin/oauth/access_token`: (status, JSON body)."""
        if form.get("client_id") != self.client_id or not hmac.compare_digest(
            form.get("client_secret", ""), self.client_secret
        ):
            return _error(400, "invalid_client", "Client credentials are invalid")
        grant_type = form.get("grant_type", "")
        expiring = form.get("expiring") == "1"
        if grant_type == "client_credentials":
            token = "shpat_" + secrets.token_hex(16)
            scopes = access_scopes.parse(self.scopes)
            self.tokens[token] = Grant(
                scopes, mode="client_credentials", expires_at=now + CLIENT_CREDENTIALS_SECONDS
            )
            return 200, {
                "access_token": token,
                "scope": ",".join(scopes),
                "expires_in": CLIENT_CREDENTIALS_SECONDS,
            }
        if grant_type == "refresh_token":
            return self._refresh(form.get("refresh_token", ""), now)
        if grant_type == TOKEN_EXCHANGE:
            return self._token_exchange(form, shop=shop, now=now, wall=wall)
        if grant_type not in ("", "authorization_code"):
            return _error(400, "unsupported_grant_type", f"Unsupported grant type: {grant_type}")
        code = self.codes.pop(form.get("code", ""), None)
        if code is None:
            return _error(
                400,
                "invalid_request",
                "The authorization code was not found or was already used",
            )
        if code.user is not None:
            return self._online(code.scopes, code.user, now)
        return self._offline(code.scopes, expiring, now)

    def _refresh(self, token: str, now: float) -> Answer:
        found = self.refresh_tokens.get(token)
        if (
            found is None
            or found.retired
            or now >= found.expires_at
            or (
                found.first_used_at is not None
                and now >= found.first_used_at + REFRESH_RETRY_SECONDS
            )
        ):
            return _error(400, "invalid_grant", "The refresh token is invalid or has expired")
        if found.first_used_at is None:
            found.first_used_at = now
        if found.predecessor is not None and found.predecessor in self.refresh_tokens:
            self.refresh_tokens[found.predecessor].retired = True
        return self._expiring_pair(found.scopes, now, token)

    def _token_exchange(
        self, form: dict[str, str], *, shop: str, now: float, wall: float
    ) -> Answer:
        if form.get("subject_token_type") != ID_TOKEN:
            return _error(400, "invalid_request", f"subject_token_type must be {ID_TOKEN}")
        try:
            payload = session_tokens.decode(
                form.get("subject_token", ""),
                shop=shop,
                client_id=self.client_id,
                secret=self.client_secret,
                now=int(wall),
            )
        except session_tokens.InvalidSessionToken as exc:
            return _error(400, "invalid_subject_token", f"Invalid subject token: {exc}")
        requested = form.get("requested_token_type") or OFFLINE_TOKEN
        scopes = access_scopes.parse(self.scopes)
        if requested == OFFLINE_TOKEN:
            return self._offline(scopes, form.get("expiring") == "1", now)
        if requested != ONLINE_TOKEN:
            return _error(400, "invalid_request", f"Unsupported requested_token_type: {requested}")
        user = self.users.get(int(payload["sub"])) if str(payload.get("sub")).isdigit() else None
        if user is None:
            return _error(400, "invalid_subject_token", "Invalid subject token: unknown user")
        return self._online(scopes, user, now)
