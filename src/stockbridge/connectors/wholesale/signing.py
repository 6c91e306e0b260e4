"""OAuth 1.0 request signing as the portal accepts it (API.md §2), in both styles:

- `portal` (style A, the portal's own): HMAC-SHA1 as lower-case hex over METHOD + URL (no
  query) + "?" + the OAuth parameters in a fixed order, unencoded; the header unquoted;
- `rfc5849` (style B): base64 HMAC-SHA1 over METHOD&enc(URL)&enc(sorted encoded parameters,
  the query included), values quoted and percent-encoded.

The key is `consumer_secret&token_secret` (RFC 5849: each percent-encoded; the token secret
empty on initiate). Bodies
are never signed. Pure: the nonce and the timestamp are given."""

from __future__ import annotations

import base64
import hashlib
import hmac
from collections.abc import Sequence
from dataclasses import dataclass
from urllib.parse import quote

STYLES = ("portal", "rfc5849")
STYLE_A_ORDER = (
    "oauth_consumer_key",
    "oauth_token",
    "oauth_timestamp",
    "oauth_nonce",
    "oauth_version",
    "oauth_signature_method",
)


@dataclass(frozen=True, slots=True)
class Keys:
    """The consumer pair and a token pair (temporary during the handshake, else permanent)."""

    consumer_key: str
    consumer_secret: str
    token: str = ""
    token_secret: str = ""


def enc(value: str) -> str:
    return quote(value, safe="~-._")


def authorization(
    *,
    style: str,
    method: str,
    url: str,
    query: Sequence[tuple[str, str]],
    keys: Keys,
    nonce: str,
    timestamp: int,
    extra: Sequence[tuple[str, str]] = (),
) -> str:
    """The Authorization header of one request. `extra` are the OAuth parameters of one step
    (`oauth_callback` on initiate, `oauth_verifier` on token); `application_name` among them
    travels in the header unsigned in the portal's style."""
    params = {
        "oauth_consumer_key": keys.consumer_key,
        "oauth_token": keys.token,
        "oauth_timestamp": str(timestamp),
        "oauth_nonce": nonce,
        "oauth_version": "1.0",
        "oauth_signature_method": "HMAC-SHA1",
    }
    if style == "portal":
        key = f"{keys.consumer_secret}&{keys.token_secret}".encode()
        base = method.upper() + url + "?" + "&".join(f"{k}={params[k]}" for k in STYLE_A_ORDER)
        for name, value in extra:
            if name in ("oauth_verifier", "oauth_callback"):
                base += f"&{name}={value}"
        signature = hmac.new(key, base.encode(), hashlib.sha1).hexdigest()
        pairs = [*params.items(), ("oauth_signature", signature), *extra]
        return "oAuth " + ",".join(f"{k}={v}" for k, v in pairs)
    if style != "rfc5849":
        raise ValueError(f"unknown signature style {style!r} (known: {', '.join(STYLES)})")
    key = f"{enc(keys.consumer_secret)}&{enc(keys.token_secret)}".encode()
    signed = [*params.items(), *extra, *query]
    normalized = "&".join(f"{k}={v}" for k, v in sorted((enc(k), enc(v)) for k, v in signed))
    base = "&".join((method.upper(), enc(url), enc(normalized)))
    signature = base64.b64encode(hmac.new(key, base.encode(), hashlib.sha1).digest()).decode()
    pairs = [*params.items(), *extra, ("oauth_signature", signature)]
    return "OAuth " + ", ".join(f'{k}="{enc(v)}"' for k, v in pairs)
