"""The Shopify connector: the port's operations, each in its own module (connection, catalog,
stock, prices), over one GraphQL client."""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence

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

from . import (
    catalog,
    connection,
    levels,
    order_fulfil,
    order_refund,
    order_state,
    prices,
    product_delete,
    publish,
    publish_bulk,
    published,
    smart_collections,
    stock,
)
from .client import ShopifyClient
from .orders import reading as orders


class ShopifyConnector:
    def __init__(self, client: ShopifyClient, capabilities: Capabilities) -> None:
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
        return levels.read_levels(self.client)

    def read_levels_of(self, pairs: Sequence[tuple[str, str]]) -> list[RemoteLevel]:
        return stock.read_levels_of(self.client, pairs)

    def set_prices(self, writes: Sequence[PriceWrite]) -> Iterator[ItemResult]:
        return prices.set_prices(self.client, writes)

    # -- orders sent back (channels.port_fulfilment) ----------------------------------------
    def order_fulfilments(self, order_id: str) -> list[RemoteFulfilment]:
        return order_state.read(self.client, order_id).fulfilments

    def create_fulfilment(self, write: FulfilmentWrite) -> tuple[str, ...]:
        return order_fulfil.create(self.client, write)

    def update_tracking(
        self, fulfilment_id: str, tracking: TrackingInfo, *, notify_customer: bool
    ) -> None:
        order_fulfil.update_tracking(
            self.client, fulfilment_id, tracking, notify_customer=notify_customer
        )

    def close_order(self, order_id: str) -> None:
        order_fulfil.close(self.client, order_id)

    def create_refund(self, write: RefundWrite) -> str:
        return order_refund.create(self.client, write)

    def cancel_order(self, write: CancelWrite) -> None:
        order_refund.cancel(self.client, write)

    # -- orders (channels.port_orders.OrderSource) -------------------------------------------

    def read_orders(self, query: OrderQuery) -> Iterator[RemoteOrder]:
        return orders.read_orders(self.client, query)

    def read_order(self, remote_id: str) -> RemoteOrder | None:
        return orders.read_order(self.client, remote_id)

    def order_from_event(self, body: Mapping[str, object]) -> RemoteOrder:
        return orders.order_from_event(body)

    def refund_from_event(self, body: Mapping[str, object]) -> RemoteRefund:
        return orders.refund_from_event(body)

    def customer_from_event(self, body: Mapping[str, object]) -> RemoteCustomer:
        return orders.customer_from_event(body)

    def tag_order(self, remote_id: str, tags: Sequence[str]) -> None:
        orders.tag_order(self.client, remote_id, tags)

    def order_history_days(self, scopes: frozenset[str]) -> int | None:
        return orders.history_days(scopes)

    def publish(self, draft: ProductDraft) -> PublishResult:
        return publish.publish(self.client, draft)

    def publish_all(self, drafts: Sequence[ProductDraft]) -> dict[str, PublishResult]:
        return publish_bulk.publish_all(self.client, drafts)

    def delete_product(self, remote_id: str) -> None:
        product_delete.delete_product(self.client, remote_id)

    def published(self, remote_ids: Sequence[str]) -> dict[str, PublishedProduct]:
        return published.published(self.client, remote_ids)

    def ensure_collection(self, product_type: str) -> str:
        return smart_collections.ensure_collection(self.client, product_type)
