"""WooCommerce REST authentication (`WC_REST_Authentication`): HTTP Basic (or the key and
secret as query parameters) over HTTPS; OAuth 1.0a "one-legged" (RFC 5849) over plain HTTP,
signed HMAC-SHA1 or HMAC-SHA256 with the key `consumer_secret&`, the parameters in the query
string or the Authorization header, a timestamp within 15 minutes and a nonce used once per
key. The body is not signed."""

from __future__ import annotations

import base64
import hashlib
import hmac
from dataclasses import dataclass, field
from urllib.parse import quote, unquote

from .errors import RestError

WINDOW_SECONDS = 15 * 60
METHODS = {"HMAC-SHA1": hashlib.sha1, "HMAC-SHA256": hashlib.sha256}
REQUIRED = (
    "oauth_consumer_key",
    "oauth_timestamp",
    "oauth_nonce",
    "oauth_signature",
    "oauth_signature_method",
)


@dataclass
class ApiKey:
    consumer_key: str
    consumer_secret: str
    permissions: str = "read_write"  # read, write or read_write
    user_id: int = 1


@dataclass
class Keys:
    keys: list[ApiKey] = field(default_factory=list)
    nonces: dict[str, dict[str, float]] = field(default_factory=dict)  # key -> nonce -> time

    def find(self, consumer_key: str) -> ApiKey | None:
        return next(
            (k for k in self.keys if hmac.compare_digest(k.consumer_key, consumer_key)), None
        )


def _error(message: str) -> RestError:
    return RestError(401, "woocommerce_rest_authentication_error", message)


def encode(text: str) -> str:
    """RFC 3986 percent-encoding (OAuth 1.0a section 3.6)."""
    return quote(text, safe="~-._")


def base_string(method: str, url: str, params: list[tuple[str, str]]) -> str:
    """RFC 5849 section 3.4.1: METHOD & encoded base URI & encoded sorted parameters."""
    pairs = sorted((encode(k), encode(v)) for k, v in params if k != "oauth_signature")
    normalized = "&".join(f"{k}={v}" for k, v in pairs)
    return "&".join((method.upper(), encode(url), encode(normalized)))


def sign(method: str, url: str, params: list[tuple[str, str]], secret: str, algorithm: str) -> str:
    digest = hmac.new(
        f"{encode(secret)}&".encode(), base_string(method, url, params).encode(), METHODS[algorithm]
    ).digest()
    return base64.b64encode(digest).decode()


def header_params(header: str) -> list[tuple[str, str]]:
    """`OAuth k="v", ...` as decoded pairs."""
    text = header.strip()
    if not text.lower().startswith("oauth "):
        return []
    pairs = []
    for part in text[6:].split(","):
        if "=" not in part:
            continue
        key, _, value = part.strip().partition("=")
        if key == "realm":
            continue
        pairs.append((unquote(key), unquote(value.strip().strip('"'))))
    return pairs


def authenticate(
    keys: Keys,
    *,
    method: str,
    url: str,
    https: bool,
    query: list[tuple[str, str]],
    headers: dict[str, str],
    now: float,
) -> ApiKey | None:
    """The key the request authenticates as; None when it carries no credentials (WordPress
    then answers as for a visitor); a `RestError` 401 when it carries wrong ones."""
    authorization = headers.get("authorization", "")
    if https:
        if authorization.lower().startswith("basic "):
            try:
                user, _, password = base64.b64decode(authorization[6:]).decode().partition(":")
            except (ValueError, UnicodeDecodeError):
                raise _error("Consumer key is invalid.") from None
        else:
            given = dict(query)
            user, password = given.get("consumer_key", ""), given.get("consumer_secret", "")
        if not user:
            return None
        key = keys.find(user)
        if key is None:
            raise _error("Consumer key is invalid.")
        if not hmac.compare_digest(key.consumer_secret, password):
            raise _error("Consumer secret is invalid.")
        return key
    oauth = header_params(authorization)
    params = list(query) + oauth
    given = dict(params)
    if not any(k.startswith("oauth_") for k in given):
        return None
    for name in REQUIRED:
        if not given.get(name):
            raise _error(f"Missing OAuth parameter {name}")
    key = keys.find(given["oauth_consumer_key"])
    if key is None:
        raise _error("Consumer key is invalid.")
    algorithm = given["oauth_signature_method"]
    if algorithm not in METHODS:
        raise _error("Invalid signature - signature method is invalid.")
    expected = sign(method, url, params, key.consumer_secret, algorithm)
    if not hmac.compare_digest(expected, given["oauth_signature"]):
        raise _error("Invalid signature - provided signature does not match.")
    try:
        stamp = int(given["oauth_timestamp"])
    except ValueError:
        raise _error("Invalid timestamp.") from None
    if abs(now - stamp) > WINDOW_SECONDS:
        raise _error("Invalid timestamp.")
    used = keys.nonces.setdefault(key.consumer_key, {})
    for nonce, at in list(used.items()):
        if now - at > WINDOW_SECONDS:
            del used[nonce]
    if given["oauth_nonce"] in used:
        raise _error("Invalid nonce - nonce has already been used.")
    used[given["oauth_nonce"]] = now
    return key
