"""The sandbox driven by Shopify's own Node libraries (`@shopify/admin-api-client` and
`@shopify/shopify-api` from the npm registry), over real HTTP on loopback: a GraphQL query, a
throttled (HTTP 429) request retried by the client, webhook HMAC validation with
`shopify.webhooks.validate`, and the OAuth token exchange (expiring offline token, its
refresh, an online token).

The libraries are installed once with `npm install --no-audit --no-fund` into a cache under
the repository's `.test-data/` (gitignored; about 20 s the first time) and the script
`node/shopify_clients.cjs` runs against the sandbox. Without `npm` and `node`, or when the
registry cannot be reached, the test skips saying why.
"""

from __future__ import annotations

import fcntl
import json
import shutil
import subprocess
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import httpx
import pytest

from sandboxes.tests.conftest import gql
from stockbridge_sandboxes.shopify import SandboxApp
from stockbridge_sandboxes.shopify.clock import FrozenClock
from stockbridge_sandboxes.shopify.seed import seed_sample
from stockbridge_sandboxes.shopify.server import BackgroundServer
from stockbridge_sandboxes.shopify.session_tokens import mint

REPO = Path(__file__).resolve().parents[2]
SCRIPT = Path(__file__).resolve().parent / "node" / "shopify_clients.cjs"
PACKAGES = {"@shopify/admin-api-client": "2.0.0", "@shopify/shopify-api": "13.1.0"}
CACHE = REPO / ".test-data" / "npm-shopify-clients"
SHOP = "stockbridge-sandbox.myshopify.com"
TOKEN = "shpat_node_libraries"
INSTALL_SECONDS = 180
RUN_SECONDS = 60


def _installed() -> bool:
    for name, version in PACKAGES.items():
        manifest = CACHE / "node_modules" / name / "package.json"
        if not manifest.is_file() or json.loads(manifest.read_text())["version"] != version:
            return False
    return True


def _node_modules() -> Path:
    """The cache's node_modules, installed on first use (one installer at a time)."""
    if shutil.which("npm") is None or shutil.which("node") is None:
        pytest.skip("npm and node are not installed: Shopify's Node libraries cannot be tried")
    CACHE.mkdir(parents=True, exist_ok=True)
    with (CACHE / ".lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not _installed():
            manifest = {"private": True, "dependencies": PACKAGES}
            (CACHE / "package.json").write_text(json.dumps(manifest))
            try:
                done = subprocess.run(
                    ["npm", "install", "--no-audit", "--no-fund", "--no-package-lock"],
                    cwd=CACHE,
                    capture_output=True,
                    text=True,
                    timeout=INSTALL_SECONDS,
                    check=False,
                )
            except subprocess.TimeoutExpired:
                pytest.skip(f"npm install took over {INSTALL_SECONDS} s (registry unreachable?)")
            if done.returncode != 0 or not _installed():
                tail = (done.stderr or done.stdout).strip().splitlines()[-3:]
                pytest.skip(f"npm could not install {sorted(PACKAGES)}: {' | '.join(tail)}")
    return CACHE / "node_modules"


class _Receiver:
    """A webhook endpoint on loopback recording the deliveries it gets."""

    def __init__(self) -> None:
        self.received: list[tuple[dict[str, str], bytes]] = []
        received = self.received

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers["Content-Length"]))
                received.append(({k.lower(): v for k, v in self.headers.items()}, body))
                self.send_response(200)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args: object) -> None:
                return None

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/webhooks"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)


@pytest.fixture
def receiver() -> Iterator[_Receiver]:
    state = _Receiver()
    state.thread.start()
    yield state
    state.server.shutdown()
    state.server.server_close()


@pytest.fixture
def served() -> Iterator[tuple[SandboxApp, BackgroundServer]]:
    app = SandboxApp(clock=FrozenClock(), token=TOKEN)
    seed_sample(app.store)
    with BackgroundServer(app) as server:
        yield app, server


def _delivery(app: SandboxApp, receiver: _Receiver) -> tuple[dict[str, str], str]:
    """A real `products/update` delivery the sandbox signed and sent."""
    with httpx.Client(transport=httpx.WSGITransport(app=app), base_url="http://t") as http:
        made = gql(
            http,
            """mutation($uri: String!) { webhookSubscriptionCreate(topic: PRODUCTS_UPDATE,
              webhookSubscription: {uri: $uri}) { userErrors { message } } }""",
            {"uri": receiver.url},
            token=TOKEN,
        ).json()
        assert made["data"]["webhookSubscriptionCreate"]["userErrors"] == []
        product = app.store.all("Product")[0]["id"]
        gql(
            http,
            'mutation($id: ID!) { productUpdate(product: {id: $id, title: "Storm Jacket"}) '
            "{ userErrors { message } } }",
            {"id": product},
            token=TOKEN,
        )
    deadline = time.monotonic() + 10
    while not receiver.received and time.monotonic() < deadline:
        app.webhooks.pump()
        time.sleep(0.05)
    assert receiver.received, "the sandbox delivered no webhook within 10 s"
    headers, body = receiver.received[0]
    return headers, body.decode()


def test_shopify_node_libraries_drive_the_sandbox(
    served: tuple[SandboxApp, BackgroundServer], receiver: _Receiver, tmp_path: Path
) -> None:
    modules = _node_modules()
    app, server = served
    headers, body = _delivery(app, receiver)
    session_token = mint(
        shop=SHOP,
        client_id=app.credentials.client_id,
        secret=app.credentials.client_secret,
        user_id=1,
        now=int(app.wall_time()),
    )
    inputs = {
        "shop": SHOP,
        "host": server.base_url.removeprefix("http://"),
        "token": TOKEN,
        "apiKey": app.credentials.client_id,
        "secret": app.credentials.client_secret,
        "sessionToken": session_token,
        "webhook": {"headers": headers, "body": body},
    }
    (tmp_path / "inputs.json").write_text(json.dumps(inputs))

    run = subprocess.run(
        ["node", str(SCRIPT), str(tmp_path / "inputs.json")],
        capture_output=True,
        text=True,
        timeout=RUN_SECONDS,
        env={"NODE_PATH": str(modules), "PATH": _path()},
        check=False,
    )
    results: dict[str, Any] = json.loads(run.stdout or "{}")

    assert run.returncode == 0, (results.get("error"), run.stderr[-2000:])
    assert results["query"] == {
        "data": {
            "shop": {"name": "Stockbridge Sandbox"},
            "productsCount": {"count": 5, "precision": "EXACT"},
        },
        "errors": None,
    }
    assert results["retried"]["data"] == {"shop": {"name": "Stockbridge Sandbox"}}
    assert results["retried"]["errors"] is None
    assert results["refused"] == {"data": None, "networkStatusCode": 429}
    assert results["webhook"] == {
        "valid": True,
        "topic": "PRODUCTS_UPDATE",
        "domain": SHOP,
        "apiVersion": headers["x-shopify-api-version"],
        "webhookId": headers["x-shopify-webhook-id"],
        "tamperedValid": False,
        "tamperedReason": "invalid_hmac",
    }
    assert results["exchange"] == {
        "prefix": "shpat_",
        "isOnline": False,
        "expires": True,
        "refreshPrefix": "shprt_",
    }
    assert results["refresh"] == {"newToken": True, "refreshPrefix": "shprt_"}
    assert results["exchangedQuery"] == {"shop": {"myshopifyDomain": SHOP}}
    assert results["online"] == {"isOnline": True, "userId": 1}


def _path() -> str:
    """PATH holding only the directory of `node` (the script runs nothing else)."""
    node = shutil.which("node")
    return str(Path(node).parent) if node else ""
