"""`stockbridge serve` on its embedded default: migrates, serves web and API, and runs the job
worker with its scheduler in the same process (seen through the jobs' heartbeat rows)."""

from __future__ import annotations

import json
import os
import signal
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def get(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read().decode()


def heartbeats(db: Path) -> dict[str, int]:
    if not db.exists():
        return {}
    with sqlite3.connect(db) as conn:
        try:
            rows = conn.execute("SELECT name, runs FROM sync_jobheartbeat").fetchall()
        except sqlite3.OperationalError:
            return {}
    return dict(rows)


@pytest.fixture
def served(tmp_path: Path):  # type: ignore[no-untyped-def]
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DATABASE_URL", "DJANGO_"))}
    env |= {"STOCKBRIDGE_DATA_DIR": str(tmp_path), "STOCKBRIDGE_QUEUE": "sqlite"}
    process = subprocess.Popen(
        [sys.executable, "-m", "stockbridge.cli.main", "serve", "--port", str(port)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                if get(f"http://127.0.0.1:{port}/health")[0] == 200:
                    break
            except OSError:
                pass
            if process.poll() is not None or time.monotonic() > deadline:
                raise AssertionError(f"serve did not come up:\n{process.stdout.read()}")  # type: ignore[union-attr]
            time.sleep(0.2)
        yield port, tmp_path, process
    finally:
        if process.poll() is None:
            process.send_signal(signal.SIGINT)
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def test_serve_runs_web_api_worker_and_scheduler(served) -> None:  # type: ignore[no-untyped-def]
    port, data_dir, process = served
    base = f"http://127.0.0.1:{port}"

    status, body = get(f"{base}/api/v1/products")
    assert status == 401
    assert json.loads(body)["errors"][0]["field"] == "Authorization"
    status, body = get(f"{base}/api/openapi.json")
    assert status == 200 and json.loads(body)["info"]["title"] == "Stockbridge API"
    status, body = get(f"{base}/admin/login/")
    assert status == 200 and "Stockbridge" in body

    db = data_dir / "stockbridge.sqlite3"
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        beats = heartbeats(db)
        if beats.get("prune_old_data", 0) >= 1 and beats.get("sweep_pending_work", 0) >= 1:
            break
        time.sleep(0.3)
    beats = heartbeats(db)
    # prune_old_data ran on the worker (enqueued at start); the sweep was enqueued by the
    # scheduler (every minute, first at start-up) and run by the worker.
    assert beats.get("prune_old_data", 0) >= 1, beats
    assert beats.get("sweep_pending_work", 0) >= 1, beats
    assert (data_dir / "queue.sqlite3").exists()

    process.send_signal(signal.SIGINT)
    assert process.wait(timeout=20) == 0
