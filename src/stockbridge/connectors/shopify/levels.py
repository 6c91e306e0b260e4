"""Reading every inventory level of the store by bulk operation (helper: reconcile)."""

from __future__ import annotations

from collections.abc import Iterator

from stockbridge.channels.port import RemoteLevel

from .client import ShopifyClient


def read_levels(client: ShopifyClient) -> Iterator[RemoteLevel]:
    raise NotImplementedError("levels.read_levels")
