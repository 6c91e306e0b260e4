"""Serving the sandbox over HTTP on loopback (waitress), with a delivery thread that sends
queued webhooks after the requests that caused them."""

from __future__ import annotations

import threading
from socketserver import ThreadingMixIn
from typing import Any
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

import waitress

from .app import WooSandbox


class DeliveryPump:
    def __init__(self, app: WooSandbox, interval: float = 0.2) -> None:
        self.app = app
        self.interval = interval
        self.stopped = threading.Event()
        self.thread = threading.Thread(target=self._loop, name="woo-webhooks", daemon=True)

    def _loop(self) -> None:
        while not self.stopped.wait(self.interval):
            self.app.pump()

    def start(self) -> DeliveryPump:
        self.thread.start()
        return self

    def stop(self) -> None:
        self.stopped.set()
        self.thread.join(timeout=5)


class _QuietHandler(WSGIRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        return None


class _ThreadingWSGIServer(ThreadingMixIn, WSGIServer):
    daemon_threads = True


class BackgroundServer:
    """The sandbox on an ephemeral loopback port in a thread (tests, benchmarks, demos)."""

    def __init__(self, app: WooSandbox, host: str = "127.0.0.1", port: int = 0) -> None:
        self.app = app
        self.server = make_server(
            host, port, app, server_class=_ThreadingWSGIServer, handler_class=_QuietHandler
        )
        self.thread = threading.Thread(
            target=self.server.serve_forever, name="woo-sandbox-http", daemon=True
        )
        self.pump = DeliveryPump(app)

    @property
    def base_url(self) -> str:
        host, port = self.server.server_address[:2]
        text = host.decode() if isinstance(host, bytes) else str(host)
        return f"http://{text}:{port}"

    def __enter__(self) -> BackgroundServer:
        self.thread.start()
        self.pump.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.pump.stop()
        self.server.shutdown()
        self.server.server_close()
        self.thread.join(timeout=5)


def serve(app: WooSandbox, host: str = "127.0.0.1", port: int = 8766) -> None:
    """Serve until interrupted."""
    pump = DeliveryPump(app).start()
    try:
        waitress.serve(app, host=host, port=port, threads=4, ident="woocommerce-sandbox")
    finally:
        pump.stop()
