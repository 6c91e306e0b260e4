"""`demo`: Stockbridge on SQLite beside a Shopify sandbox store seeded with an apparel catalog,
connected as a channel with its catalog imported, and shoppers placing an order every few
seconds so the back office moves. Everything lives in a fresh data directory of its own."""

from __future__ import annotations

import argparse
import logging
import os
import shutil
from pathlib import Path
from typing import Any

MARKER = ".stockbridge-demo"


def _fresh_data_dir(path: Path, keep: bool) -> None:
    """Start from an empty demo directory; refuse to wipe one the demo did not make."""
    if path.exists() and any(path.iterdir()) and not keep:
        if not (path / MARKER).exists():
            raise SystemExit(
                f"stockbridge demo: {path} holds data the demo did not make; "
                "choose another --data-dir"
            )
        shutil.rmtree(path)
    path.mkdir(parents=True, exist_ok=True)
    (path / MARKER).touch()


def demo(args: argparse.Namespace) -> int:
    from .store import open_store

    data_dir = Path(args.data_dir).expanduser().resolve()
    _fresh_data_dir(data_dir, keep=False)
    public_url = f"http://{args.host}:{args.port}"
    app, catalog, sandbox = open_store(public_url=public_url, port=args.sandbox_port)
    # the demo is the embedded default: its own SQLite files and queue, whatever the shell says
    for name in ("DATABASE_URL", "STOCKBRIDGE_QUEUE"):
        os.environ.pop(name, None)
    os.environ.update(
        STOCKBRIDGE_DATA_DIR=str(data_dir),
        STOCKBRIDGE_ALLOW_SANDBOX_CHANNELS="1",
        STOCKBRIDGE_PUBLIC_URL=public_url,
        STOCKBRIDGE_SHOPIFY_CLIENT_ID=app.credentials.client_id,
        STOCKBRIDGE_SHOPIFY_CLIENT_SECRET=app.credentials.client_secret,
    )
    from stockbridge import bootstrap
    from stockbridge.cli import server

    bootstrap.configure()
    # the demo's screen is for what happens in the business: one line per job run is noise
    logging.getLogger("huey").setLevel(logging.WARNING)
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=0)
    from . import hub
    from .shopper import Shoppers

    hub.create_login(args.password)
    locations = hub.create_locations()
    spring = hub.create_spring_season(locations)
    channel_id = hub.connect_store(
        domain=app.shop_domain,
        base_url=sandbox.base_url,
        token=app.token,
        webhook_secret=app.credentials.client_secret,
        connect=not args.no_connect,
    )
    imported = "not connected: connect it from the back office (Channels)"
    if not args.no_connect:
        imported = hub.map_and_import(channel_id, locations)
    shoppers = None
    if args.order_every > 0:
        shoppers = Shoppers(sandbox.base_url, args.order_every, app.admin_execute).start()
    print(
        f"""
Stockbridge demo
  back office:   {public_url}/   (login: {hub.USERNAME} / {args.password})
  API docs:      {public_url}/api/docs
  Shopify store: {sandbox.base_url}  ({app.shop_domain}, a local sandbox)
  catalog:       {catalog.products} products, {catalog.variants} variants at \
{len(catalog.locations)} locations in the store; {spring} spring products made here
  {imported}
  shoppers:      {"an order every " + str(args.order_every) + " s" if shoppers else "off"}
  data:          {data_dir} (fresh on every start)
Stop with Ctrl-C.""",
        flush=True,
    )
    try:
        return server.serve(
            argparse.Namespace(
                host=args.host, port=args.port, threads=8, workers=2, no_migrate=True
            )
        )
    finally:
        if shoppers is not None:
            shoppers.stop()
        sandbox.__exit__(None, None, None)


def register(commands: Any) -> None:
    p = commands.add_parser(
        "demo",
        help="run Stockbridge beside a seeded Shopify sandbox store, with shoppers placing orders",
    )
    p.add_argument("--host", default="127.0.0.1", help="address to listen on")
    p.add_argument("--port", type=int, default=8000, help="back office and API port (8000)")
    p.add_argument("--sandbox-port", type=int, default=8765, help="the store's port (8765)")
    p.add_argument("--data-dir", default="demo-data", help="the demo's own data (./demo-data)")
    p.add_argument("--password", default="demo", help="the demo login's password (demo)")
    p.add_argument(
        "--order-every", type=float, default=5.0, help="seconds between shopper orders (0: none)"
    )
    p.add_argument(
        "--no-connect",
        action="store_true",
        help="add the store as a channel but leave connecting it to you (OAuth or token)",
    )
    p.set_defaults(handler=demo)


__all__ = ["demo", "register"]
