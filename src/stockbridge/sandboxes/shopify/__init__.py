"""A local Shopify-compatible Admin API server (standalone WSGI app; imports nothing of Stockbridge)."""

from stockbridge.sandboxes.shopify.app import SandboxApp, make_app

__all__ = ["SandboxApp", "make_app"]
