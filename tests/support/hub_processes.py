"""Stockbridge as real processes for a test: `stockbridge web` and `stockbridge worker` (and
one-off commands) on the embedded default, SQLite files and the SQLite job queue, in a data
directory of the test's own, the web on a free loopback port. Nothing is shared with the test
database; every child still running is killed when the test leaves (`running_hub`)."""

from __future__ import annotations

import json
import os
import signal
import socket
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import closing, contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from stockbridge.platform.config import load_config

REPO = Path(__file__).resolve().parent.parent.parent
# `stockbridge <args>` that dies with the process that started it, even one killed outright
# (Linux's PR_SET_PDEATHSIG, set before Stockbridge starts; argv[1] is the parent's pid)
LAUNCH = """
import ctypes, os, runpy, signal, sys
if sys.platform == "linux":
    ctypes.CDLL(None).prctl(1, signal.SIGKILL)
    if os.getppid() != int(sys.argv[1]):
        sys.exit("the test process is gone")
sys.argv = ["stockbridge", *sys.argv[2:]]
runpy.run_module("stockbridge.cli.main", run_name="__main__")
"""
STARTUP = 60.0  # seconds a web process may take to answer
COMMAND_TIMEOUT = 300.0  # seconds a one-off command may take


def free_port() -> int:
    with closing(socket.socket()) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class Hub:
    """One hub: its data directory, its web's port, the children started so far."""

    data_dir: Path
    port: int
    children: list[subprocess.Popen[bytes]] = field(default_factory=list)

    @property
    def public_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def env(self) -> dict[str, str]:
        """The test's environment without its database, queue and data directory: the hub's
        own, with sandbox channels allowed and webhooks sent to its web."""
        kept = {
            k: v
            for k, v in os.environ.items()
            if not k.startswith(("DJANGO_", "STOCKBRIDGE_"))
            and k not in ("DATABASE_URL", "REDIS_URL")
        }
        return kept | {
            "STOCKBRIDGE_DATA_DIR": str(self.data_dir),
            "STOCKBRIDGE_QUEUE": "sqlite",
            "STOCKBRIDGE_ALLOW_SANDBOX_CHANNELS": "1",
            "STOCKBRIDGE_PUBLIC_URL": self.public_url,
        }

    @property
    def database(self) -> Path:
        return load_config(self.env()).sqlite_path

    def _log(self, name: str) -> Any:
        return (self.data_dir / f"{name}-{len(self.children)}.log").open("ab")

    def start(self, *args: str) -> subprocess.Popen[bytes]:
        """`stockbridge <args>` in the background (its output in the data directory), to
        die with the test process at the latest."""
        with self._log(args[0]) as log:
            child = subprocess.Popen(
                [sys.executable, "-c", LAUNCH, str(os.getpid()), *args],
                cwd=REPO,
                env=self.env(),
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        self.children.append(child)
        return child

    def start_web(self) -> subprocess.Popen[bytes]:
        """`stockbridge web` on the hub's port, once it answers."""
        web = self.start("web", "--port", str(self.port), "--threads", "4")
        deadline = time.monotonic() + STARTUP
        while time.monotonic() < deadline:
            assert web.poll() is None, f"stockbridge web ended with {web.returncode}"
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=1):
                    return web
            except OSError:
                time.sleep(0.2)
        raise AssertionError(f"stockbridge web did not answer within {STARTUP} s")

    def run(self, *args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
        """`python <args>` to its end in the hub's environment (from the repository root)."""
        return subprocess.run(
            [sys.executable, *args],
            cwd=REPO,
            env=self.env(),
            input=stdin,
            capture_output=True,
            text=True,
            timeout=COMMAND_TIMEOUT,
            check=False,
        )

    def cli(self, *args: str) -> subprocess.CompletedProcess[str]:
        """`stockbridge <args>` to its end."""
        return self.run("-m", "stockbridge.cli.main", *args)

    def script(self, module: str, command: str, spec: dict[str, Any] | None = None) -> Any:
        """`python -m <module> <command>` given `spec` as JSON on stdin: its JSON answer."""
        done = self.run("-m", module, command, stdin=json.dumps(spec or {}))
        assert done.returncode == 0, done.stderr[-3000:]
        return json.loads(done.stdout)

    def count(self, sql: str) -> int:
        """One number read from the hub's database (while its processes run)."""
        with closing(sqlite3.connect(self.database, timeout=30)) as conn:
            return int(conn.execute(sql).fetchone()[0])


def kill(child: subprocess.Popen[bytes]) -> int:
    """SIGKILL `child` (no clean-up of any kind) and reap it: its exit status."""
    if child.poll() is None:
        child.send_signal(signal.SIGKILL)
    return child.wait(timeout=30)


def stop(child: subprocess.Popen[bytes]) -> int:
    """SIGTERM `child` (a graceful stop) and reap it; SIGKILL after 30 s."""
    if child.poll() is None:
        child.send_signal(signal.SIGTERM)
        try:
            return child.wait(timeout=30)
        except subprocess.TimeoutExpired:
            return kill(child)
    return int(child.returncode)


@contextmanager
def running_hub(data_dir: Path) -> Iterator[Hub]:
    """A hub in `data_dir` (nothing started yet); its children are killed on the way out."""
    hub = Hub(data_dir=data_dir, port=free_port())
    try:
        yield hub
    finally:
        for child in hub.children:
            kill(child)
