"""The OAuth 1.0 out-of-band handshake and every later call, in both signature styles; a
tampered signature, a replayed nonce or a stale timestamp gets 401 `{"code", "message"}`."""

from __future__ import annotations

import json
from pathlib import Path

import httpx
import jsonschema
import pytest

from stockbridge_sandboxes.wholesale import PortalApp

from .conftest import BASE, NOW, Signed, header_a, header_b


def _schema(shared_dir: Path, name: str) -> dict[str, object]:
    path = shared_dir / "channels" / "nuorder" / "json-schema" / f"{name}.inferred.schema.json"
    return dict(json.loads(path.read_text()))


@pytest.mark.parametrize(("first", "second"), [("A", "B"), ("B", "A")])
def test_the_handshake_gives_a_permanent_pair_that_signs_later_calls(
    portal: PortalApp, http: httpx.Client, shared_dir: Path, first: str, second: str
) -> None:
    ck, cs = portal.consumer_key, portal.consumer_secret
    sign = {"A": header_a, "B": header_b}
    initiate = http.get(
        "/api/initiate",
        headers={
            "Authorization": sign[first](
                "GET", f"{BASE}/api/initiate", ck, cs, "", "",
                oauth_callback="oob", application_name="Stockbridge",
            )
        },
    )  # fmt: skip
    assert initiate.status_code == 200
    temporary = initiate.json()
    jsonschema.validate(temporary, _schema(shared_dir, "oauth.initiate"))
    assert temporary["oauth_callback_confirmed"] is True

    unapproved = http.get(
        "/api/token",
        headers={
            "Authorization": sign[second](
                "GET", f"{BASE}/api/token", ck, cs, temporary["oauth_token"],
                temporary["oauth_token_secret"], oauth_verifier="nope",
            )
        },
    )  # fmt: skip
    assert unapproved.status_code == 401
    assert unapproved.json() == {
        "code": 401,
        "message": "the application has not been approved in the portal",
    }

    verifier = http.post(
        "/__sandbox/oauth/approve", json={"oauth_token": temporary["oauth_token"]}
    ).json()["oauth_verifier"]
    token = http.get(
        "/api/token",
        headers={
            "Authorization": sign[second](
                "GET", f"{BASE}/api/token", ck, cs, temporary["oauth_token"],
                temporary["oauth_token_secret"], oauth_verifier=verifier,
            )
        },
    )  # fmt: skip
    assert token.status_code == 200
    permanent = token.json()
    jsonschema.validate(permanent, _schema(shared_dir, "oauth.token"))
    assert set(permanent) == {"oauth_token", "oauth_token_secret"}

    api = Signed(http, portal, permanent["oauth_token"], permanent["oauth_token_secret"])
    for style in ("A", "B"):
        listed = api.call("GET", "/api/companies/codes/list", style=style)
        assert (listed.status_code, listed.json()) == (200, [])
    assert [entry["style"] for entry in portal.log[-2:]] == ["A", "B"]
    # the temporary pair is spent
    again = http.get(
        "/api/token",
        headers={
            "Authorization": header_a(
                "GET", f"{BASE}/api/token", ck, cs, temporary["oauth_token"],
                temporary["oauth_token_secret"], oauth_verifier=verifier,
            )
        },
    )  # fmt: skip
    assert again.json() == {"code": 401, "message": "unknown or revoked oauth_token"}


def test_a_known_style_a_vector(portal: PortalApp, http: httpx.Client) -> None:
    """The signature written out by hand from API.md's formula, for fixed values."""
    import hashlib
    import hmac

    grant = portal.issue_token()
    base = (
        f"GET{BASE}/api/companies/codes/list?oauth_consumer_key={portal.consumer_key}"
        f"&oauth_token={grant.token}&oauth_timestamp={NOW}&oauth_nonce=abcdefgh12345678"
        "&oauth_version=1.0&oauth_signature_method=HMAC-SHA1"
    )
    key = f"{portal.consumer_secret}&{grant.secret}".encode()
    signature = hmac.new(key, base.encode(), hashlib.sha1).hexdigest()
    header = (
        f'OAuth oauth_consumer_key="{portal.consumer_key}", oauth_timestamp="{NOW}", '
        'oauth_nonce="abcdefgh12345678", oauth_version="1.0", '
        f'oauth_signature_method="HMAC-SHA1", oauth_token="{grant.token}", '
        f'oauth_signature="{signature}"'
    )
    answer = http.get("/api/companies/codes/list", headers={"Authorization": header})
    assert (answer.status_code, answer.json()) == (200, [])
    replay = http.get("/api/companies/codes/list", headers={"Authorization": header})
    assert (replay.status_code, replay.json()) == (
        401,
        {"code": 401, "message": "oauth_nonce has been used before"},
    )


@pytest.mark.parametrize("style", ["A", "B"])
def test_tampered_stale_or_unknown_signatures_are_refused(
    portal: PortalApp, http: httpx.Client, shared_dir: Path, style: str
) -> None:
    grant = portal.issue_token()
    sign = header_a if style == "A" else header_b
    ck, cs = portal.consumer_key, portal.consumer_secret
    url = f"{BASE}/api/companies/codes/list"
    good = sign("GET", url, ck, cs, grant.token, grant.secret)
    cases = {
        "invalid oauth_signature": sign("GET", url, ck, cs, grant.token, grant.secret + "x"),
        "oauth_timestamp is more than 15 minutes off the server's clock": sign(
            "GET", url, ck, cs, grant.token, grant.secret, timestamp=str(NOW - 901)
        ),
        "unknown oauth_consumer_key": sign("GET", url, "someone", cs, grant.token, grant.secret),
        "unknown or revoked oauth_token": sign("GET", url, ck, cs, "f" * 24, grant.secret),
        "missing OAuth authorization header": "",
    }
    for message, header in cases.items():
        answer = http.get("/api/companies/codes/list", headers={"Authorization": header})
        assert answer.status_code == 401, message
        assert answer.json() == {"code": 401, "message": message}
        jsonschema.validate(answer.json(), _schema(shared_dir, "error"))
    assert http.get("/api/companies/codes/list", headers={"Authorization": good}).status_code == 200
    # a signature for another path does not open this one
    other = sign("GET", f"{BASE}/api/products", ck, cs, grant.token, grant.secret)
    refused = http.get("/api/companies/codes/list", headers={"Authorization": other})
    assert refused.json() == {"code": 401, "message": "invalid oauth_signature"}
    # 14 minutes off is within the allowed skew
    skewed = sign("GET", url, ck, cs, grant.token, grant.secret, timestamp=str(NOW + 840))
    assert (
        http.get("/api/companies/codes/list", headers={"Authorization": skewed}).status_code == 200
    )
