"""`serve`, `web`, `worker`, `migrate`: run Stockbridge embedded or scaled out."""

from __future__ import annotations

import argparse
import logging
import threading
from typing import Any

from stockbridge import bootstrap

log = logging.getLogger("stockbridge.server")


def _migrate(verbosity: int = 1) -> None:
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=verbosity)


def _consumer(workers: int, periodic: bool) -> Any:
    from django.utils.module_loading import autodiscover_modules
    from huey.contrib.djhuey import HUEY

    autodiscover_modules("tasks")
    return HUEY.create_consumer(workers=workers, worker_type="thread", periodic=periodic)


def _serve_http(host: str, port: int, threads: int) -> None:
    import waitress

    app = bootstrap.wsgi_application()
    log.info("Stockbridge web on http://%s:%s/ (back office /admin/, API /api/docs)", host, port)
    waitress.serve(app, host=host, port=port, threads=threads, ident="stockbridge")


def serve(args: argparse.Namespace) -> int:
    """Migrate, then run web server, job worker and scheduler in one process."""
    bootstrap.configure()
    if not args.no_migrate:
        _migrate(verbosity=0)
    consumer = _consumer(args.workers, periodic=True)
    web = threading.Thread(
        target=_serve_http, args=(args.host, args.port, args.threads), daemon=True, name="web"
    )
    web.start()
    from stockbridge.sync.tasks import prune_old_data_now

    prune_old_data_now()  # one run at start-up proves the worker; the hourly schedule follows
    consumer.run()  # blocks; SIGINT/SIGTERM stop the worker gracefully, the web thread ends too
    return 0


def web(args: argparse.Namespace) -> int:
    bootstrap.configure()
    _serve_http(args.host, args.port, args.threads)
    return 0


def worker(args: argparse.Namespace) -> int:
    bootstrap.configure()
    _consumer(args.workers, periodic=args.periodic).run()
    return 0


def migrate(args: argparse.Namespace) -> int:
    bootstrap.configure()
    _migrate()
    return 0


def register(commands: Any) -> None:
    def http_options(p: argparse.ArgumentParser) -> None:
        p.add_argument("--host", default="127.0.0.1", help="address to listen on")
        p.add_argument("--port", type=int, default=8000, help="port to listen on (8000)")
        p.add_argument("--threads", type=int, default=8, help="web threads (8)")

    p = commands.add_parser("serve", help="migrate, then run web + worker + scheduler (embedded)")
    http_options(p)
    p.add_argument("--workers", type=int, default=2, help="job worker threads (2)")
    p.add_argument("--no-migrate", action="store_true", help="skip migrations at start")
    p.set_defaults(handler=serve)

    p = commands.add_parser("web", help="run only the web server (scale-out)")
    http_options(p)
    p.set_defaults(handler=web)

    p = commands.add_parser("worker", help="run only the job worker (scale-out)")
    p.add_argument("--workers", type=int, default=4, help="worker threads (4)")
    p.add_argument(
        "--periodic",
        action=argparse.BooleanOptionalAction,
        default=True,
        help="also run the scheduler (exactly one worker machine should)",
    )
    p.set_defaults(handler=worker)

    p = commands.add_parser("migrate", help="apply database migrations")
    p.set_defaults(handler=migrate)
