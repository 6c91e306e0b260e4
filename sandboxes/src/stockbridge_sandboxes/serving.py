"""Serving a sandbox over HTTP on loopback, for every sandbox: in a background thread on an
ephemeral port (tests, benchmarks, demos), with an optional clock thread that calls the
sandbox's own periodic work (deliveries due, bulk operations finishing) every `interval`."""

from __future__ import annotations

import threading
from collections.abc import Callable
from socketserver import ThreadingMixIn
from typing import Any
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server


class Pump:
    """Calls `step()` every `interval` seconds in a daemon thread until stopped."""

    def __init__(self, step: Callable[[], object], name: str, interval: float = 0.2) -> None:
        self.step = step
        self.interval = interval
        self.stopped = threading.Event()
        self.thread = threading.Thread(target=self._loop, name=name, daemon=True)

    def _loop(self) -> None:
        while not self.stopped.wait(self.interval):
            self.step()

    def start(self) -> Pump:
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
    """A WSGI sandbox on a loopback port in a thread; the standard library's threaded server
    stops cleanly on exit. `step` (optional) is pumped while it runs."""

    def __init__(
        self,
        app: Any,
        host: str = "127.0.0.1",
        port: int = 0,
        *,
        step: Callable[[], object] | None = None,
        name: str = "sandbox",
    ) -> None:
        self.app = app
        self.server = make_server(
            host, port, app, server_class=_ThreadingWSGIServer, handler_class=_QuietHandler
        )
        self.thread = threading.Thread(
            target=self.server.serve_forever, name=f"{name}-http", daemon=True
        )
        self.pump = Pump(step, f"{name}-clock") if step is not None else None

    @property
    def base_url(self) -> str:
        host, port = self.server.server_address[:2]
        text = host.decode() if isinstance(host, bytes) else str(host)
        return f"http://{text}:{port}"

    def __enter__(self) -> BackgroundServer:
        self.thread.start()
        if self.pump is not None:
            self.pump.start()
        return self

    def __exit__(self, *exc: object) -> None:
        if self.pump is not None:
            self.pump.stop()
        self.server.shutdown()
        self.server.server_close()
        self.thread.join(timeout=5)
