"""The BigCommerce connector: the port's operations, each in its own module (connection,
catalog, stock, prices), over one REST client."""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from stockbridge.channels.port import (
    Capabilities,
    ItemResult,
    LevelWrite,
    PriceWrite,
    RemoteLevel,
    RemoteLocation,
    RemoteProduct,
    ShopInfo,
)

from . import catalog, connection, prices, stock
from .client import BigCommerceClient


class BigCommerceConnector:
    def __init__(self, client: BigCommerceClient, capabilities: Capabilities) -> None:
        self.client = client
        self.capabilities = capabilities

    def test(self) -> ShopInfo:
        return connection.shop_info(self.client)

    def locations(self) -> list[RemoteLocation]:
        return connection.locations(self.client)

    def export_catalog(self) -> Iterator[RemoteProduct]:
        return catalog.export_catalog(self.client)

    def set_levels(self, levels: Sequence[LevelWrite]) -> Iterator[ItemResult]:
        return stock.set_levels(self.client, levels)

    def read_levels(self) -> Iterator[RemoteLevel]:
        return stock.read_levels(self.client)

    def read_levels_of(self, pairs: Sequence[tuple[str, str]]) -> list[RemoteLevel]:
        return stock.read_levels_of(self.client, pairs)

    def set_prices(self, writes: Sequence[PriceWrite]) -> Iterator[ItemResult]:
        return prices.set_prices(self.client, writes)
