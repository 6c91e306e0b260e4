"""Writing inventory levels (helper: stock)."""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from stockbridge.channels.port import ItemResult, LevelWrite

from .client import ShopifyClient


def set_levels(client: ShopifyClient, levels: Sequence[LevelWrite]) -> Iterator[ItemResult]:
    raise NotImplementedError("stock.set_levels")
