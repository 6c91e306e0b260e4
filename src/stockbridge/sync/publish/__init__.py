"""Publish listings: hub products -> channel products (see docs/publish.md)."""
