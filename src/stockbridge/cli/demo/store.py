"""The store side of the demo: a Shopify sandbox seeded with the apparel catalog, whose app
lets this hub's install callback in (the OAuth "Connect" button of the back office), served on
a loopback port with its clock thread (webhooks go out by themselves)."""

from __future__ import annotations

from typing import Any

# where the back office's OAuth install comes back (backoffice:channel_callback for shopify)
CALLBACK_PATH = "/channels/shopify/callback"


def install_callbacks(public_url: str) -> tuple[str, ...]:
    """The redirection URLs the store's app allows: the hub's callback at its public URL, and
    at the same port by the other loopback name (a browser may say localhost or 127.0.0.1)."""
    base = public_url.rstrip("/")
    urls = [f"{base}{CALLBACK_PATH}"]
    for one, other in (("//127.0.0.1:", "//localhost:"), ("//localhost:", "//127.0.0.1:")):
        if one in base:
            urls.append(f"{base.replace(one, other)}{CALLBACK_PATH}")
    return tuple(urls)


def open_store(*, public_url: str, port: int = 0) -> tuple[Any, Any, Any]:
    """The seeded store, started: (app, its catalog summary, the running server; leave it
    with `server.__exit__(None, None, None)`)."""
    from stockbridge_sandboxes.shopify import SandboxApp
    from stockbridge_sandboxes.shopify.demo_catalog import seed_apparel
    from stockbridge_sandboxes.shopify.server import BackgroundServer

    app = SandboxApp()
    catalog = seed_apparel(app)
    app.credentials.redirect_urls = install_callbacks(public_url)
    server = BackgroundServer(app, port=port).__enter__()
    return app, catalog, server


__all__ = ["CALLBACK_PATH", "install_callbacks", "open_store"]
