"""How each request proves who we are (WooCommerce's REST authentication): HTTP Basic with
the consumer key and secret over HTTPS; over plain HTTP, OAuth 1.0a "one-legged" (RFC 5849)
signed HMAC-SHA256 with the key `consumer_secret&`, in the Authorization header, a fresh
nonce and timestamp for every attempt. The body is not signed."""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from urllib.parse import quote

from stockbridge.channels.errors import AuthFailed

SIGNATURE_METHOD = "HMAC-SHA256"


def _encode(text: str) -> str:
    return quote(text, safe="~-._")


@dataclass(frozen=True)
class ApiKey:
    consumer_key: str
    consumer_secret: str

    @classmethod
    def parse(cls, token: str) -> ApiKey:
        """A channel's token is WooCommerce's REST API key as `consumer_key:consumer_secret`."""
        key, _, secret = token.partition(":")
        if not key or not secret:
            raise AuthFailed(
                "the WooCommerce token must be the REST API key as consumer_key:consumer_secret"
            )
        return cls(key.strip(), secret.strip())


@dataclass
class Signer:
    key: ApiKey
    now: Callable[[], float] = time.time
    nonce: Callable[[], str] = field(default=lambda: secrets.token_hex(16))

    def headers(self, method: str, url: str, query: Sequence[tuple[str, str]]) -> dict[str, str]:
        """The Authorization header for one attempt at `method url?query`."""
        if url.startswith("https://"):
            pair = f"{self.key.consumer_key}:{self.key.consumer_secret}".encode()
            return {"Authorization": "Basic " + base64.b64encode(pair).decode()}
        oauth = {
            "oauth_consumer_key": self.key.consumer_key,
            "oauth_nonce": self.nonce(),
            "oauth_signature_method": SIGNATURE_METHOD,
            "oauth_timestamp": str(int(self.now())),
        }
        params = [*query, *oauth.items()]
        normalized = "&".join(
            f"{k}={v}" for k, v in sorted((_encode(k), _encode(v)) for k, v in params)
        )
        base = "&".join((method.upper(), _encode(url), _encode(normalized)))
        digest = hmac.new(
            f"{_encode(self.key.consumer_secret)}&".encode(), base.encode(), hashlib.sha256
        ).digest()
        oauth["oauth_signature"] = base64.b64encode(digest).decode()
        return {
            "Authorization": "OAuth "
            + ", ".join(f'{_encode(k)}="{_encode(v)}"' for k, v in oauth.items())
        }
