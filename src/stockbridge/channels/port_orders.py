"""The port for orders coming in from a channel: the plain values a connector reads orders,
refunds and customers into, and what the engine asks of a channel that sells (`OrderSource`).

Money is `Decimal` in the order's shop currency (`currency`), already rounded by the channel;
`presentment_currency` is what the buyer saw (kept for people, never used for sums). Times
are aware UTC datetimes; ids are the channel's own strings (Shopify: gids). A value the
channel did not send is empty or None, never made up.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Protocol, runtime_checkable

ZERO = Decimal("0")


@dataclass(frozen=True, slots=True)
class RemoteAddress:
    name: str = ""
    company: str = ""
    address1: str = ""
    address2: str = ""
    city: str = ""
    region: str = ""
    postal_code: str = ""
    country_code: str = ""
    phone: str = ""


@dataclass(frozen=True, slots=True)
class RemoteCustomer:
    remote_id: str
    email: str = ""
    first_name: str = ""
    last_name: str = ""
    phone: str = ""
    addresses: tuple[RemoteAddress, ...] = ()
    updated_at: datetime | None = None


@dataclass(frozen=True, slots=True)
class RemoteTax:
    title: str
    amount: Decimal
    rate: Decimal | None = None


@dataclass(frozen=True, slots=True)
class RemoteOrderLine:
    """One line as the channel sold it. `variant_remote_id` is None for a custom item (no
    product behind it); `product_exists` is false when the product was deleted since."""

    remote_id: str
    quantity: int
    unit_price: Decimal
    title: str
    sku: str = ""
    variant_remote_id: str | None = None
    product_remote_id: str | None = None
    product_exists: bool = True
    discount: Decimal = ZERO
    taxes: tuple[RemoteTax, ...] = ()


@dataclass(frozen=True, slots=True)
class RemoteShippingLine:
    title: str
    price: Decimal
    code: str = ""
    discount: Decimal = ZERO
    taxes: tuple[RemoteTax, ...] = ()


@dataclass(frozen=True, slots=True)
class RemoteRefundLine:
    """`restock_type`: "no_restock", "cancel", "return" (or "legacy_restock", read as return)."""

    line_remote_id: str
    quantity: int
    restock_type: str
    location_remote_id: str | None = None
    subtotal: Decimal = ZERO


@dataclass(frozen=True, slots=True)
class RemoteRefund:
    """A refund: its lines and the money actually given back (successful refund
    transactions); `shipping` is the part of it for shipping."""

    remote_id: str
    order_remote_id: str
    lines: tuple[RemoteRefundLine, ...] = ()
    amount: Decimal = ZERO
    shipping: Decimal = ZERO
    note: str = ""
    created_at: datetime | None = None


@dataclass(frozen=True, slots=True)
class RemoteFulfilmentLine:
    line_remote_id: str
    quantity: int


@dataclass(frozen=True, slots=True)
class RemoteFulfilment:
    remote_id: str
    location_remote_id: str | None
    lines: tuple[RemoteFulfilmentLine, ...]
    status: str = "success"
    carrier: str = ""
    tracking_number: str = ""
    tracking_url: str = ""
    created_at: datetime | None = None


@dataclass(frozen=True, slots=True)
class RemoteOrder:
    """One order as the channel holds it now. `financial_status` in lower case (pending,
    authorized, partially_paid, paid, partially_refunded, refunded, voided);
    `fulfillment_status` one of unfulfilled, partial, fulfilled, on_hold, scheduled (an
    order on hold or scheduled waits before it is imported); `location_remote_id` the
    point-of-sale location it was sold at, or None."""

    remote_id: str
    name: str
    currency: str
    created_at: datetime
    updated_at: datetime
    lines: tuple[RemoteOrderLine, ...]
    total: Decimal
    subtotal: Decimal = ZERO
    discount_total: Decimal = ZERO
    shipping_total: Decimal = ZERO
    tax_total: Decimal = ZERO
    presentment_currency: str = ""
    email: str = ""
    phone: str = ""
    note: str = ""
    tags: tuple[str, ...] = ()
    financial_status: str = ""
    fulfillment_status: str = "unfulfilled"
    cancelled_at: datetime | None = None
    cancel_reason: str = ""
    closed_at: datetime | None = None
    processed_at: datetime | None = None
    customer: RemoteCustomer | None = None
    billing_address: RemoteAddress | None = None
    shipping_address: RemoteAddress | None = None
    shipping_lines: tuple[RemoteShippingLine, ...] = ()
    location_remote_id: str | None = None
    source_name: str = ""
    taxes_included: bool = False
    test: bool = False
    fulfilments: tuple[RemoteFulfilment, ...] = ()
    refunds: tuple[RemoteRefund, ...] = ()


@dataclass(frozen=True, slots=True)
class OrderQuery:
    """Which orders to read. Each filter is None when not asked for. `locations` keeps orders
    sold at those remote locations; with `include_no_location` orders without one too."""

    updated_since: datetime | None = None
    created_since: datetime | None = None
    financial_statuses: tuple[str, ...] = ()
    fulfillment_statuses: tuple[str, ...] = ()
    locations: tuple[str, ...] = ()
    include_no_location: bool = True
    include_cancelled: bool = True


@runtime_checkable
class OrderSource(Protocol):
    """A channel that sells: read its orders (by query, one by one), read the orders,
    refunds and customers its webhooks carry, and tag an order after import."""

    def read_orders(self, query: OrderQuery) -> Iterator[RemoteOrder]:
        """The orders matching `query`, oldest update first, streamed page by page."""

    def read_order(self, remote_id: str) -> RemoteOrder | None:
        """The order as the channel holds it now (None: the channel has no such order)."""

    def order_from_event(self, body: Mapping[str, object]) -> RemoteOrder:
        """The order an order event's payload carries; `Rejected(field, reason)` when it is
        not one."""

    def refund_from_event(self, body: Mapping[str, object]) -> RemoteRefund:
        """The refund a refund event's payload carries."""

    def customer_from_event(self, body: Mapping[str, object]) -> RemoteCustomer:
        """The customer a customer event's payload carries."""

    def tag_order(self, remote_id: str, tags: Sequence[str]) -> None:
        """Add `tags` to the order on the channel (those it has stay)."""

    def order_history_days(self, scopes: frozenset[str]) -> int | None:
        """How many days back the channel lets these credentials read orders (None: all)."""
