"""A BigCommerce store sandbox (catalog, location-aware inventory, orders v2, webhooks)."""

from stockbridge_sandboxes.bigcommerce.app import BigCommerceApp

__all__ = ["BigCommerceApp"]
