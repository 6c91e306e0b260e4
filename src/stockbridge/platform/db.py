"""Database settings: SQLite (WAL, IMMEDIATE transactions, busy timeout) or PostgreSQL."""

from __future__ import annotations

from typing import Any

import dj_database_url

from stockbridge.platform.config import Config

SQLITE_INIT = (
    "PRAGMA journal_mode=WAL;"
    "PRAGMA synchronous=NORMAL;"
    "PRAGMA foreign_keys=ON;"
    "PRAGMA cache_size=-32000;"
)


def _sqlite(name: str) -> dict[str, Any]:
    return {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": name,
        "OPTIONS": {
            "transaction_mode": "IMMEDIATE",
            "timeout": 30,
            "init_command": SQLITE_INIT,
        },
        "TEST": {"NAME": name + ".test"} if name != ":memory:" else {},
    }


def database_settings(config: Config) -> dict[str, Any]:
    """The `DATABASES["default"]` dict for `config`."""
    url = config.database_url
    if not url:
        return _sqlite(str(config.sqlite_path))
    if url.startswith("sqlite:"):
        return _sqlite(str(dj_database_url.parse(url)["NAME"]))
    parsed: dict[str, Any] = dict(
        dj_database_url.parse(url, conn_max_age=60, conn_health_checks=True)
    )
    parsed["ENGINE"] = "django.db.backends.postgresql"
    return parsed
