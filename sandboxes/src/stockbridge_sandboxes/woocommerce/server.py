"""Serving the WooCommerce sandbox over HTTP on loopback (waitress), with a delivery thread
that sends queued webhooks after the requests that caused them."""

from __future__ import annotations

import waitress

from stockbridge_sandboxes.serving import BackgroundServer as _Background
from stockbridge_sandboxes.serving import Pump

from .app import WooSandbox


class DeliveryPump(Pump):
    def __init__(self, app: WooSandbox, interval: float = 0.2) -> None:
        super().__init__(app.pump, "woo-webhooks", interval)
        self.app = app


class BackgroundServer(_Background):
    """The sandbox on an ephemeral loopback port in a thread (tests, benchmarks, demos)."""

    def __init__(self, app: WooSandbox, host: str = "127.0.0.1", port: int = 0) -> None:
        super().__init__(app, host, port, step=app.pump, name="woo-sandbox")


def serve(app: WooSandbox, host: str = "127.0.0.1", port: int = 8768) -> None:
    """Serve until interrupted."""
    pump = DeliveryPump(app).start()
    try:
        waitress.serve(app, host=host, port=port, threads=4, ident="woocommerce-sandbox")
    finally:
        pump.stop()
