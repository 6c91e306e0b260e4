"""Serving the sandbox over HTTP on loopback (waitress), with a webhook delivery thread."""

from __future__ import annotations

import threading
from typing import Any

import waitress
from waitress.server import create_server

from stockbridge.sandboxes.shopify.app import SandboxApp


class WebhookPump:
    """Delivers due webhooks every `interval` seconds until stopped."""

    def __init__(self, app: SandboxApp, interval: float = 0.2) -> None:
        self.app = app
        self.interval = interval
        self.stopped = threading.Event()
        self.thread = threading.Thread(target=self._loop, name="sandbox-webhooks", daemon=True)

    def _loop(self) -> None:
        while not self.stopped.wait(self.interval):
            self.app.webhooks.pump()

    def start(self) -> WebhookPump:
        self.thread.start()
        return self

    def stop(self) -> None:
        self.stopped.set()
        self.thread.join(timeout=5)


class BackgroundServer:
    """The sandbox on an ephemeral loopback port in a thread (for tests and demos)."""

    def __init__(self, app: SandboxApp, host: str = "127.0.0.1", port: int = 0) -> None:
        self.app = app
        self.server: Any = create_server(app, host=host, port=port, threads=4)
        self.thread = threading.Thread(target=self.server.run, name="sandbox-http", daemon=True)
        self.pump = WebhookPump(app)

    @property
    def base_url(self) -> str:
        return f"http://{self.server.effective_host}:{self.server.effective_port}"

    def __enter__(self) -> BackgroundServer:
        self.thread.start()
        self.pump.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.pump.stop()
        self.server.close()
        self.thread.join(timeout=5)


def serve(app: SandboxApp, host: str = "127.0.0.1", port: int = 8765) -> None:
    """Serve until interrupted."""
    pump = WebhookPump(app).start()
    try:
        waitress.serve(app, host=host, port=port, threads=4, ident="shopify-sandbox")
    finally:
        pump.stop()
