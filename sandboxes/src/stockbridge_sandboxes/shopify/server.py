"""Serving the Shopify sandbox over HTTP on loopback, with its clock thread: bulk operations
finish when their time comes and due webhooks (and retries) go out, with or without requests
(`SandboxApp.tick`)."""

from __future__ import annotations

import waitress

from stockbridge_sandboxes.serving import BackgroundServer as _Background
from stockbridge_sandboxes.serving import Pump
from stockbridge_sandboxes.shopify.app import SandboxApp


class WebhookPump(Pump):
    def __init__(self, app: SandboxApp, interval: float = 0.2) -> None:
        super().__init__(app.tick, "sandbox-webhooks", interval)
        self.app = app


class BackgroundServer(_Background):
    """The Shopify sandbox on an ephemeral loopback port in a thread (tests and demos)."""

    def __init__(self, app: SandboxApp, host: str = "127.0.0.1", port: int = 0) -> None:
        super().__init__(app, host, port, step=app.tick, name="sandbox")


def serve(app: SandboxApp, host: str = "127.0.0.1", port: int = 8765) -> None:
    """Serve until interrupted."""
    pump = WebhookPump(app).start()
    try:
        waitress.serve(app, host=host, port=port, threads=4, ident="shopify-sandbox")
    finally:
        pump.stop()
