"""Scale-out: `stockbridge migrate`, `web` and `worker --periodic` as separate processes on
PostgreSQL with the queue on Redis, as the README describes."""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest

from .test_serve import free_port, get

ADMIN_DSN = "postgresql://postgres@127.0.0.1:5432/test"


@pytest.fixture
def scratch_database() -> Iterator[str]:
    name = f"sb_scaleout_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(ADMIN_DSN, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        yield f"postgres://postgres@127.0.0.1:5432/{name}"
    finally:
        with psycopg.connect(ADMIN_DSN, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def run(args: list[str], env: dict[str, str]) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "stockbridge.cli.main", *args],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )


def stop(process: subprocess.Popen[str]) -> int:
    if process.poll() is None:
        process.send_signal(signal.SIGINT)
        try:
            return process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
    return process.wait()


def test_web_and_worker_as_separate_processes(scratch_database: str, tmp_path: Path) -> None:
    queue = f"sb-scaleout-{uuid.uuid4().hex[:8]}"
    env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    env |= {
        "DATABASE_URL": scratch_database,
        "STOCKBRIDGE_QUEUE": "redis",
        "REDIS_URL": "redis://127.0.0.1:6379/0",
        "STOCKBRIDGE_DATA_DIR": str(tmp_path),
        "STOCKBRIDGE_QUEUE_NAME": queue,
    }
    migrate = subprocess.run(
        [sys.executable, "-m", "stockbridge.cli.main", "migrate"],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert migrate.returncode == 0, migrate.stdout + migrate.stderr

    port = free_port()
    web = run(["web", "--port", str(port)], env)
    worker = run(["worker", "--workers", "1", "--periodic"], env)
    try:
        deadline = time.monotonic() + 60
        runs = 0
        healthy = False
        while time.monotonic() < deadline and not (healthy and runs):
            with contextlib.suppress(OSError):
                healthy = healthy or get(f"http://127.0.0.1:{port}/health")[0] == 200
            with psycopg.connect(scratch_database.replace("postgres://", "postgresql://")) as c:
                row = c.execute(
                    "SELECT runs FROM sync_jobheartbeat WHERE name = 'sweep_pending_work'"
                ).fetchone()
            runs = row[0] if row else 0
            time.sleep(0.3)
        assert healthy, web.stdout.read() if web.poll() is not None else "web not healthy"  # type: ignore[union-attr]
        # The scheduler of the --periodic worker enqueued the sweep on Redis and ran it.
        assert runs >= 1
    finally:
        assert stop(worker) == 0
        stop(web)
