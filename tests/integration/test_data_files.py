"""The data directory is private: the SQLite database (with its -wal and -shm files) and the
SQLite queue file are 0600, like the key files beside them."""

from __future__ import annotations

import os
import sqlite3
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.conf import settings

from stockbridge.platform.config import load_config
from stockbridge.platform.db import SQLITE_ENGINE, database_settings, protect_data_files
from stockbridge.platform.keys import load_or_create


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture
def usual_umask() -> Iterator[None]:
    previous = os.umask(0o022)  # files would be created 0644 and directories 0755
    yield
    os.umask(previous)


def test_a_new_data_directory_is_owner_only(tmp_path: Path, usual_umask: None) -> None:
    data = tmp_path / "data"
    config = load_config({"STOCKBRIDGE_DATA_DIR": str(data)})
    load_or_create(data / "secret_key")
    protect_data_files(config, database_settings(config))

    database = data / "stockbridge.sqlite3"
    with sqlite3.connect(database) as conn, sqlite3.connect(config.queue_path) as queue:
        conn.execute("PRAGMA journal_mode=WAL")
        conn.execute("CREATE TABLE t (x)")
        conn.execute("INSERT INTO t VALUES (1)")
        queue.execute("CREATE TABLE q (x)")
        files = {p.name: mode(p) for p in data.iterdir()}
    assert files == {
        "secret_key": 0o600,
        "stockbridge.sqlite3": 0o600,
        "stockbridge.sqlite3-wal": 0o600,
        "stockbridge.sqlite3-shm": 0o600,
        "queue.sqlite3": 0o600,
    }
    assert mode(data) == 0o700


def test_files_left_world_readable_by_an_older_version_are_closed_at_start(
    tmp_path: Path, usual_umask: None
) -> None:
    data = tmp_path / "data"
    data.mkdir(mode=0o755)
    for name in ("stockbridge.sqlite3", "stockbridge.sqlite3-wal", "queue.sqlite3"):
        (data / name).write_bytes(b"")
        (data / name).chmod(0o644)
    config = load_config({"STOCKBRIDGE_DATA_DIR": str(data)})
    protect_data_files(config, database_settings(config))
    assert {p.name: mode(p) for p in data.iterdir()} == {
        "stockbridge.sqlite3": 0o600,
        "stockbridge.sqlite3-wal": 0o600,
        "queue.sqlite3": 0o600,
    }
    assert mode(data) == 0o755  # a directory the operator made is theirs to set


def test_a_sqlite_url_elsewhere_and_other_queues(tmp_path: Path) -> None:
    elsewhere = tmp_path / "db" / "shop.sqlite3"
    config = load_config(
        {
            "STOCKBRIDGE_DATA_DIR": str(tmp_path / "data"),
            "DATABASE_URL": f"sqlite:///{elsewhere}",
            "STOCKBRIDGE_QUEUE": "redis",
        }
    )
    protect_data_files(config, database_settings(config))
    assert mode(elsewhere) == 0o600
    assert not config.queue_path.exists()


def test_the_settings_protect_this_runs_data_directory() -> None:
    config = settings.CONFIG
    if settings.DATABASES["default"]["ENGINE"] == SQLITE_ENGINE:
        assert mode(config.sqlite_path) == 0o600
    assert mode(config.data_dir / "secret_key") == 0o600
