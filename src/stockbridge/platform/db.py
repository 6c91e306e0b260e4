"""Database settings: SQLite (WAL, IMMEDIATE transactions through a fair write gate, busy
timeout; `sqlite_backend`) or PostgreSQL; the data files kept private (0600); writes that must
never wait for SQLite's lock."""

from __future__ import annotations

import os
from collections.abc import Iterator, Mapping
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import Any

import dj_database_url

from stockbridge.platform.config import Config

SQLITE_INIT = (
    "PRAGMA journal_mode=WAL;"
    "PRAGMA synchronous=NORMAL;"
    "PRAGMA foreign_keys=ON;"
    "PRAGMA cache_size=-32000;"
)
SQLITE_ENGINE = "stockbridge.platform.sqlite_backend"
SQLITE_BUSY_TIMEOUT = 30  # seconds a SQLite write waits for another writer's lock
SQLITE_CONN_MAX_AGE = 60
"""Seconds a thread keeps its SQLite connection across requests and jobs (as PostgreSQL's):
opening one (the PRAGMAs, Django's functions) cost about 1.2 ms of CPU, paid by every webhook
acknowledgement and every job when each closed its connection at the end."""
PRIVATE_FILE_MODE = 0o600
PRIVATE_DIR_MODE = 0o700
SQLITE_COMPANIONS = ("-wal", "-shm", "-journal")


def _sqlite(name: str) -> dict[str, Any]:
    return {
        "ENGINE": SQLITE_ENGINE,
        "NAME": name,
        "CONN_MAX_AGE": SQLITE_CONN_MAX_AGE,
        "OPTIONS": {
            "transaction_mode": "IMMEDIATE",
            "timeout": SQLITE_BUSY_TIMEOUT,
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


def make_private(path: Path) -> None:
    """Create the SQLite file `path` empty with mode 0600 when it is missing (an empty file is an
    empty database), else set 0600 on it and on its -wal/-shm/-journal companions. SQLite
    creates those companions with the mode of the database file, so they stay 0600 too."""
    path.parent.mkdir(mode=PRIVATE_DIR_MODE, parents=True, exist_ok=True)
    with suppress(FileExistsError):
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, PRIVATE_FILE_MODE))
    for file in (path, *(Path(f"{path}{suffix}") for suffix in SQLITE_COMPANIONS)):
        try:
            if file.stat().st_mode & 0o777 != PRIVATE_FILE_MODE:
                file.chmod(PRIVATE_FILE_MODE)
        except FileNotFoundError:
            continue


def protect_data_files(config: Config, database: Mapping[str, Any]) -> None:
    """At start-up, before anything opens them: the data directory (0700 when created here),
    the SQLite database and the SQLite queue file, readable by their owner only (0600), like
    the key files beside them."""
    config.data_dir.mkdir(mode=PRIVATE_DIR_MODE, parents=True, exist_ok=True)
    name = str(database.get("NAME", ""))
    if database.get("ENGINE") == SQLITE_ENGINE and name and name != ":memory:":
        make_private(Path(name))
    if config.queue == "sqlite":
        make_private(config.queue_path)


@contextmanager
def without_lock_wait(connection: Any) -> Iterator[None]:
    """Inside, a SQLite write that finds another writer holding the database (a long import)
    fails at once with `OperationalError` instead of waiting up to SQLITE_BUSY_TIMEOUT: at the
    write gate (another thread of this process) or at SQLite's lock (another process).
    PostgreSQL locks rows, not the database: nothing changes there."""
    if connection.vendor != "sqlite":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA busy_timeout = 0")
    connection.lock_wait = 0.0
    try:
        yield
    finally:
        connection.lock_wait = None
        with connection.cursor() as cursor:
            cursor.execute(f"PRAGMA busy_timeout = {SQLITE_BUSY_TIMEOUT * 1000}")


@contextmanager
def ahead_of_queued_writes(connection: Any) -> Iterator[None]:
    """Inside, a SQLite write transaction of this thread is let in ahead of the write
    transactions of this process already waiting for the database (after the one holding
    it): for a short write someone waits on, such as acknowledging a webhook while the worker
    imports orders. PostgreSQL locks rows, not the database: nothing changes there."""
    if connection.vendor != "sqlite":
        yield
        return
    connection.urgent = True
    try:
        yield
    finally:
        connection.urgent = False


SQLITE_CHECKPOINT_PAGES = 1000  # SQLite's own wal_autocheckpoint
SQLITE_BULK_CHECKPOINT_PAGES = 10_000


@contextmanager
def bulk_writes(connection: Any) -> Iterator[None]:
    """Inside, this connection's commits move SQLite's write-ahead log into the database (a
    checkpoint, which syncs both files to disk) once the log holds 10,000 pages (40 MB)
    instead of SQLite's 1,000: an import writing hundreds of megabytes waits for the disk a
    tenth as often. On leaving, SQLite's default comes back and a passive checkpoint moves
    (and syncs) what is left. What is committed is the same; until that sync, at most 40 MB of
    the block's commits (not 4 MB) would be lost on a power cut, and a rerun of the import
    writes them again. Other connections keep checkpointing as before. PostgreSQL: nothing
    changes there."""
    if connection.vendor != "sqlite":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute(f"PRAGMA wal_autocheckpoint = {SQLITE_BULK_CHECKPOINT_PAGES}")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f"PRAGMA wal_autocheckpoint = {SQLITE_CHECKPOINT_PAGES}")
            if not connection.in_atomic_block:
                cursor.execute("PRAGMA wal_checkpoint(PASSIVE)")
