"""The OAuth install against the sandbox's authorize page and token endpoint, and the
callback's signature by Shopify's documented algorithm (API-NOTES §2.9)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from urllib.parse import parse_qsl, urlsplit

import pytest

from stockbridge.channels.errors import AuthFailed, Rejected
from stockbridge.channels.port import Credentials, Endpoint
from stockbridge.connectors.shopify.oauth import ShopifyInstaller, callback_hmac, credentials_from
from stockbridge.platform import clock
from stockbridge.platform.errors import FieldError
from stockbridge_sandboxes.shopify.oauth import DEMO_CLIENT_ID, DEMO_CLIENT_SECRET
from tests.support.shopify_stores import Store, Stores

NOW = datetime(2026, 12, 6, 12, 0, tzinfo=UTC)
# the sandbox app's allowed redirection URL (Shopify redirects only to those)
REDIRECT = "http://localhost:8000/auth/callback"


@pytest.fixture(autouse=True)
def frozen() -> Iterator[None]:
    previous = clock.install(clock.FrozenClock(NOW))
    yield
    clock.install(previous)


def endpoint(store: Store) -> Endpoint:
    return Endpoint(domain=store.domain, base_url=store.base_url)


def installer(stores: Stores, store: Store, secret: str = DEMO_CLIENT_SECRET) -> ShopifyInstaller:
    return ShopifyInstaller(
        client_id=DEMO_CLIENT_ID, client_secret=secret, transport=stores.route(endpoint(store))
    )


def approve(store: Store, url: str) -> dict[str, str]:
    """The merchant approves the install: the callback's query parameters."""
    with store.http() as http:
        answer = http.get(url + "&approve=1")
    assert answer.status_code == 302, answer.text
    return dict(parse_qsl(urlsplit(answer.headers["Location"]).query))


def test_the_callback_signature_matches_shopifys_documented_test_vector() -> None:
    params = {
        "code": "0907a61c0c8d55e99db179b68161bc00",
        "shop": "some-shop.myshopify.com",
        "state": "0.6784241404160823",
        "timestamp": "1337178173",
        "hmac": "ignored",
    }
    assert callback_hmac(params, "hush") == (
        "700e2dadb827fcc8609e9d5ce208b2e9cdaab9df07390d2cbca10d7c328fc4bf"
    )
    del params["state"]
    assert callback_hmac(params, "hush") == (
        "4712bf92ffc2917d15a2f5a273e39f0116667419aa4b6ac0b3baaf26fa3c4d20"
    )


def test_install_url_asks_the_store_for_the_scopes_with_a_state(stores: Stores) -> None:
    store = stores.add("shop-a")
    url = installer(stores, store).install_url(
        endpoint=Endpoint(domain="shop-a.myshopify.com", base_url="https://shop-a.myshopify.com"),
        state="nonce-1",
        redirect_uri=REDIRECT,
        scopes=["read_locations", "write_inventory"],
    )
    assert url == (
        "https://shop-a.myshopify.com/admin/oauth/authorize?client_id=sandbox-client-id"
        "&scope=read_locations%2Cwrite_inventory"
        "&redirect_uri=http%3A%2F%2Flocalhost%3A8000%2Fauth%2Fcallback"
        "&state=nonce-1"
    )


def test_an_approved_install_is_exchanged_for_a_token_the_store_accepts(stores: Stores) -> None:
    store = stores.add("shop-a")
    oauth = installer(stores, store)
    url = oauth.install_url(
        endpoint=endpoint(store),
        state="nonce-1",
        redirect_uri=REDIRECT,
        scopes=["read_locations", "write_inventory"],
    )
    params = approve(store, url)
    # Shopify also sends `host` (API-NOTES §2.9); every parameter is signed
    assert {"code", "hmac", "shop", "state", "timestamp"} <= set(params)
    credentials = oauth.complete_install(endpoint=endpoint(store), params=params, state="nonce-1")
    assert credentials.scopes == frozenset({"read_locations", "write_inventory"})
    assert credentials.access_token in store.app.credentials.tokens
    # the code is single-use: a replayed callback is refused by Shopify
    with pytest.raises(Rejected) as refused:
        oauth.complete_install(endpoint=endpoint(store), params=params, state="nonce-1")
    assert refused.value.field == "code"
    assert refused.value.reason == "The authorization code was not found or was already used"


@pytest.mark.parametrize(
    ("change", "field", "reason"),
    [
        ({"hmac": "0" * 64}, "hmac", "the callback's signature does not match: not from Shopify"),
        ({"hmac": ""}, "hmac", "the callback is not signed"),
        ({"state": "forged"}, "state", "does not match the install we started (stale or forged)"),
        ({"shop": "evil.example.com"}, "shop", "not a Shopify store domain: 'evil.example.com'"),
        (
            {"shop": "shop-b.myshopify.com"},
            "shop",
            "the install came from shop-b.myshopify.com, not shop-a.myshopify.com",
        ),
    ],
)
def test_a_callback_that_fails_a_check_is_refused_before_any_exchange(
    stores: Stores, change: dict[str, str], field: str, reason: str
) -> None:
    store = stores.add("shop-a")
    oauth = installer(stores, store)
    url = oauth.install_url(
        endpoint=endpoint(store), state="nonce-1", redirect_uri=REDIRECT, scopes=["read_locations"]
    )
    params = approve(store, url)
    tampered = {**params, **change}
    if field != "hmac":  # re-sign, so only the checked value is wrong
        tampered["hmac"] = callback_hmac(tampered, DEMO_CLIENT_SECRET)
    with pytest.raises(FieldError) as refused:
        oauth.complete_install(endpoint=endpoint(store), params=tampered, state="nonce-1")
    assert (refused.value.field, refused.value.reason) == (field, reason)
    # nothing was exchanged: the code still works
    assert oauth.complete_install(endpoint=endpoint(store), params=params, state="nonce-1")


def test_a_wrong_app_secret_fails_the_signature_check(stores: Stores) -> None:
    store = stores.add("shop-a")
    url = installer(stores, store).install_url(
        endpoint=endpoint(store), state="n", redirect_uri=REDIRECT, scopes=["read_locations"]
    )
    params = approve(store, url)
    with pytest.raises(FieldError) as refused:
        installer(stores, store, secret="not-the-secret").complete_install(
            endpoint=endpoint(store), params=params, state="n"
        )
    assert refused.value.field == "hmac"


def test_credentials_without_a_refresh_token_cannot_be_refreshed(stores: Stores) -> None:
    store = stores.add("shop-a")
    with pytest.raises(AuthFailed) as refused:
        installer(stores, store).refresh(
            endpoint=endpoint(store), credentials=Credentials(access_token="shpat_x")
        )
    assert refused.value.message == "the access token cannot be refreshed: connect the store again"


def test_a_refused_refresh_is_an_auth_failure(stores: Stores) -> None:
    store = stores.add("shop-a")
    with pytest.raises(AuthFailed) as refused:
        installer(stores, store).refresh(
            endpoint=endpoint(store),
            credentials=Credentials(access_token="shpat_x", refresh_token="shprt_unknown"),
        )
    assert refused.value.message.startswith("Shopify refused to refresh the token: ")


def test_an_expiring_token_answer_gives_its_expiry_and_refresh_token() -> None:
    # Shopify's answer to an exchange with expiring=1 (and to a refresh), API-NOTES §2.9
    answer = {
        "access_token": "shpat_new",
        "expires_in": 3600,
        "refresh_token": "shprt_new",
        "refresh_token_expires_in": 7776000,
        "scope": "write_inventory,read_locations",
    }
    assert credentials_from(answer) == Credentials(
        access_token="shpat_new",
        scopes=frozenset({"read_locations", "write_inventory"}),
        expires_at=datetime(2026, 12, 6, 13, 0, tzinfo=UTC),
        refresh_token="shprt_new",
        refresh_expires_at=datetime(2027, 3, 6, 12, 0, tzinfo=UTC),
    )


def test_a_non_expiring_token_answer_has_no_expiry() -> None:
    assert credentials_from({"access_token": "shpat_x", "scope": "read_products"}) == Credentials(
        access_token="shpat_x", scopes=frozenset({"read_products"})
    )
