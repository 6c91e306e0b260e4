"""Django settings, built from the environment by `stockbridge.platform.config`."""

from __future__ import annotations

from typing import Any

from stockbridge.platform import keys
from stockbridge.platform.config import Config, load_config
from stockbridge.platform.db import database_settings, protect_data_files
from stockbridge.platform.queue import huey_settings


def http_security(config: Config) -> dict[str, Any]:
    """Hosts, trusted origins, the proxy header and cookie flags for `config`.

    Behind a TLS proxy (`behind_proxy`) the request is HTTPS when the proxy says so in
    X-Forwarded-Proto, and its host is the one in X-Forwarded-Host; the proxy must set (not
    pass on) both. Secure cookies are then on unless STOCKBRIDGE_SECURE_COOKIES says off.
    """
    return {
        "ALLOWED_HOSTS": list(config.allowed_hosts),
        "CSRF_TRUSTED_ORIGINS": list(config.csrf_trusted_origins),
        "SECURE_PROXY_SSL_HEADER": (
            ("HTTP_X_FORWARDED_PROTO", "https") if config.behind_proxy else None
        ),
        "USE_X_FORWARDED_HOST": config.behind_proxy,
        "SESSION_COOKIE_SECURE": config.secure_cookies,
        "CSRF_COOKIE_SECURE": config.secure_cookies,
    }


CONFIG = load_config()

DEBUG = CONFIG.debug
SECRET_KEY = CONFIG.secret_key or keys.load_or_create(CONFIG.data_dir / "secret_key")
STOCKBRIDGE_ENCRYPTION_KEY = CONFIG.encryption_key or keys.load_or_create(
    CONFIG.data_dir / "encryption_key", generate="fernet"
)
STOCKBRIDGE_CURRENCY = CONFIG.currency

# Channel kinds and their connector (`channels.registry.Kind` objects by dotted path): the
# composition root names them so that neither channels nor sync imports a connector.
CHANNEL_CONNECTORS = {
    "shopify": "stockbridge.connectors.shopify.kind.SHOPIFY",
    "woocommerce": "stockbridge.connectors.woocommerce.kind.WOOCOMMERCE",
    "bigcommerce": "stockbridge.connectors.bigcommerce.kind.BIGCOMMERCE",
    "wholesale": "stockbridge.connectors.wholesale.kind.WHOLESALE",
}
# The call budget of each store, shared by every worker (`channels.registry.throttle_for`):
# kept in Redis when REDIS_URL is set, else in the database.
CHANNEL_THROTTLE = "stockbridge.sync.throttle.throttle_for"
STOCKBRIDGE_THROTTLE_REDIS_URL = CONFIG.throttle_redis_url
STOCKBRIDGE_SHOPIFY_CLIENT_ID = CONFIG.shopify_client_id
STOCKBRIDGE_SHOPIFY_CLIENT_SECRET = CONFIG.shopify_client_secret
STOCKBRIDGE_PUBLIC_URL = CONFIG.public_url
# a channel's base URL may be a loopback or `.test` host over http (sandboxes) only if set
STOCKBRIDGE_ALLOW_SANDBOX_CHANNELS = CONFIG.allow_sandbox_channels
_HTTP = http_security(CONFIG)
ALLOWED_HOSTS = _HTTP["ALLOWED_HOSTS"]
CSRF_TRUSTED_ORIGINS = _HTTP["CSRF_TRUSTED_ORIGINS"]
SECURE_PROXY_SSL_HEADER = _HTTP["SECURE_PROXY_SSL_HEADER"]
USE_X_FORWARDED_HOST = _HTTP["USE_X_FORWARDED_HOST"]
SESSION_COOKIE_SECURE = _HTTP["SESSION_COOKIE_SECURE"]
CSRF_COOKIE_SECURE = _HTTP["CSRF_COOKIE_SECURE"]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_htmx",
    "ninja",  # serves Swagger UI from its own static files: /api/docs works offline
    "huey.contrib.djhuey",
    "stockbridge.catalog",
    "stockbridge.customers",
    "stockbridge.purchasing",
    "stockbridge.inventory",
    "stockbridge.orders",
    "stockbridge.channels",
    "stockbridge.sync",
    "stockbridge.web",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "stockbridge.web.api.middleware.ApiErrorMiddleware",
    "stockbridge.web.api.query_params.UnknownQueryParameters",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
]

ROOT_URLCONF = "stockbridge.web.urls"
WSGI_APPLICATION = "stockbridge.web.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ]
        },
    }
]

DATABASES = {"default": database_settings(CONFIG)}
protect_data_files(CONFIG, DATABASES["default"])  # 0600, like the key files
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

HUEY = huey_settings(CONFIG)

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]

LANGUAGE_CODE = "en-us"
TIME_ZONE = CONFIG.time_zone
USE_I18N = False
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = CONFIG.data_dir / "static"
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
MEDIA_URL = "media/"
MEDIA_ROOT = CONFIG.data_dir / "media"
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG

LOGIN_URL = "/admin/login/"
LOGIN_REDIRECT_URL = "/"

SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False
X_FRAME_OPTIONS = "DENY"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": "INFO"},
    # httpx logs every request at INFO: one line per channel call would flood the log
    "loggers": {"django.db.backends": {"level": "WARNING"}, "httpx": {"level": "WARNING"}},
}
