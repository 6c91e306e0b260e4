"""Behind a TLS proxy (README, "Behind a TLS proxy"): the back-office login works and its
cookies are Secure, with the settings read from the environment."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.test import Client, override_settings

from stockbridge.platform.config import load_config
from stockbridge.platform.errors import ConfigurationError
from stockbridge.platform.settings import http_security

BEHIND_PROXY = {
    "STOCKBRIDGE_ALLOWED_HOSTS": "shop.example.com,127.0.0.1",
    "STOCKBRIDGE_BEHIND_PROXY": "true",
    "STOCKBRIDGE_CSRF_TRUSTED_ORIGINS": "https://shop.example.com",
}
# what the proxy adds to the browser's request before passing it on over plain HTTP
PASSES_THE_HOST = {"HTTP_HOST": "shop.example.com", "HTTP_X_FORWARDED_PROTO": "https"}
REWRITES_THE_HOST = {"HTTP_HOST": "127.0.0.1:8000", "HTTP_X_FORWARDED_PROTO": "https"}
FROM_THE_BROWSER = {"HTTP_ORIGIN": "https://shop.example.com"}


def settings_for(env: dict[str, str], tmp_path: Path) -> dict[str, Any]:
    return http_security(load_config({"STOCKBRIDGE_DATA_DIR": str(tmp_path), **env}))


def log_in(proxy: dict[str, str]) -> tuple[Any, Any]:
    """GET the login page, then POST the form with its CSRF token, as a browser does."""
    get_user_model().objects.create_superuser("boss", password="pw-for-tests-only")
    client = Client(enforce_csrf_checks=True)
    page = client.get("/admin/login/", **proxy)
    assert page.status_code == 200
    match = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.content.decode())
    assert match is not None
    form = {
        "username": "boss",
        "password": "pw-for-tests-only",
        "csrfmiddlewaretoken": match.group(1),
        "next": "/",
    }
    return page, client.post("/admin/login/", form, **proxy, **FROM_THE_BROWSER)


@pytest.mark.django_db
@pytest.mark.parametrize("proxy", [PASSES_THE_HOST, REWRITES_THE_HOST], ids=["host", "rewritten"])
def test_a_login_through_the_tls_proxy_succeeds_with_secure_cookies(
    proxy: dict[str, str], tmp_path: Path
) -> None:
    with override_settings(**settings_for(BEHIND_PROXY, tmp_path)):
        page, login = log_in(proxy)
    assert (login.status_code, login["Location"]) == (302, "/")
    assert page.cookies["csrftoken"]["secure"] is True
    assert login.cookies["sessionid"]["secure"] is True
    assert login.cookies["sessionid"]["httponly"] is True


@pytest.mark.django_db
def test_without_the_proxy_settings_the_same_login_is_refused(tmp_path: Path) -> None:
    """The fault: HTTPS origin, but Django sees plain HTTP and no trusted origin."""
    hosts_only = {"STOCKBRIDGE_ALLOWED_HOSTS": BEHIND_PROXY["STOCKBRIDGE_ALLOWED_HOSTS"]}
    with override_settings(**settings_for(hosts_only, tmp_path)):
        page, login = log_in(PASSES_THE_HOST)
    assert login.status_code == 403
    assert "CSRF verification failed" in login.content.decode()
    assert page.cookies["csrftoken"]["secure"] == ""


@pytest.mark.django_db
def test_a_rewritten_host_needs_the_trusted_origin(tmp_path: Path) -> None:
    untrusted = {k: v for k, v in BEHIND_PROXY.items() if "TRUSTED" not in k}
    with override_settings(**settings_for(untrusted, tmp_path)):
        _, login = log_in(REWRITES_THE_HOST)
    assert login.status_code == 403


def test_the_settings_each_variable_gives(tmp_path: Path) -> None:
    assert settings_for({}, tmp_path) == {
        "ALLOWED_HOSTS": ["localhost", "127.0.0.1", "[::1]"],
        "CSRF_TRUSTED_ORIGINS": [],
        "SECURE_PROXY_SSL_HEADER": None,
        "USE_X_FORWARDED_HOST": False,
        "SESSION_COOKIE_SECURE": False,
        "CSRF_COOKIE_SECURE": False,
    }
    assert settings_for(BEHIND_PROXY, tmp_path) == {
        "ALLOWED_HOSTS": ["shop.example.com", "127.0.0.1"],
        "CSRF_TRUSTED_ORIGINS": ["https://shop.example.com"],
        "SECURE_PROXY_SSL_HEADER": ("HTTP_X_FORWARDED_PROTO", "https"),
        "USE_X_FORWARDED_HOST": True,
        "SESSION_COOKIE_SECURE": True,
        "CSRF_COOKIE_SECURE": True,
    }
    plain_cookies = settings_for({**BEHIND_PROXY, "STOCKBRIDGE_SECURE_COOKIES": "off"}, tmp_path)
    assert (plain_cookies["SESSION_COOKIE_SECURE"], plain_cookies["CSRF_COOKIE_SECURE"]) == (
        False,
        False,
    )
    secure_only = settings_for({"STOCKBRIDGE_SECURE_COOKIES": "on"}, tmp_path)
    assert (secure_only["SESSION_COOKIE_SECURE"], secure_only["SECURE_PROXY_SSL_HEADER"]) == (
        True,
        None,
    )
    many = settings_for(
        {"STOCKBRIDGE_CSRF_TRUSTED_ORIGINS": " https://a.example.com/ , http://b.example.com:8080"},
        tmp_path,
    )
    assert many["CSRF_TRUSTED_ORIGINS"] == ["https://a.example.com", "http://b.example.com:8080"]


@pytest.mark.parametrize(
    ("variable", "value", "reason"),
    [
        (
            "STOCKBRIDGE_CSRF_TRUSTED_ORIGINS",
            "shop.example.com",
            "each origin is scheme and host, like https://shop.example.com; got 'shop.example.com'",
        ),
        (
            "STOCKBRIDGE_CSRF_TRUSTED_ORIGINS",
            "https://shop.example.com/admin",
            "each origin is scheme and host, like https://shop.example.com;"
            " got 'https://shop.example.com/admin'",
        ),
        ("STOCKBRIDGE_BEHIND_PROXY", "maybe", "must be true or false, got 'maybe'"),
        ("STOCKBRIDGE_SECURE_COOKIES", "2", "must be true or false, got '2'"),
        (
            "STOCKBRIDGE_WEB_CONNECTION_LIMIT",
            "5",
            "must be a whole number from 10 to 100000, got '5'",
        ),
        (
            "STOCKBRIDGE_WEB_CHANNEL_TIMEOUT",
            "-1",
            "must be a whole number from 1 to 3600, got '-1'",
        ),
    ],
)
def test_a_bad_value_names_the_variable(variable: str, value: str, reason: str) -> None:
    with pytest.raises(ConfigurationError) as caught:
        load_config({variable: value})
    assert (caught.value.field, caught.value.reason) == (variable, reason)
