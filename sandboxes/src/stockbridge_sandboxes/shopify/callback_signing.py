"""Signing the query strings Shopify sends an app (the OAuth callback, the App URL).

Shopify's documented rule (API-NOTES §2.9; the "Verification" section of the OAuth docs):
drop `hmac` (and the legacy `signature`), escape `%` as `%25` and `&` as `%26` in keys and
values and `=` as `%3D` in keys, sort the `k=v` pairs, join them with `&`, and sign with hex
HMAC-SHA256 under the app secret. Shopify's Python library rebuilds exactly this
(`Session.calculate_hmac`). The Node library rebuilds the message with `URLSearchParams`,
which agrees on `%`, `&` and on letters, digits and `-._*`, so a `state` holding `&` or `%`
verifies in both; values holding spaces, `/`, `+` or `=` are serialised differently by the two
libraries (documented in sandboxes/docs/shopify.md).
"""

from __future__ import annotations

import hashlib
import hmac
from urllib.parse import urlencode

UNSIGNED = ("hmac", "signature")


def _pair(key: str, value: str) -> str:
    key = key.replace("%", "%25").replace("=", "%3D")
    value = value.replace("%", "%25")
    return f"{key}={value}".replace("&", "%26")


def query_message(params: dict[str, str]) -> str:
    return "&".join(sorted(_pair(k, v) for k, v in params.items() if k not in UNSIGNED))


def query_hmac(params: dict[str, str], secret: str) -> str:
    message = query_message(params)
    return hmac.new(secret.encode(), message.encode(), hashlib.sha256).hexdigest()


def verify_query(params: dict[str, str], secret: str) -> bool:
    given = params.get("hmac", "")
    return hmac.compare_digest(given, query_hmac(params, secret))


def signed_query(params: dict[str, str], secret: str) -> str:
    """`params` and their `hmac`, as the (form-encoded) query string of a redirect URL."""
    return urlencode({**params, "hmac": query_hmac(params, secret)})
