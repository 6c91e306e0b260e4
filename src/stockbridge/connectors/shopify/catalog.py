"""Reading the store's catalog by bulk operation (helper: import)."""

from __future__ import annotations

from collections.abc import Iterator

from stockbridge.channels.port import RemoteProduct

from .client import ShopifyClient


def export_catalog(client: ShopifyClient) -> Iterator[RemoteProduct]:
    raise NotImplementedError("catalog.export_catalog")
