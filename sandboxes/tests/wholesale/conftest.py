"""A portal on a fixed clock, and a client that signs its calls in either OAuth style,
computed here from the formulas of API.md §2 (not with the sandbox's own signer)."""

from __future__ import annotations

import base64
import hashlib
import hmac
import itertools
from collections.abc import Iterator
from typing import Any
from urllib.parse import quote

import httpx
import pytest

from stockbridge_sandboxes.wholesale import PortalApp
from stockbridge_sandboxes.wholesale.store import Clock

NOW = 1_796_600_000  # 2026-12-07T...Z
BASE = "http://portal.test"
_nonces = itertools.count(1)


def _enc(value: str) -> str:
    return quote(value, safe="~-._")


def header_a(method: str, url: str, ck: str, cs: str, tok: str, ts_: str, **extra: str) -> str:
    """Style A: METHOD + URL + '?' + the fixed-order parameters, hex HMAC-SHA1."""
    params = {
        "oauth_consumer_key": ck,
        "oauth_token": tok,
        "oauth_timestamp": str(extra.pop("timestamp", NOW)),
        "oauth_nonce": extra.pop("nonce", f"n{next(_nonces):015d}"),
        "oauth_version": "1.0",
        "oauth_signature_method": "HMAC-SHA1",
    }
    base = method + url + "?" + "&".join(f"{k}={v}" for k, v in params.items())
    for name in ("oauth_verifier", "oauth_callback"):
        if name in extra:
            base += f"&{name}={extra[name]}"
            params[name] = extra[name]
    signature = hmac.new(f"{cs}&{ts_}".encode(), base.encode(), hashlib.sha1).hexdigest()
    params["oauth_signature"] = signature
    if "application_name" in extra:
        params["application_name"] = extra["application_name"]
    return "oAuth " + ",".join(f"{k}={v}" for k, v in params.items())


def header_b(method: str, url: str, ck: str, cs: str, tok: str, ts_: str, **extra: str) -> str:
    """Style B, RFC 5849: sorted, encoded parameters; base64 HMAC-SHA1; quoted header."""
    params = {
        "oauth_consumer_key": ck,
        "oauth_nonce": extra.pop("nonce", f"b{next(_nonces):015d}"),
        "oauth_signature_method": "HMAC-SHA1",
        "oauth_timestamp": str(extra.pop("timestamp", NOW)),
        "oauth_version": "1.0",
        **({"oauth_token": tok} if tok else {}),
        **extra,
    }
    normalized = "&".join(f"{_enc(k)}={_enc(v)}" for k, v in sorted(params.items()))
    base = "&".join((method, _enc(url), _enc(normalized)))
    key = f"{_enc(cs)}&{_enc(ts_)}".encode()
    params["oauth_signature"] = base64.b64encode(
        hmac.new(key, base.encode(), hashlib.sha1).digest()
    ).decode()
    return "OAuth " + ", ".join(f'{k}="{_enc(v)}"' for k, v in params.items())


class Signed:
    """An httpx client whose calls are signed with the consumer and a token pair."""

    def __init__(self, http: httpx.Client, app: PortalApp, token: str, secret: str) -> None:
        self.http, self.app, self.token, self.secret = http, app, token, secret

    def call(self, method: str, path: str, body: Any = None, style: str = "A") -> httpx.Response:
        sign = header_a if style == "A" else header_b
        auth = sign(
            method, BASE + path, self.app.consumer_key, self.app.consumer_secret,
            self.token, self.secret,
        )  # fmt: skip
        return self.http.request(method, path, json=body, headers={"Authorization": auth})


@pytest.fixture
def portal() -> PortalApp:
    return PortalApp(clock=Clock(NOW))


@pytest.fixture
def http(portal: PortalApp) -> Iterator[httpx.Client]:
    with httpx.Client(transport=httpx.WSGITransport(app=portal), base_url=BASE) as client:
        yield client


@pytest.fixture
def api(portal: PortalApp, http: httpx.Client) -> Signed:
    grant = portal.issue_token()
    return Signed(http, portal, grant.token, grant.secret)
