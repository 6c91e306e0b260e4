"""Authentication as WooCommerce does it: Basic over HTTPS only; OAuth 1.0a one-legged over
HTTP (HMAC-SHA1 or HMAC-SHA256 keyed `secret&`, in the query or the Authorization header,
timestamps within 15 minutes, each nonce once); read-only keys cannot write."""

from __future__ import annotations

import base64
import hashlib
import hmac
from urllib.parse import quote

import httpx
import pytest

from stockbridge_sandboxes.woocommerce import Clock, WooSandbox

NOW = 1_780_000_000


def _enc(text: str) -> str:
    return quote(text, safe="~-._")


def oauth_params(
    app: WooSandbox,
    url: str,
    query: dict[str, str],
    *,
    nonce: str = "n1",
    stamp: int = NOW,
    method: str = "GET",
    algorithm: str = "HMAC-SHA256",
    secret: str | None = None,
) -> dict[str, str]:
    """Signed per RFC 5849 (written here, apart from the sandbox's own code)."""
    params = {
        **query,
        "oauth_consumer_key": app.consumer_key,
        "oauth_timestamp": str(stamp),
        "oauth_nonce": nonce,
        "oauth_signature_method": algorithm,
    }
    normalized = "&".join(
        f"{k}={v}" for k, v in sorted((_enc(k), _enc(v)) for k, v in params.items())
    )
    text = f"{method}&{_enc(url)}&{_enc(normalized)}"
    digest = {"HMAC-SHA1": hashlib.sha1, "HMAC-SHA256": hashlib.sha256}[algorithm]
    key = f"{secret if secret is not None else app.consumer_secret}&".encode()
    return {
        **params,
        "oauth_signature": base64.b64encode(hmac.new(key, text.encode(), digest).digest()).decode(),
    }


@pytest.fixture
def plain(woo: WooSandbox) -> httpx.Client:
    woo.wall_time = lambda: float(NOW)
    return httpx.Client(transport=httpx.WSGITransport(app=woo), base_url="http://woo.sandbox.test")


URL = "http://woo.sandbox.test/wp-json/wc/v3/products"


@pytest.mark.parametrize("algorithm", ["HMAC-SHA1", "HMAC-SHA256"])
def test_oauth_in_the_query_string(woo: WooSandbox, plain: httpx.Client, algorithm: str) -> None:
    params = oauth_params(woo, URL, {"per_page": "5", "search": "a b"}, algorithm=algorithm)
    assert plain.get("/wp-json/wc/v3/products", params=params).status_code == 200


def test_oauth_in_the_authorization_header(woo: WooSandbox, plain: httpx.Client) -> None:
    params = oauth_params(woo, URL, {"page": "1"})
    oauth = {k: v for k, v in params.items() if k.startswith("oauth_")}
    header = "OAuth " + ", ".join(f'{_enc(k)}="{_enc(v)}"' for k, v in oauth.items())
    answer = plain.get(
        "/wp-json/wc/v3/products", params={"page": "1"}, headers={"Authorization": header}
    )
    assert answer.status_code == 200


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"secret": "wrong"}, "Invalid signature - provided signature does not match."),
        ({"stamp": NOW - 15 * 60 - 1}, "Invalid timestamp."),
        ({"algorithm": "PLAINTEXT"}, "Invalid signature - signature method is invalid."),
    ],
)
def test_oauth_refusals(
    woo: WooSandbox, plain: httpx.Client, change: dict[str, object], message: str
) -> None:
    algorithm = str(change.pop("algorithm", "HMAC-SHA256"))
    if algorithm == "PLAINTEXT":
        params = {**oauth_params(woo, URL, {}), "oauth_signature_method": "PLAINTEXT"}
    else:
        params = oauth_params(woo, URL, {}, **change)  # type: ignore[arg-type]
    answer = plain.get("/wp-json/wc/v3/products", params=params)
    assert (answer.status_code, answer.json()) == (
        401,
        {
            "code": "woocommerce_rest_authentication_error",
            "message": message,
            "data": {"status": 401},
        },
    )


def test_a_nonce_is_used_once(woo: WooSandbox, plain: httpx.Client) -> None:
    params = oauth_params(woo, URL, {}, nonce="same")
    assert plain.get("/wp-json/wc/v3/products", params=params).status_code == 200
    again = plain.get("/wp-json/wc/v3/products", params=params)
    assert again.json()["message"] == "Invalid nonce - nonce has already been used."


def test_basic_auth_over_plain_http_is_a_visitor(woo: WooSandbox, plain: httpx.Client) -> None:
    answer = plain.get("/wp-json/wc/v3/products", auth=(woo.consumer_key, woo.consumer_secret))
    assert (answer.status_code, answer.json()["code"]) == (401, "woocommerce_rest_cannot_view")
    batch = plain.post("/wp-json/wc/v3/products/batch", json={})
    assert batch.json()["code"] == "woocommerce_rest_cannot_batch"


def test_basic_auth_over_https(woo: WooSandbox) -> None:
    with httpx.Client(
        transport=httpx.WSGITransport(app=woo), base_url="https://woo.sandbox.test"
    ) as client:
        ok = client.get("/wp-json/wc/v3/products", auth=(woo.consumer_key, woo.consumer_secret))
        wrong = client.get("/wp-json/wc/v3/products", auth=(woo.consumer_key, "cs_wrong"))
        in_query = client.get(
            "/wp-json/wc/v3/products",
            params={"consumer_key": woo.consumer_key, "consumer_secret": woo.consumer_secret},
        )
    assert (ok.status_code, in_query.status_code) == (200, 200)
    assert (wrong.status_code, wrong.json()["message"]) == (401, "Consumer secret is invalid.")


def test_a_read_only_key_cannot_write() -> None:
    woo = WooSandbox(clock=Clock(lambda: float(NOW)), permissions="read")
    with httpx.Client(
        transport=httpx.WSGITransport(app=woo),
        base_url="https://woo.sandbox.test/wp-json/wc/v3",
        auth=(woo.consumer_key, woo.consumer_secret),
    ) as client:
        assert client.get("/products").status_code == 200
        refused = client.post("/products/batch", json={})
    assert (refused.status_code, refused.json()["message"]) == (
        401,
        "The API key provided does not have write permissions.",
    )
