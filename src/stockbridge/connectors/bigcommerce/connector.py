"""The BigCommerce connector: the port's operations, each in its own module (connection,
catalog, stock, prices, orders in, shipments and refunds back), over one REST client."""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence

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
from stockbridge.channels.port_fulfilment import (
    CancelWrite,
    FulfilmentWrite,
    RefundWrite,
    RemoteFulfilment,
    TrackingInfo,
)
from stockbridge.channels.port_orders import (
    OrderQuery,
    RemoteCustomer,
    RemoteOrder,
    RemoteRefund,
)
from stockbridge.channels.port_publish import ProductDraft, PublishedProduct, PublishResult

from . import catalog, connection, prices, refunds, shipments, stock
from .client import BigCommerceClient
from .orders import reading as orders
from .publishing import flow, held


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

    # -- orders (channels.port_orders.OrderSource) -------------------------------------------
    def read_orders(self, query: OrderQuery) -> Iterator[RemoteOrder]:
        return orders.read_orders(self.client, query)

    def read_order(self, remote_id: str) -> RemoteOrder | None:
        return orders.read_order(self.client, remote_id)

    def order_from_event(self, body: Mapping[str, object]) -> RemoteOrder:
        return orders.order_from_event(self.client, body)

    def refund_from_event(self, body: Mapping[str, object]) -> RemoteRefund:
        return orders.refund_from_event(self.client, body)

    def customer_from_event(self, body: Mapping[str, object]) -> RemoteCustomer:
        return orders.customer_from_event(self.client, body)

    def tag_order(self, remote_id: str, tags: Sequence[str]) -> None:
        orders.tag_order(self.client, remote_id, tags)

    def order_history_days(self, scopes: frozenset[str]) -> int | None:
        return None  # BigCommerce serves every order

    # -- orders sent back (channels.port_fulfilment) ----------------------------------------
    def order_fulfilments(self, order_id: str) -> list[RemoteFulfilment]:
        return shipments.order_fulfilments(self.client, order_id)

    def create_fulfilment(self, write: FulfilmentWrite) -> tuple[str, ...]:
        return shipments.create(self.client, write)

    def update_tracking(
        self, fulfilment_id: str, tracking: TrackingInfo, *, notify_customer: bool
    ) -> None:
        shipments.update_tracking(self.client, fulfilment_id, tracking)

    def close_order(self, order_id: str) -> None:
        shipments.close(self.client, order_id)

    def create_refund(self, write: RefundWrite) -> str:
        return refunds.create(self.client, write)

    def cancel_order(self, write: CancelWrite) -> None:
        refunds.cancel(self.client, write)

    # -- publish (channels.port_publish.Publisher) -------------------------------------------
    def publish(self, draft: ProductDraft) -> PublishResult:
        return flow.publish(self.client, draft)

    def published(self, remote_ids: Sequence[str]) -> dict[str, PublishedProduct]:
        return held.published(self.client, remote_ids)

    def ensure_collection(self, product_type: str) -> str:
        """BigCommerce has no automatic collections (its categories hold products put there
        one by one): refused, and the run says so."""
        raise Rejected(
            "smart_collections", "BigCommerce has no automatic collections by product type"
        )
