"""The Huey job queue settings: SQLite file by default, Redis or PostgreSQL to scale out."""

from __future__ import annotations

from typing import Any

from stockbridge.platform.config import Config


def huey_settings(config: Config) -> dict[str, Any]:
    """The `HUEY` settings dict djhuey reads, for the backend `config.queue` names."""
    consumer = {
        "workers": 2,
        "worker_type": "thread",
        "periodic": True,
        "check_worker_health": True,
    }
    base: dict[str, Any] = {"name": config.queue_name, "consumer": consumer, "utc": True}
    if config.queue == "immediate":
        return {**base, "huey_class": "huey.MemoryHuey", "immediate": True}
    if config.queue == "redis":
        return {**base, "huey_class": "huey.RedisHuey", "url": config.redis_url, "immediate": False}
    if config.queue == "postgres":
        return {
            **base,
            "huey_class": "huey.PostgresHuey",
            "connection": {"dsn": _libpq_dsn(config.database_url)},
            "immediate": False,
        }
    return {
        **base,
        "huey_class": "huey.SqliteHuey",
        "filename": str(config.queue_path),
        "immediate": False,
    }


def _libpq_dsn(url: str) -> str:
    return "postgresql://" + url.split("://", 1)[1]
