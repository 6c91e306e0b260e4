"""Session tokens: the HS256 JWTs App Bridge hands an embedded app, signed with the app secret.

The payload carries `iss` (`https://{shop}/admin`), `dest` (`https://{shop}`), `aud` (the
client id), `sub` (the staff user id), `exp`, `nbf`, `iat`, `jti` and `sid`; a token lives one
minute [D: https://shopify.dev/docs/apps/build/authentication-authorization/session-tokens].
The sandbox mints them as App Bridge would (so tests and demos can run token exchange) and
checks them at the token endpoint. Their times are wall-clock times: the app checks them
against its own clock, which the sandbox cannot advance.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import secrets
import uuid
from typing import Any

LIFETIME_SECONDS = 60


class InvalidSessionToken(ValueError):
    """The subject token is malformed, wrongly signed, for another app or shop, or expired."""


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def mint(*, shop: str, client_id: str, secret: str, user_id: int, now: int) -> str:
    header = {"alg": "HS256", "typ": "JWT"}
    payload = {
        "iss": f"https://{shop}/admin",
        "dest": f"https://{shop}",
        "aud": client_id,
        "sub": str(user_id),
        "exp": now + LIFETIME_SECONDS,
        "nbf": now,
        "iat": now,
        "jti": str(uuid.uuid4()),
        "sid": secrets.token_hex(32),
    }
    signing_input = f"{_b64(json.dumps(header).encode())}.{_b64(json.dumps(payload).encode())}"
    signature = hmac.new(secret.encode(), signing_input.encode(), hashlib.sha256).digest()
    return f"{signing_input}.{_b64(signature)}"


def decode(token: str, *, shop: str, client_id: str, secret: str, now: int) -> dict[str, Any]:
    """The verified payload, or `InvalidSessionToken` naming what is wrong."""
    parts = token.split(".")
    if len(parts) != 3:
        raise InvalidSessionToken("not a JWT")
    try:
        header = json.loads(_unb64(parts[0]))
        payload = json.loads(_unb64(parts[1]))
        signature = _unb64(parts[2])
    except ValueError as exc:
        raise InvalidSessionToken("not a JWT") from exc
    if not isinstance(header, dict) or header.get("alg") != "HS256":
        raise InvalidSessionToken("the algorithm must be HS256")
    expected = hmac.new(secret.encode(), f"{parts[0]}.{parts[1]}".encode(), hashlib.sha256).digest()
    if not hmac.compare_digest(signature, expected):
        raise InvalidSessionToken("the signature does not match the app secret")
    if not isinstance(payload, dict):
        raise InvalidSessionToken("the payload is not an object")
    if payload.get("aud") != client_id:
        raise InvalidSessionToken("the audience is not this app")
    if payload.get("dest") != f"https://{shop}" or payload.get("iss") != f"https://{shop}/admin":
        raise InvalidSessionToken("the token is for another shop")
    exp, nbf = payload.get("exp"), payload.get("nbf")
    if not isinstance(exp, int) or not isinstance(nbf, int):
        raise InvalidSessionToken("exp and nbf are required")
    if now >= exp:
        raise InvalidSessionToken("the token has expired")
    if now < nbf:
        raise InvalidSessionToken("the token is not valid yet")
    return payload
