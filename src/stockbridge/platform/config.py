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

    `database_url` empty means the embedded SQLite file under `data_dir`.
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

    @property
    def sqlite_path(self) -> Path:
        return self.data_dir / "stockbridge.sqlite3"


def _flag(value: str, name: str) -> bool:
    lowered = value.strip().lower()
    if lowered in ("1", "true", "yes", "on"):
        return True
    if lowered in ("", "0", "false", "no", "off"):
        return False
    raise ConfigurationError(name, f"must be true or false, got {value!r}")


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
    )
