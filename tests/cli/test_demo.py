"""`stockbridge demo`: a fresh hub on SQLite beside a seeded Shopify sandbox store, connected as
a channel with its catalog imported, and shoppers placing orders in the store."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from .test_serve import free_port, get


def _wait_for(process: subprocess.Popen[str], lines: list[str], text: str, seconds: float) -> None:
    deadline = time.monotonic() + seconds
    assert process.stdout is not None
    while time.monotonic() < deadline:
        line = process.stdout.readline()
        if not line:
            break
        lines.append(line)
        if text in line:
            return
    raise AssertionError(f"no {text!r} from the demo:\n{''.join(lines)}")


def _hub_orders(data: Path) -> int:
    with sqlite3.connect(data / "stockbridge.sqlite3", timeout=5) as conn:
        return int(conn.execute("SELECT COUNT(*) FROM orders_order").fetchone()[0])


def _up(url: str) -> bool:
    try:
        return get(url)[0] == 200
    except OSError:  # not listening yet
        return False


def test_demo_starts_a_connected_store_with_its_catalog_imported_and_shoppers(
    tmp_path: Path,
) -> None:
    port, store_port = free_port(), free_port()
    data = tmp_path / "demo"
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DATABASE_URL", "DJANGO_"))}
    process = subprocess.Popen(
        [
            sys.executable, "-m", "stockbridge.cli.main", "demo",
            "--port", str(port), "--sandbox-port", str(store_port),
            "--data-dir", str(data), "--order-every", "0.3", "--password", "s3cret",
        ],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )  # fmt: skip
    lines: list[str] = []
    try:
        _wait_for(process, lines, "Stop with Ctrl-C", 240)
        banner = "".join(lines)
        assert f"back office:   http://127.0.0.1:{port}/   (login: demo / s3cret)" in banner
        assert "10 products, 56 variants at 3 locations in the store" in banner
        assert "3 spring products made here" in banner
        assert "import listings: ok (66 created)" in banner

        deadline = time.monotonic() + 60
        while not _up(f"http://127.0.0.1:{port}/health"):
            assert time.monotonic() < deadline, "the demo's web server did not come up"
            time.sleep(0.2)
        status, body = get(f"http://127.0.0.1:{store_port}/__sandbox/state")
        assert status == 200
        objects = json.loads(body)["objects"]
        assert (objects["Location"], objects["Product"], objects["ProductVariant"]) == (3, 10, 56)
        deadline = time.monotonic() + 30
        while (
            json.loads(get(f"http://127.0.0.1:{store_port}/__sandbox/state")[1])["objects"].get(
                "Order", 0
            )
            < 2
        ):
            assert time.monotonic() < deadline, "no shopper orders reached the store"
            time.sleep(0.3)
        deadline = time.monotonic() + 30
        while not _hub_orders(data):
            assert time.monotonic() < deadline, "no shopper order reached the hub by webhook"
            time.sleep(0.3)
    finally:
        process.send_signal(signal.SIGINT)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()

    assert (data / ".stockbridge-demo").exists()
    with sqlite3.connect(data / "stockbridge.sqlite3") as conn:
        channels = conn.execute("SELECT kind, name, status FROM channels_channel").fetchall()
        mappings = conn.execute("SELECT COUNT(*) FROM channels_locationmapping").fetchone()[0]
        seasons = conn.execute("SELECT name FROM catalog_season ORDER BY name").fetchall()
        users = conn.execute("SELECT username, is_superuser FROM auth_user").fetchall()
    assert channels == [("shopify", "Demo store", "connected")]
    assert mappings == 3
    assert seasons == [("AW26",), ("SS27",)]
    assert users == [("demo", 1)]


def test_demo_refuses_to_wipe_a_directory_it_did_not_make(tmp_path: Path) -> None:
    (tmp_path / "precious.txt").write_text("keep me")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DATABASE_URL", "DJANGO_"))}
    result = subprocess.run(
        [sys.executable, "-m", "stockbridge.cli.main", "demo", "--data-dir", str(tmp_path)],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 1
    assert result.stderr.strip() == (
        f"stockbridge demo: {tmp_path} holds data the demo did not make; choose another --data-dir"
    )
    assert (tmp_path / "precious.txt").read_text() == "keep me"


def test_the_demo_store_lets_the_hubs_install_callback_in_by_either_loopback_name() -> None:
    from stockbridge.cli.demo.store import install_callbacks

    assert install_callbacks("http://127.0.0.1:8000") == (
        "http://127.0.0.1:8000/channels/shopify/callback",
        "http://localhost:8000/channels/shopify/callback",
    )
    assert install_callbacks("http://localhost:9000/") == (
        "http://localhost:9000/channels/shopify/callback",
        "http://127.0.0.1:9000/channels/shopify/callback",
    )
    assert install_callbacks("https://hub.example.com") == (
        "https://hub.example.com/channels/shopify/callback",
    )
