"""The wholesale portal connector: the port's operations it offers, each in its own module
(connection, products, companies, stock, orders), over one signed REST client. What the
portal does not offer through its API (reading a catalog back, listing levels, prices apart
from products) is refused loudly: the kind declares none of those operations, so the engine
never asks."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import NoReturn

from stockbridge.channels.errors import Rejected
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
from stockbridge.channels.port_accounts import AccountDraft, AccountResult, HandedOrder
from stockbridge.channels.port_stock_by_date import StockByDate
from stockbridge.channels.port_styles import StyleDraft, StyleResult

from . import companies, connection, orders, products, stock
from .client import PortalClient


def _not_offered(what: str) -> NoReturn:
    raise Rejected("operation", f"the wholesale portal does not offer {what} through its API")


class PortalConnector:
    def __init__(self, client: PortalClient, capabilities: Capabilities) -> None:
        self.client = client
        self.capabilities = capabilities

    def test(self) -> ShopInfo:
        return connection.shop_info(self.client)

    def locations(self) -> list[RemoteLocation]:
        _not_offered("a list of its warehouses (they are made in its admin)")

    def push_styles(self, drafts: Sequence[StyleDraft]) -> list[StyleResult]:
        return products.push_styles(self.client, drafts)

    def push_accounts(self, drafts: Sequence[AccountDraft]) -> list[AccountResult]:
        return companies.push_accounts(self.client, drafts)

    def set_stock_by_date(self, items: Sequence[StockByDate]) -> list[ItemResult]:
        return stock.set_stock_by_date(self.client, items)

    def orders_to_take(self) -> Iterator[HandedOrder]:
        return orders.orders_to_take(self.client)

    def mark_taken(self, remote_id: str) -> None:
        orders.mark_taken(self.client, remote_id)

    def export_catalog(self) -> Iterator[RemoteProduct]:
        _not_offered("a catalog export")

    def set_levels(self, levels: Sequence[LevelWrite]) -> Iterator[ItemResult]:
        _not_offered("single stock levels (stock goes by date: push stock by date)")

    def read_levels(self) -> Iterator[RemoteLevel]:
        _not_offered("reading stock levels back")

    def read_levels_of(self, pairs: Sequence[tuple[str, str]]) -> list[RemoteLevel]:
        _not_offered("reading stock levels back")

    def set_prices(self, writes: Sequence[PriceWrite]) -> Iterator[ItemResult]:
        _not_offered("prices apart from products (they go with push products)")
