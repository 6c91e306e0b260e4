"""A slow client cannot starve the web server: idle connections cost waitress a socket each, not
the service. `stockbridge web` runs for real on 127.0.0.1, on a free port, on its own SQLite
data directory."""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from .test_serve import free_port, get

IDLE_CONNECTIONS = 150
CHANNEL_TIMEOUT = 4  # seconds, from STOCKBRIDGE_WEB_CHANNEL_TIMEOUT


def health(port: int, timeout: float) -> int:
    """The status of GET /health, or 0 when it did not answer within `timeout` seconds."""
    with socket.create_connection(("127.0.0.1", port), timeout=timeout) as sock:
        sock.sendall(b"GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
        try:
            status_line = sock.recv(64)
        except TimeoutError:
            return 0
    return int(status_line.split()[1]) if status_line.startswith(b"HTTP/") else 0


@pytest.fixture(scope="module")
def web(tmp_path_factory: pytest.TempPathFactory) -> Iterator[int]:
    data_dir: Path = tmp_path_factory.mktemp("idle")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DATABASE_URL", "DJANGO_"))}
    env |= {
        "STOCKBRIDGE_DATA_DIR": str(data_dir),
        "STOCKBRIDGE_QUEUE": "immediate",
        "STOCKBRIDGE_WEB_CHANNEL_TIMEOUT": str(CHANNEL_TIMEOUT),
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
    process = subprocess.Popen(
        [sys.executable, "-m", "stockbridge.cli.main", "web", "--port", str(port)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            with contextlib.suppress(OSError):
                if get(f"http://127.0.0.1:{port}/health")[0] == 200:
                    break
            assert process.poll() is None, "stockbridge web exited"
            assert time.monotonic() < deadline, "stockbridge web did not come up in 60 s"
            time.sleep(0.2)
        yield port
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def test_150_idle_connections_do_not_stop_health_answering_within_1_s(web: int) -> None:
    idle: list[socket.socket] = []
    try:
        for _ in range(IDLE_CONNECTIONS):
            idle.append(socket.create_connection(("127.0.0.1", web), timeout=5))
        started = time.monotonic()
        assert health(web, timeout=1) == 200
        assert time.monotonic() - started < 1
        # and a client sending half a request line holds no worker either
        for sock in idle[:10]:
            sock.sendall(b"GET /hea")
        assert health(web, timeout=1) == 200
    finally:
        for sock in idle:
            sock.close()


def test_an_idle_connection_is_closed_after_the_channel_timeout(web: int) -> None:
    with socket.create_connection(("127.0.0.1", web), timeout=CHANNEL_TIMEOUT + 10) as sock:
        opened = time.monotonic()
        assert sock.recv(1) == b""  # the server closed it
        waited = time.monotonic() - opened
    assert CHANNEL_TIMEOUT - 0.5 < waited < CHANNEL_TIMEOUT + 5, waited


def test_the_waitress_limits_come_from_the_environment(tmp_path: Path) -> None:
    from stockbridge.cli.server import waitress_options
    from stockbridge.platform.config import load_config

    defaults = waitress_options(load_config({"STOCKBRIDGE_DATA_DIR": str(tmp_path)}), threads=8)
    assert defaults == {
        "threads": 8,
        "connection_limit": 1000,
        "channel_timeout": 30,
        "cleanup_interval": 10,
        "asyncore_use_poll": True,
        "backlog": 2048,
        "ident": "stockbridge",
    }
    env = {
        "STOCKBRIDGE_DATA_DIR": str(tmp_path),
        "STOCKBRIDGE_WEB_CONNECTION_LIMIT": "5000",
        "STOCKBRIDGE_WEB_CHANNEL_TIMEOUT": "2",
    }
    tuned = waitress_options(load_config(env), threads=4)
    assert (tuned["connection_limit"], tuned["channel_timeout"], tuned["cleanup_interval"]) == (
        5000,
        2,
        1,
    )
