"""A crash between importing a portal order and marking it processed never makes a second
order: a separate worker process runs "take orders" and is SIGKILLed the moment its mark
reaches the portal (after the import committed, before the portal changed anything); the
order is in the hub and still approved there. A restarted worker finds it imported, marks it
processed, and the hub holds exactly one order. On PostgreSQL the processes share the test
database; on SQLite they share a database file of their own."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings as django_settings
from django.db import connection

from stockbridge_sandboxes.serving import BackgroundServer
from stockbridge_sandboxes.wholesale import PortalApp
from tests.channels.wholesale import portal_order
from tests.support.portals import Portal

pytestmark = pytest.mark.django_db(transaction=True)
ROOT = Path(__file__).resolve().parents[2]


class KillOnMark:
    """The portal, SIGKILLing `victim` when a mark arrives (before the portal applies it)."""

    def __init__(self, app: PortalApp) -> None:
        self.app = app
        self.victim: subprocess.Popen[bytes] | None = None
        self.killed = 0

    def __call__(self, environ: dict[str, Any], start: Any) -> Any:
        if self.victim is not None and environ["PATH_INFO"].endswith("/processed"):
            self.victim.send_signal(signal.SIGKILL)
            self.victim = None
            self.killed += 1
            start("500 Internal Server Error", [("Content-Type", "text/plain")])
            return [b"Oops, there was a problem!"]
        return self.app(environ, start)


def environment(tmp_path: Path) -> dict[str, str]:
    env = dict(os.environ)
    env.pop("DJANGO_SETTINGS_MODULE", None)
    env["STOCKBRIDGE_ALLOW_SANDBOX_CHANNELS"] = "1"
    env["STOCKBRIDGE_QUEUE"] = "immediate"
    if connection.vendor == "postgresql":
        db = django_settings.DATABASES["default"]
        env["DATABASE_URL"] = f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}"
    else:
        env.pop("DATABASE_URL", None)
        env["STOCKBRIDGE_DATA_DIR"] = str(tmp_path)
    return env


def worker(env: dict[str, str], *args: str) -> subprocess.Popen[bytes]:
    command = [sys.executable, "-m", "tests.sync.portal_worker", *args]
    return subprocess.Popen(command, env=env, cwd=ROOT, stdout=subprocess.PIPE)


def answer(env: dict[str, str], *args: str) -> Any:
    process = worker(env, *args)
    out, _ = process.communicate(timeout=120)
    assert process.returncode == 0
    return json.loads(out) if out.strip() else None


def test_a_worker_killed_between_import_and_mark_never_makes_a_second_order(
    tmp_path: Path,
) -> None:
    app = PortalApp()
    killer = KillOnMark(app)
    env = environment(tmp_path)
    with BackgroundServer(killer, name="portal") as server:
        portal = Portal(app=app, base_url=server.base_url)
        grant = app.issue_token()
        token = f"{app.consumer_key}:{app.consumer_secret}:{grant.token}:{grant.secret}:portal"
        answer(env, "setup", server.base_url, token)
        order = portal_order(portal, "ACME-01")

        first = worker(env, "take")
        killer.victim = first
        first.wait(timeout=120)
        assert (first.returncode, killer.killed) == (-signal.SIGKILL, 1)
        assert answer(env, "count") == {"orders": [[order["_id"], order["order_number"]]]}
        assert app.portal.orders[order["_id"]]["status"] == "approved"

        assert answer(env, "take") == {
            "status": "ok",
            "message": "1 order(s) handed over read, 1 marked taken",
        }
        assert answer(env, "count") == {"orders": [[order["_id"], order["order_number"]]]}
        assert app.portal.orders[order["_id"]]["status"] == "processed"
        assert answer(env, "take")["message"] == "0 order(s) handed over read, 0 marked taken"
