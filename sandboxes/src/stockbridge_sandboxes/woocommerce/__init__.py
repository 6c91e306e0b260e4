"""A WooCommerce store (REST API v3, `/wp-json/wc/v3`) in memory, for testing connectors
offline: products and variations with WooCommerce's stock and price rules, orders, customers,
webhooks delivered and signed as WooCommerce does, Basic and OAuth 1.0a authentication, and a
control API under `/__sandbox/`. Documented in `sandboxes/docs/woocommerce.md`."""

from .app import DEMO_KEY, DEMO_SECRET, WooSandbox
from .clock import Clock
from .store import Site

__all__ = ["DEMO_KEY", "DEMO_SECRET", "Clock", "Site", "WooSandbox"]
