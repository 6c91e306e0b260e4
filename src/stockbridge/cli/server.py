"""`serve`, `web`, `worker`, `migrate`: run Stockbridge embedded or scaled out."""

from __future__ import annotations

import argparse
import logging
import threading
from typing import Any

from stockbridge import bootstrap
from stockbridge.platform.config import Config, load_config

log = logging.getLogger("stockbridge.server")


def _migrate(verbosity: int = 1) -> None:
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=verbosity)


def _consumer(workers: int, periodic: bool) -> Any:
    from django.utils.module_loading import autodiscover_modules
    from huey.contrib.djhuey import HUEY

    autodiscover_modules("tasks")
    return HUEY.create_consumer(workers=workers, worker_type="thread", periodic=periodic)


def waitress_options(config: Config, threads: int) -> dict[str, Any]:
    """The waitress settings: idle or slow clients cost a file descriptor each, never a thread,
    and cannot lock the server out.

    - `connection_limit` (STOCKBRIDGE_WEB_CONNECTION_LIMIT, 1000): connections held at once,
      idle ones included; beyond it new ones wait in the listen backlog. Waitress's default,
      100, let 100 idle sockets lock everyone out.
    - `channel_timeout` (STOCKBRIDGE_WEB_CHANNEL_TIMEOUT, 30 s): an idle connection (no bytes
      in either direction, no request running) is closed; checked every `cleanup_interval`.
    - `asyncore_use_poll`: select() cannot watch more than 1024 descriptors; poll() can.
    """
    return {
        "threads": threads,
        "connection_limit": config.web_connection_limit,
        "channel_timeout": config.web_channel_timeout,
        "cleanup_interval": max(1, min(30, config.web_channel_timeout // 3)),
        "asyncore_use_poll": True,
        "backlog": 2048,
        "ident": "stockbridge",
    }


def _open_files_for(connections: int) -> None:
    """Raise this process's soft limit of open files to hold `connections` sockets plus the
    database and log files (up to the hard limit the system allows)."""
    try:
        import resource
    except ImportError:  # pragma: no cover - not on Windows
        return
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    wanted = connections + 256
    if soft != resource.RLIM_INFINITY and soft < wanted:
        ceiling = wanted if hard == resource.RLIM_INFINITY else min(wanted, hard)
        resource.setrlimit(resource.RLIMIT_NOFILE, (max(soft, ceiling), hard))


def _serve_http(host: str, port: int, threads: int) -> None:
    import waitress

    app = bootstrap.wsgi_application()
    options = waitress_options(load_config(), threads)
    _open_files_for(options["connection_limit"])
    log.info(
        "Stockbridge web on http://%s:%s/ (back office /admin/, API /api/docs); up to %s"
        " connections, idle ones closed after %s s",
        host,
        port,
        options["connection_limit"],
        options["channel_timeout"],
    )
    waitress.serve(app, host=host, port=port, **options)


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
