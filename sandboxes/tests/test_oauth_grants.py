"""OAuth grants as Shopify documents them: expiring offline tokens and their refresh, token
exchange, online (per-user) tokens, the callback's `host`, `redirect_uri` and timestamps."""

from __future__ import annotations

import base64
from urllib.parse import parse_qsl, quote_plus, urlsplit

import httpx
import pytest

from sandboxes.tests.conftest import gql
from stockbridge_sandboxes.shopify import SandboxApp
from stockbridge_sandboxes.shopify.callback_signing import query_hmac
from stockbridge_sandboxes.shopify.clock import FrozenClock
from stockbridge_sandboxes.shopify.oauth import StaffUser
from stockbridge_sandboxes.shopify.session_tokens import mint

CALLBACK = "https://hub.example/auth/callback"
CLIENT = {"client_id": "sandbox-client-id", "client_secret": "sandbox-app-secret"}
UNAUTHORIZED = {
    "errors": "[API] Invalid API key or access token (unrecognized login or wrong password)"
}
WALL = 1_800_000_000.0
SHOP = "{ shop { name } }"


@pytest.fixture(autouse=True)
def _app_configuration(sandbox: SandboxApp) -> None:
    sandbox.credentials.redirect_urls = (CALLBACK,)
    sandbox.wall_time = lambda: WALL


def _callback(http: httpx.Client, **extra: str) -> dict[str, str]:
    params = {"client_id": "sandbox-client-id", "redirect_uri": CALLBACK, "approve": "1"}
    approved = http.get("/admin/oauth/authorize", params={**params, **extra})
    assert approved.status_code == 302
    return dict(parse_qsl(urlsplit(approved.headers["location"]).query))


def _token(http: httpx.Client, **form: str) -> httpx.Response:
    return http.post("/admin/oauth/access_token", data={**CLIENT, **form})


def test_expiring_1_returns_an_hour_long_token_and_a_90_day_refresh_token(
    http: httpx.Client,
) -> None:
    code = _callback(http, scope="read_products,write_inventory")["code"]

    body = _token(http, code=code, expiring="1").json()

    assert sorted(body) == [
        "access_token",
        "expires_in",
        "refresh_token",
        "refresh_token_expires_in",
        "scope",
    ]
    assert (body["expires_in"], body["refresh_token_expires_in"], body["scope"]) == (
        3600,
        7776000,
        "read_products,write_inventory",
    )
    assert body["access_token"].startswith("shpat_")
    assert body["refresh_token"].startswith("shprt_")


def test_without_expiring_the_offline_token_has_no_lifetime(http: httpx.Client) -> None:
    code = _callback(http, scope="read_products")["code"]

    body = _token(http, code=code).json()

    assert sorted(body) == ["access_token", "scope"]


def test_an_expiring_token_answers_401_once_its_hour_is_over(
    http: httpx.Client, clock: FrozenClock
) -> None:
    token = _token(http, code=_callback(http)["code"], expiring="1").json()["access_token"]

    clock.advance(3599)
    before = gql(http, SHOP, token=token)
    clock.advance(1)
    after = gql(http, SHOP, token=token)

    assert before.status_code == 200
    assert (after.status_code, after.json()) == (401, UNAUTHORIZED)


def test_the_refresh_grant_issues_a_new_pair_and_revokes_the_old_access_token(
    http: httpx.Client, clock: FrozenClock
) -> None:
    first = _token(http, code=_callback(http)["code"], expiring="1").json()
    clock.advance(4000)

    second = _token(http, grant_type="refresh_token", refresh_token=first["refresh_token"]).json()

    assert (second["expires_in"], second["refresh_token_expires_in"]) == (3600, 7776000)
    assert second["refresh_token"] != first["refresh_token"]
    assert gql(http, SHOP, token=second["access_token"]).status_code == 200
    assert gql(http, SHOP, token=first["access_token"]).status_code == 401


def test_a_used_refresh_token_is_retired_once_its_replacement_is_used(
    http: httpx.Client,
) -> None:
    first = _token(http, code=_callback(http)["code"], expiring="1").json()["refresh_token"]
    second = _token(http, grant_type="refresh_token", refresh_token=first).json()
    # A lost response: the app retries with the first refresh token, which still works...
    retried = _token(http, grant_type="refresh_token", refresh_token=first)
    # ...until the app uses a replacement.
    _token(http, grant_type="refresh_token", refresh_token=second["refresh_token"])
    refused = _token(http, grant_type="refresh_token", refresh_token=first)

    assert retried.status_code == 200
    assert (refused.status_code, refused.json()) == (
        400,
        {
            "error": "invalid_grant",
            "error_description": "The refresh token is invalid or has expired",
        },
    )


def test_a_refresh_token_expires_after_90_days(http: httpx.Client, clock: FrozenClock) -> None:
    refresh = _token(http, code=_callback(http)["code"], expiring="1").json()["refresh_token"]

    clock.advance(90 * 24 * 3600)

    assert _token(http, grant_type="refresh_token", refresh_token=refresh).json()["error"] == (
        "invalid_grant"
    )


def test_a_new_expiring_token_revokes_the_previous_one(http: httpx.Client) -> None:
    first = _token(http, code=_callback(http)["code"], expiring="1").json()["access_token"]
    _token(http, code=_callback(http)["code"], expiring="1")

    assert gql(http, SHOP, token=first).status_code == 401


def _session_token(
    sandbox: SandboxApp,
    user_id: int = 1,
    secret: str = "sandbox-app-secret",  # noqa: S107
) -> str:
    return mint(
        shop=sandbox.shop_domain,
        client_id="sandbox-client-id",
        secret=secret,
        user_id=user_id,
        now=int(WALL),
    )


EXCHANGE = {
    "grant_type": "urn:ietf:params:oauth:grant-type:token-exchange",
    "subject_token_type": "urn:ietf:params:oauth:token-type:id_token",
}
OFFLINE = "urn:shopify:params:oauth:token-type:offline-access-token"
ONLINE = "urn:shopify:params:oauth:token-type:online-access-token"


def test_token_exchange_gives_an_offline_token_with_the_apps_configured_scopes(
    sandbox: SandboxApp, http: httpx.Client
) -> None:
    sandbox.credentials.scopes = "write_products,read_orders"

    body = _token(
        http, **EXCHANGE, subject_token=_session_token(sandbox), requested_token_type=OFFLINE
    ).json()

    assert sorted(body) == ["access_token", "scope"]
    assert body["scope"] == "write_products,read_orders"
    assert gql(http, SHOP, token=body["access_token"]).status_code == 200


def test_token_exchange_with_expiring_1_gives_an_expiring_pair(
    sandbox: SandboxApp, http: httpx.Client
) -> None:
    body = _token(
        http,
        **EXCHANGE,
        subject_token=_session_token(sandbox),
        requested_token_type=OFFLINE,
        expiring="1",
    ).json()

    assert (body["expires_in"], body["refresh_token_expires_in"]) == (3600, 7776000)


def test_token_exchange_for_an_online_token_names_the_user_and_their_scopes(
    sandbox: SandboxApp, http: httpx.Client
) -> None:
    sandbox.credentials.scopes = "write_products,read_orders"
    sandbox.credentials.users[7] = StaffUser(
        id=7,
        first_name="Ada",
        last_name="Clerk",
        email="ada@example.com",
        permissions=("read_products",),
    )

    body = _token(
        http, **EXCHANGE, subject_token=_session_token(sandbox, 7), requested_token_type=ONLINE
    ).json()

    assert body["access_token"].startswith("shpua_")
    assert {k: v for k, v in body.items() if k != "access_token"} == {
        "scope": "write_products,read_orders",
        "expires_in": 86399,
        "associated_user_scope": "read_products",
        "associated_user": {
            "id": 7,
            "first_name": "Ada",
            "last_name": "Clerk",
            "email": "ada@example.com",
            "email_verified": True,
            "account_owner": False,
            "locale": "en",
            "collaborator": False,
        },
    }


@pytest.mark.parametrize(
    ("secret", "user_id", "reason"),
    [
        ("another-secret", 1, "the signature does not match the app secret"),
        ("sandbox-app-secret", 99, "unknown user"),
    ],
)
def test_token_exchange_refuses_a_bad_session_token(
    sandbox: SandboxApp, http: httpx.Client, secret: str, user_id: int, reason: str
) -> None:
    response = _token(
        http,
        **EXCHANGE,
        subject_token=_session_token(sandbox, user_id, secret),
        requested_token_type=ONLINE,
    )

    assert (response.status_code, response.json()) == (
        400,
        {"error": "invalid_subject_token", "error_description": f"Invalid subject token: {reason}"},
    )


def test_token_exchange_refuses_an_expired_session_token(
    sandbox: SandboxApp, http: httpx.Client
) -> None:
    token = _session_token(sandbox)
    sandbox.wall_time = lambda: WALL + 60

    response = _token(http, **EXCHANGE, subject_token=token, requested_token_type=OFFLINE)

    assert response.json() == {
        "error": "invalid_subject_token",
        "error_description": "Invalid subject token: the token has expired",
    }


def test_per_user_grant_options_give_an_online_token_for_the_shop_owner(
    http: httpx.Client, clock: FrozenClock
) -> None:
    code = _callback(http, scope="read_orders", **{"grant_options[]": "per-user"})["code"]

    body = _token(http, code=code).json()
    clock.advance(86399)

    assert (body["expires_in"], body["associated_user_scope"]) == (86399, "read_orders")
    assert body["associated_user"]["account_owner"] is True
    assert gql(http, SHOP, token=body["access_token"]).status_code == 401


def test_the_callback_carries_host_the_base64_of_the_admin_url(http: httpx.Client) -> None:
    callback = _callback(http, state="s1")

    assert sorted(callback) == ["code", "hmac", "host", "shop", "state", "timestamp"]
    assert callback["host"] == "YWRtaW4uc2hvcGlmeS5jb20vc3RvcmUvc3RvY2ticmlkZ2Utc2FuZGJveA"
    assert base64.b64decode(callback["host"] + "==") == (
        b"admin.shopify.com/store/stockbridge-sandbox"
    )


def test_a_redirect_uri_not_allowed_for_the_app_gets_shopifys_oauth_error(
    http: httpx.Client,
) -> None:
    response = http.get(
        "/admin/oauth/authorize",
        params={
            "client_id": "sandbox-client-id",
            "redirect_uri": "https://evil.example/callback",
            "approve": "1",
        },
    )

    assert response.status_code == 400
    assert "Oauth error invalid_request: The redirect_uri is not whitelisted" in response.text
    assert "location" not in response.headers


def test_the_callback_timestamp_is_wall_time_even_when_the_sandbox_clock_is_advanced(
    http: httpx.Client, clock: FrozenClock
) -> None:
    clock.advance(10 * 24 * 3600)

    assert _callback(http)["timestamp"] == "1800000000"


def test_a_state_holding_ampersand_and_percent_signs_as_both_client_libraries_rebuild_it(
    http: httpx.Client,
) -> None:
    callback = _callback(http, state="n&42%x")
    signed = {k: v for k, v in callback.items() if k != "hmac"}
    # ShopifyAPI (Python) escapes `%` and `&`; @shopify/shopify-api (Node) rebuilds the message
    # with URLSearchParams. For these characters both give the same message.
    python_message = "&".join(
        sorted(f"{k}={v.replace('%', '%25')}".replace("&", "%26") for k, v in signed.items())
    )
    node_message = "&".join(
        f"{quote_plus(k, safe='*')}={quote_plus(v, safe='*')}" for k, v in sorted(signed.items())
    )

    assert callback["state"] == "n&42%x"
    assert python_message == node_message
    assert "state=n%2642%25x" in python_message
    assert callback["hmac"] == query_hmac(signed, "sandbox-app-secret")


def test_the_control_api_configures_the_app_and_mints_session_tokens(
    http: httpx.Client,
) -> None:
    configured = http.post(
        "/__sandbox/app",
        json={"scopes": "read_products", "redirect_urls": ["https://app.example/cb"]},
    ).json()
    http.post(
        "/__sandbox/app/users",
        json={"id": 5, "first_name": "Bo", "last_name": "Li", "email": "bo@example.com"},
    )
    minted = http.post("/__sandbox/app/session-token", json={"user_id": 5}).json()
    online = _token(
        http, **EXCHANGE, subject_token=minted["session_token"], requested_token_type=ONLINE
    ).json()
    refused = http.get(
        "/admin/oauth/authorize",
        params={"client_id": "sandbox-client-id", "redirect_uri": CALLBACK, "approve": "1"},
    )

    assert configured == {
        "scopes": "read_products",
        "redirect_urls": ["https://app.example/cb"],
        "users": [1],
    }
    assert (online["scope"], online["associated_user"]["id"]) == ("read_products", 5)
    assert refused.status_code == 400


def test_the_control_api_refuses_an_unknown_staff_user(http: httpx.Client) -> None:
    response = http.post("/__sandbox/app/session-token", json={"user_id": 42})

    assert (response.status_code, response.json()) == (
        400,
        {"errors": "user_id: no such staff user"},
    )
