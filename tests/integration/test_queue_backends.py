"""The queue backends the settings name really carry a job from producer to worker:
SQLite file (embedded default), Redis and PostgreSQL (scale-out)."""

from __future__ import annotations

import importlib
import uuid
from pathlib import Path
from typing import Any

import pytest

from stockbridge.platform.config import load_config
from stockbridge.platform.queue import huey_settings

POSTGRES = "postgres://postgres@127.0.0.1:5432/test"


def build(settings: dict[str, Any], name: str) -> Any:
    """A Huey instance from the HUEY settings dict, as huey.contrib.djhuey builds it."""
    config = dict(settings)
    config.pop("consumer")
    config.pop("name")
    module, _, cls = config.pop("huey_class").rpartition(".")
    config.update(config.pop("connection", {}))
    return getattr(importlib.import_module(module), cls)(name, **config)


def round_trip(huey: Any) -> int:
    @huey.task()
    def add(a: int, b: int) -> int:
        return a + b

    pending = add(2, 3)
    assert huey.pending_count() == 1
    message = huey.dequeue()
    huey.execute(message)
    value: int = pending.get()
    huey.flush()
    return value


def test_sqlite_queue_is_a_file_in_the_data_dir(tmp_path: Path) -> None:
    settings = huey_settings(load_config({"STOCKBRIDGE_DATA_DIR": str(tmp_path)}))
    assert settings["huey_class"] == "huey.SqliteHuey"
    assert settings["filename"] == str(tmp_path / "queue.sqlite3")
    assert round_trip(build(settings, "t-sqlite")) == 5
    assert (tmp_path / "queue.sqlite3").exists()


def test_redis_queue(tmp_path: Path) -> None:
    settings = huey_settings(
        load_config(
            {
                "STOCKBRIDGE_DATA_DIR": str(tmp_path),
                "STOCKBRIDGE_QUEUE": "redis",
                "REDIS_URL": "redis://127.0.0.1:6379/0",
            }
        )
    )
    assert settings["huey_class"] == "huey.RedisHuey"
    assert round_trip(build(settings, f"t-redis-{uuid.uuid4().hex[:8]}")) == 5


def test_postgres_queue(tmp_path: Path) -> None:
    settings = huey_settings(
        load_config(
            {
                "STOCKBRIDGE_DATA_DIR": str(tmp_path),
                "STOCKBRIDGE_QUEUE": "postgres",
                "DATABASE_URL": POSTGRES,
            }
        )
    )
    assert settings["huey_class"] == "huey.PostgresHuey"
    assert round_trip(build(settings, f"t_pg_{uuid.uuid4().hex[:8]}")) == 5


def test_the_postgres_queue_needs_a_postgres_database(tmp_path: Path) -> None:
    from stockbridge.platform.errors import ConfigurationError

    with pytest.raises(ConfigurationError) as caught:
        load_config({"STOCKBRIDGE_DATA_DIR": str(tmp_path), "STOCKBRIDGE_QUEUE": "postgres"})
    assert caught.value.field == "STOCKBRIDGE_QUEUE"
