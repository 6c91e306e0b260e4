"""Installing the app on a store by OAuth (authorization code grant, API-NOTES §2.9), and
refreshing expiring offline tokens.

1. `install_url`: the store's `/admin/oauth/authorize` page with our client id, the scopes we
   ask for, where to come back and a state nonce.
2. `complete_install`: the callback's query string is signed by Shopify: drop `hmac` (and the
   legacy `signature`), sort the rest, join as `k=v&...`, hex HMAC-SHA256 with the app's
   secret; compared in constant time. Its `shop` must be a `*.myshopify.com` domain and the
   store we started with; its `state` the nonce we issued. Then the code is exchanged at the
   store's `/admin/oauth/access_token`, asking for an expiring offline token (`expiring=1`:
   Shopify requires them of public apps from 2027-01-01; the answer adds `expires_in` and a
   `refresh_token`).
3. `refresh`: `grant_type=refresh_token` at the same endpoint gives a new expiring pair.

The same code talks to a real store and to the sandbox: only the endpoint's base URL differs.
"""

from __future__ import annotations

import hashlib
import hmac
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import timedelta
from typing import Any
from urllib.parse import urlencode

import httpx

from stockbridge.channels.errors import AuthFailed, ChannelError, Rejected, Unavailable
from stockbridge.channels.port import Credentials, Endpoint
from stockbridge.platform import clock
from stockbridge.platform.errors import FieldError

from .errors import excerpt

SHOP_DOMAIN = re.compile(r"^[a-zA-Z0-9][a-zA-Z0-9\-]*\.myshopify\.com$")


def callback_hmac(params: Mapping[str, str], secret: str) -> str:
    """The hex signature Shopify puts on a callback's query string."""
    message = "&".join(
        f"{k}={v}" for k, v in sorted(params.items()) if k not in ("hmac", "signature")
    )
    return hmac.new(secret.encode(), message.encode(), hashlib.sha256).hexdigest()


@dataclass(frozen=True)
class ShopifyInstaller:
    client_id: str
    client_secret: str
    transport: httpx.BaseTransport | None = None
    timeout: float = 30.0

    def install_url(
        self, *, endpoint: Endpoint, state: str, redirect_uri: str, scopes: Sequence[str]
    ) -> str:
        query = urlencode(
            {
                "client_id": self.client_id,
                "scope": ",".join(scopes),
                "redirect_uri": redirect_uri,
                "state": state,
            }
        )
        return f"{endpoint.base_url.rstrip('/')}/admin/oauth/authorize?{query}"

    def complete_install(
        self, *, endpoint: Endpoint, params: Mapping[str, str], state: str
    ) -> Credentials:
        given = str(params.get("hmac", ""))
        if not given:
            raise FieldError("hmac", "the callback is not signed")
        expected = callback_hmac({k: str(v) for k, v in params.items()}, self.client_secret)
        if not hmac.compare_digest(given.encode(), expected.encode()):
            raise FieldError("hmac", "the callback's signature does not match: not from Shopify")
        shop = str(params.get("shop", ""))
        if not SHOP_DOMAIN.fullmatch(shop):
            raise FieldError("shop", f"not a Shopify store domain: {shop[:100]!r}")
        if shop.lower() != endpoint.domain.lower():
            raise FieldError("shop", f"the install came from {shop}, not {endpoint.domain}")
        if not state or not hmac.compare_digest(
            str(params.get("state", "")).encode(), state.encode()
        ):
            raise FieldError("state", "does not match the install we started (stale or forged)")
        code = str(params.get("code", ""))
        if not code:
            raise FieldError("code", "the callback carries no authorization code")
        answer = self._token_request(
            endpoint,
            {
                "client_id": self.client_id,
                "client_secret": self.client_secret,
                "code": code,
                "expiring": "1",
            },
            refusal_field="code",
        )
        return credentials_from(answer)

    def refresh(self, *, endpoint: Endpoint, credentials: Credentials) -> Credentials:
        if not credentials.refresh_token:
            raise AuthFailed("the access token cannot be refreshed: connect the store again")
        answer = self._token_request(
            endpoint,
            {
                "client_id": self.client_id,
                "client_secret": self.client_secret,
                "grant_type": "refresh_token",
                "refresh_token": credentials.refresh_token,
            },
            refusal_field="",
        )
        return credentials_from(answer)

    def _token_request(
        self, endpoint: Endpoint, form: dict[str, str], *, refusal_field: str
    ) -> dict[str, Any]:
        url = f"{endpoint.base_url.rstrip('/')}/admin/oauth/access_token"
        try:
            with httpx.Client(transport=self.transport, timeout=self.timeout) as http:
                response = http.post(url, data=form, headers={"Accept": "application/json"})
        except httpx.HTTPError as exc:
            raise Unavailable(f"could not reach Shopify ({type(exc).__name__})") from exc
        if response.status_code >= 500:
            raise Unavailable(
                f"Shopify answered HTTP {response.status_code}", excerpt=excerpt(response.text)
            )
        try:
            answer = response.json()
        except ValueError:
            answer = {}
        if response.status_code != 200 or not isinstance(answer, dict):
            raise _refusal(response, answer, refusal_field)
        if not answer.get("access_token"):
            raise Unavailable("Shopify's token answer has no access_token", excerpt=excerpt(answer))
        return answer


def _refusal(response: httpx.Response, answer: Any, field: str) -> ChannelError:
    body = answer if isinstance(answer, dict) else {}
    error = str(body.get("error", ""))
    reason = str(body.get("error_description") or error or f"HTTP {response.status_code}")
    if error == "invalid_client":
        return Rejected("client_id", f"Shopify refused the app's credentials: {reason}")
    if not field:  # a refresh: the grant is gone, the store must be connected again
        return AuthFailed(f"Shopify refused to refresh the token: {reason}")
    return Rejected(field, reason, excerpt=excerpt(response.text))


def credentials_from(answer: Mapping[str, Any]) -> Credentials:
    now = clock.now()
    scopes = frozenset(s.strip() for s in str(answer.get("scope") or "").split(",") if s.strip())
    expires_in = _seconds(answer.get("expires_in"))
    refresh_in = _seconds(answer.get("refresh_token_expires_in"))
    return Credentials(
        access_token=str(answer["access_token"]),
        scopes=scopes,
        expires_at=now + timedelta(seconds=expires_in) if expires_in is not None else None,
        refresh_token=str(answer["refresh_token"]) if answer.get("refresh_token") else None,
        refresh_expires_at=(
            now + timedelta(seconds=refresh_in) if refresh_in is not None else None
        ),
    )


def _seconds(value: Any) -> int | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | str) or not str(value).isdigit():
        raise Unavailable(f"Shopify answered an expiry that is not a number: {value!r}")
    return int(value)
