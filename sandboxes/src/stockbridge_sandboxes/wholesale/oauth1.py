"""OAuth 1.0 as the portal checks it: a lenient Authorization header, and a signature that
passes in either style the portal's clients use (API.md §2):

- style A (the portal's own): HMAC-SHA1 in lower-case hex over METHOD + URL (with or without its
  query) + "?" + the OAuth parameters in a fixed order, unencoded;
- style B (RFC 5849): base64 HMAC-SHA1 over METHOD&enc(URL)&enc(sorted, encoded parameters).

The key is `consumer_secret&token_secret` in both. Timestamps may be 15 minutes off the
portal's clock; a nonce is accepted once."""

from __future__ import annotations

import base64
import hashlib
import hmac
import re
from dataclasses import dataclass
from urllib.parse import quote

SKEW_SECONDS = 15 * 60
_PAIR = re.compile(r'\s*([A-Za-z0-9_]+)\s*=\s*(?:"([^"]*)"|([^,]*))\s*(?:,|$)')
STYLE_A_ORDER = (
    "oauth_consumer_key",
    "oauth_token",
    "oauth_timestamp",
    "oauth_nonce",
    "oauth_version",
    "oauth_signature_method",
)


class OAuthRefused(Exception):
    """The request's OAuth is missing or wrong: answered 401 `{"code": 401, "message"}`."""


def parse_header(header: str) -> dict[str, str]:
    """The parameters of an `OAuth`/`oAuth` header, quoted or not, `,` or `, ` separated."""
    scheme, _, rest = header.strip().partition(" ")
    if scheme.lower() != "oauth":
        if not header.lower().startswith("oauth"):
            raise OAuthRefused("authorization header is not OAuth")
        rest = header[5:]
    params: dict[str, str] = {}
    for match in _PAIR.finditer(rest):
        name, quoted, bare = match.groups()
        value = quoted if quoted is not None else (bare or "").strip()
        params[name] = _unquote(value)
    return params


def _unquote(value: str) -> str:
    from urllib.parse import unquote

    return unquote(value)


def enc(value: str) -> str:
    return quote(value, safe="~-._")


def style_a_base(method: str, url: str, params: dict[str, str]) -> str:
    text = method.upper() + url + "?" + "&".join(f"{k}={params.get(k, '')}" for k in STYLE_A_ORDER)
    for extra in ("oauth_verifier", "oauth_callback"):
        if extra in params:
            text += f"&{extra}={params[extra]}"
    return text


def style_a_signature(base: str, consumer_secret: str, token_secret: str) -> str:
    key = f"{consumer_secret}&{token_secret}".encode()
    return hmac.new(key, base.encode(), hashlib.sha1).hexdigest()


def style_b_base(
    method: str, url: str, params: dict[str, str], query: list[tuple[str, str]]
) -> str:
    pairs = [(k, v) for k, v in params.items() if k not in ("oauth_signature", "realm")]
    pairs += query
    normalized = "&".join(f"{k}={v}" for k, v in sorted((enc(k), enc(v)) for k, v in pairs))
    return "&".join((method.upper(), enc(url), enc(normalized)))


def style_b_signature(base: str, consumer_secret: str, token_secret: str) -> str:
    key = f"{enc(consumer_secret)}&{enc(token_secret)}".encode()
    return base64.b64encode(hmac.new(key, base.encode(), hashlib.sha1).digest()).decode()


@dataclass(frozen=True, slots=True)
class Signed:
    consumer_key: str
    token: str
    style: str  # "A" or "B"
    params: dict[str, str]


def verify(
    *,
    method: str,
    url: str,
    query: list[tuple[str, str]],
    header: str,
    consumer_secret_of: dict[str, str],
    token_secret_of: dict[str, str],
    now: float,
    seen_nonces: set[tuple[str, str, str]],
) -> Signed:
    """Check one request's OAuth; raises OAuthRefused saying why. `url` is scheme://host/path."""
    if not header:
        raise OAuthRefused("missing OAuth authorization header")
    params = parse_header(header)
    key = params.get("oauth_consumer_key", "")
    if key not in consumer_secret_of:
        raise OAuthRefused("unknown oauth_consumer_key")
    if params.get("oauth_signature_method", "HMAC-SHA1").upper() != "HMAC-SHA1":
        raise OAuthRefused("oauth_signature_method must be HMAC-SHA1")
    token = params.get("oauth_token", "")
    if token and token not in token_secret_of:
        raise OAuthRefused("unknown or revoked oauth_token")
    try:
        timestamp = int(params.get("oauth_timestamp", ""))
    except ValueError:
        raise OAuthRefused("oauth_timestamp must be Unix seconds") from None
    if abs(timestamp - now) > SKEW_SECONDS:
        raise OAuthRefused("oauth_timestamp is more than 15 minutes off the server's clock")
    nonce = params.get("oauth_nonce", "")
    if not nonce:
        raise OAuthRefused("missing oauth_nonce")
    given = params.get("oauth_signature", "")
    secrets = (consumer_secret_of[key], token_secret_of.get(token, ""))
    style = _matching_style(method, url, query, params, given, secrets)
    if style is None:
        raise OAuthRefused("invalid oauth_signature")
    replay = (key, nonce, str(timestamp))
    if replay in seen_nonces:
        raise OAuthRefused("oauth_nonce has been used before")
    seen_nonces.add(replay)
    return Signed(consumer_key=key, token=token, style=style, params=params)


def _matching_style(
    method: str,
    url: str,
    query: list[tuple[str, str]],
    params: dict[str, str],
    given: str,
    secrets: tuple[str, str],
) -> str | None:
    with_query = url + ("?" + "&".join(f"{k}={v}" for k, v in query) if query else "")
    for candidate in {url, with_query}:
        expected = style_a_signature(style_a_base(method, candidate, params), *secrets)
        if hmac.compare_digest(expected, given.lower()):
            return "A"
    expected_b = style_b_signature(style_b_base(method, url, params, query), *secrets)
    if hmac.compare_digest(expected_b, given):
        return "B"
    return None
