"""The process configuration, read from the environment once and validated."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from stockbridge.platform.errors import ConfigurationError

QUEUE_BACKENDS = ("sqlite", "redis", "postgres", "immediate")


@dataclass(frozen=True, slots=True)
class Config:
    """Everything Stockbridge reads from its environment.

    `database_url` empty means the embedded SQLite file under `data_dir`. `behind_proxy`: a
    TLS proxy in front sets X-Forwarded-Proto and X-Forwarded-Host; `secure_cookies` (on
    behind a proxy unless set) marks the session and CSRF cookies Secure. `web_*` are the
    waitress limits: open connections held at once, and seconds an idle one is kept.
    """

    data_dir: Path
    database_url: str
    queue: str
    redis_url: str
    secret_key: str | None
    encryption_key: str | None
    debug: bool
    allowed_hosts: tuple[str, ...]
    currency: str
    time_zone: str
    queue_name: str = "stockbridge"
    csrf_trusted_origins: tuple[str, ...] = ()
    behind_proxy: bool = False
    secure_cookies: bool = False
    web_connection_limit: int = 1000
    web_channel_timeout: int = 30
    # the Shopify app Stockbridge installs by OAuth (custom apps connect with a token instead)
    shopify_client_id: str = ""
    shopify_client_secret: str = ""
    public_url: str = ""  # where channels reach this hub (webhooks); "" = not reachable
    # channels whose base URL is a loopback or `.test` host over http (sandboxes, demos)
    allow_sandbox_channels: bool = False
    # REDIS_URL as the environment gives it ("" when unset): where the stores' call budgets
    # are kept (shared by every worker); unset, they are kept in the database
    throttle_redis_url: str = ""

    @property
    def sqlite_path(self) -> Path:
        return self.data_dir / "stockbridge.sqlite3"

    @property
    def queue_path(self) -> Path:
        """The SQLite file of the job queue (`queue` sqlite)."""
        return self.data_dir / "queue.sqlite3"


def _flag(value: str, name: str) -> bool:
    lowered = value.strip().lower()
    if lowered in ("1", "true", "yes", "on"):
        return True
    if lowered in ("", "0", "false", "no", "off"):
        return False
    raise ConfigurationError(name, f"must be true or false, got {value!r}")


def _whole_number(env: Mapping[str, str], name: str, default: int, low: int, high: int) -> int:
    value = env.get(name, "").strip()
    if not value:
        return default
    if not value.isdigit() or not low <= int(value) <= high:
        raise ConfigurationError(
            name, f"must be a whole number from {low} to {high}, got {value!r}"
        )
    return int(value)


def _origins(value: str) -> tuple[str, ...]:
    origins = tuple(o.strip().rstrip("/") for o in value.split(",") if o.strip())
    for origin in origins:
        scheme, _, host = origin.partition("://")
        if scheme not in ("http", "https") or not host or "/" in host:
            raise ConfigurationError(
                "STOCKBRIDGE_CSRF_TRUSTED_ORIGINS",
                f"each origin is scheme and host, like https://shop.example.com; got {origin!r}",
            )
    return origins


def load_config(environ: Mapping[str, str] | None = None) -> Config:
    """Read and validate the configuration; raises ConfigurationError naming the variable."""
    env = os.environ if environ is None else environ
    data_dir = Path(env.get("STOCKBRIDGE_DATA_DIR", "data")).expanduser().resolve()
    database_url = env.get("DATABASE_URL", "").strip()
    if database_url and not database_url.startswith(("postgres://", "postgresql://", "sqlite:")):
        raise ConfigurationError(
            "DATABASE_URL", "must start with postgres://, postgresql:// or sqlite:"
        )
    queue = env.get("STOCKBRIDGE_QUEUE", "sqlite").strip().lower() or "sqlite"
    if queue not in QUEUE_BACKENDS:
        raise ConfigurationError(
            "STOCKBRIDGE_QUEUE", f"must be one of {', '.join(QUEUE_BACKENDS)}, got {queue!r}"
        )
    if queue == "postgres" and not database_url.startswith(("postgres://", "postgresql://")):
        raise ConfigurationError("STOCKBRIDGE_QUEUE", "postgres needs a PostgreSQL DATABASE_URL")
    currency = env.get("STOCKBRIDGE_CURRENCY", "USD").strip().upper()
    if len(currency) != 3 or not currency.isalpha():
        raise ConfigurationError("STOCKBRIDGE_CURRENCY", "must be a 3-letter ISO 4217 code")
    queue_name = env.get("STOCKBRIDGE_QUEUE_NAME", "stockbridge").strip()
    if not queue_name.replace("-", "").replace("_", "").isalnum():
        raise ConfigurationError(
            "STOCKBRIDGE_QUEUE_NAME", "must be letters, digits, '-' or '_' (e.g. stockbridge)"
        )
    hosts = tuple(
        h.strip()
        for h in env.get("STOCKBRIDGE_ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]").split(",")
        if h.strip()
    )
    behind_proxy = _flag(env.get("STOCKBRIDGE_BEHIND_PROXY", ""), "STOCKBRIDGE_BEHIND_PROXY")
    secure_cookies = env.get("STOCKBRIDGE_SECURE_COOKIES", "").strip()
    return Config(
        data_dir=data_dir,
        database_url=database_url,
        queue=queue,
        redis_url=env.get("REDIS_URL", "redis://127.0.0.1:6379/0"),
        secret_key=env.get("SECRET_KEY") or None,
        encryption_key=env.get("STOCKBRIDGE_ENCRYPTION_KEY") or None,
        debug=_flag(env.get("STOCKBRIDGE_DEBUG", ""), "STOCKBRIDGE_DEBUG"),
        allowed_hosts=hosts,
        currency=currency,
        time_zone=env.get("STOCKBRIDGE_TIME_ZONE", "UTC"),
        queue_name=queue_name,
        csrf_trusted_origins=_origins(env.get("STOCKBRIDGE_CSRF_TRUSTED_ORIGINS", "")),
        behind_proxy=behind_proxy,
        secure_cookies=(
            _flag(secure_cookies, "STOCKBRIDGE_SECURE_COOKIES") if secure_cookies else behind_proxy
        ),
        web_connection_limit=_whole_number(
            env, "STOCKBRIDGE_WEB_CONNECTION_LIMIT", 1000, low=10, high=100_000
        ),
        web_channel_timeout=_whole_number(
            env, "STOCKBRIDGE_WEB_CHANNEL_TIMEOUT", 30, low=1, high=3600
        ),
        shopify_client_id=env.get("STOCKBRIDGE_SHOPIFY_CLIENT_ID", "").strip(),
        shopify_client_secret=env.get("STOCKBRIDGE_SHOPIFY_CLIENT_SECRET", "").strip(),
        public_url=env.get("STOCKBRIDGE_PUBLIC_URL", "").strip(),
        allow_sandbox_channels=_flag(
            env.get("STOCKBRIDGE_ALLOW_SANDBOX_CHANNELS", ""), "STOCKBRIDGE_ALLOW_SANDBOX_CHANNELS"
        ),
        throttle_redis_url=_redis_url(env.get("REDIS_URL", "")),
    )


def _redis_url(value: str) -> str:
    url = value.strip()
    if url and not url.startswith(("redis://", "rediss://", "unix://")):
        raise ConfigurationError(
            "REDIS_URL", f"must start with redis://, rediss:// or unix://, got {url!r}"
        )
    return url
