"""The sandbox driven by Shopify's own Python library (ShopifyAPI on PyPI): GraphQL, the
authorization-code flow (`Session.validate_params`, `Session.request_token`), session tokens
and access scopes, over real HTTP on loopback.

ShopifyAPI always speaks `https` to `<shop>.myshopify.com`; the `loopback` fixture installs a
urllib opener that connects those requests to the sandbox's plain-HTTP loopback port instead
(the Host header stays the shop's). ShopifyAPI has no webhook-verification helper and no
throttling retry, so those are exercised in test_webhooks.py and test_throttling.py.
"""

from __future__ import annotations

import http.client
import json
import urllib.request
from collections.abc import Iterator
from typing import Any
from urllib.parse import parse_qsl, urlsplit

import httpx
import pytest
import shopify
from shopify import session_token

from stockbridge_sandboxes.shopify import SandboxApp
from stockbridge_sandboxes.shopify.clock import FrozenClock
from stockbridge_sandboxes.shopify.seed import seed_sample
from stockbridge_sandboxes.shopify.server import BackgroundServer
from stockbridge_sandboxes.shopify.session_tokens import mint

SHOP = "stockbridge-sandbox.myshopify.com"
CALLBACK = "https://hub.example/auth/callback"
SECRET = "sandbox-app-secret"


class _Loopback(urllib.request.HTTPHandler):
    handler_order = 100  # before the default HTTPSHandler

    def __init__(self, port: int) -> None:
        super().__init__()
        self.port = port

    def _connect(self, host: str, **kwargs: Any) -> http.client.HTTPConnection:
        return http.client.HTTPConnection("127.0.0.1", self.port, timeout=kwargs.get("timeout"))

    def https_open(self, req: urllib.request.Request) -> Any:
        return self.do_open(self._connect, req)

    def http_open(self, req: urllib.request.Request) -> Any:
        return self.do_open(self._connect, req)


@pytest.fixture
def served() -> Iterator[tuple[SandboxApp, BackgroundServer]]:
    # The sandbox clock is far from real time (FrozenClock starts in May 2026): what the
    # library checks against its own clock must not depend on it.
    app = SandboxApp(clock=FrozenClock(), token="shpat_library")
    app.credentials.redirect_urls = (CALLBACK,)
    seed_sample(app.store)
    with BackgroundServer(app) as server:
        yield app, server


@pytest.fixture
def loopback(
    served: tuple[SandboxApp, BackgroundServer], monkeypatch: pytest.MonkeyPatch
) -> Iterator[None]:
    port = served[1].server.server_address[1]
    monkeypatch.setattr(urllib.request, "_opener", urllib.request.build_opener(_Loopback(port)))
    shopify.Session.setup(api_key="sandbox-client-id", secret=SECRET)
    yield
    shopify.ShopifyResource.clear_session()
    shopify.Session.setup(api_key=None, secret=None)


def _approve(base_url: str, **extra: str) -> dict[str, str]:
    session = shopify.Session(SHOP, "2026-07")
    url = session.create_permission_url(["read_products"], CALLBACK, state=extra.get("state"))
    local = base_url + url.split(".myshopify.com", 1)[1]
    screen = httpx.get(local)
    approved = httpx.post(local, data={})
    assert (screen.status_code, approved.status_code) == (200, 302)
    return dict(parse_qsl(urlsplit(approved.headers["location"]).query))


@pytest.mark.usefixtures("loopback")
def test_graphql_through_the_library(served: tuple[SandboxApp, BackgroundServer]) -> None:
    shopify.ShopifyResource.activate_session(shopify.Session(SHOP, "2026-07", "shpat_library"))

    body = json.loads(shopify.GraphQL().execute("{ productsCount { count precision } }"))

    assert body["data"] == {"productsCount": {"count": 5, "precision": "EXACT"}}
    assert body["extensions"]["cost"]["throttleStatus"]["maximumAvailable"] == 2000


@pytest.mark.usefixtures("loopback")
def test_the_authorization_code_flow_with_the_library(
    served: tuple[SandboxApp, BackgroundServer],
) -> None:
    callback = _approve(served[1].base_url, state="n&42%x")
    session = shopify.Session(SHOP, "2026-07")

    assert shopify.Session.validate_params(callback) is True
    token = session.request_token(callback)

    assert token.startswith("shpat_")
    assert str(session.access_scopes) == "read_products"
    shopify.ShopifyResource.activate_session(session)
    body = json.loads(shopify.GraphQL().execute("{ shop { name } }"))
    assert body["data"] == {"shop": {"name": "Stockbridge Sandbox"}}


@pytest.mark.usefixtures("loopback")
def test_the_library_refuses_a_tampered_callback(
    served: tuple[SandboxApp, BackgroundServer],
) -> None:
    callback = _approve(served[1].base_url, state="n&42%x")

    assert shopify.Session.validate_params({**callback, "state": "n&42%y"}) is False
    with pytest.raises(shopify.session.ValidationException):
        shopify.Session(SHOP, "2026-07").request_token({**callback, "shop": "other.myshopify.com"})


@pytest.mark.usefixtures("loopback")
def test_the_granted_scopes_cover_their_implied_reads_for_the_library(
    served: tuple[SandboxApp, BackgroundServer],
) -> None:
    session = shopify.Session(SHOP, "2026-07")
    session.request_token(_approve(served[1].base_url, state="s"))

    granted = session.access_scopes
    assert granted.covers(shopify.ApiAccess("read_products")) is True
    assert granted.covers(shopify.ApiAccess("write_products")) is False


@pytest.mark.filterwarnings("ignore:The HMAC key is")  # the demo secret is short
def test_the_library_accepts_the_session_tokens_the_sandbox_mints(
    served: tuple[SandboxApp, BackgroundServer],
) -> None:
    app, server = served
    token = mint(
        shop=SHOP, client_id="sandbox-client-id", secret=SECRET, user_id=1, now=int(app.wall_time())
    )

    payload = session_token.decode_from_header(f"Bearer {token}", "sandbox-client-id", SECRET)
    exchanged = httpx.post(
        f"{server.base_url}/admin/oauth/access_token",
        data={
            "client_id": "sandbox-client-id",
            "client_secret": SECRET,
            "grant_type": "urn:ietf:params:oauth:grant-type:token-exchange",
            "subject_token": token,
            "subject_token_type": "urn:ietf:params:oauth:token-type:id_token",
            "requested_token_type": "urn:shopify:params:oauth:token-type:online-access-token",
        },
    ).json()

    assert (payload["iss"], payload["dest"], payload["aud"], payload["sub"]) == (
        f"https://{SHOP}/admin",
        f"https://{SHOP}",
        "sandbox-client-id",
        "1",
    )
    assert exchanged["associated_user"]["id"] == 1
