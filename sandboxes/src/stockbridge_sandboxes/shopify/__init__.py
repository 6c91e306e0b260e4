"""A local Shopify-compatible Admin API server (a standalone WSGI app).

It imports nothing of Stockbridge outside `stockbridge_sandboxes`.
"""

from stockbridge_sandboxes.shopify.app import SandboxApp, make_app

__all__ = ["SandboxApp", "make_app"]
