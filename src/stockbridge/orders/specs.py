"""Plain input values describing orders, fulfilments and refunds: what services, the API,
the CLI and channel imports share."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from typing import Any

from .totals import Tax


@dataclass(frozen=True, slots=True)
class Discount:
    amount: Decimal
    title: str = ""


@dataclass(frozen=True, slots=True)
class LineSpec:
    """An order line: `variant_id` or `sku`; price and title default to the variant's.

    A channel's line that no product of ours stands behind (a custom item, a product deleted
    since) is imported unlinked: `unlinked_reason` says why, the line keeps the channel's SKU,
    title and unit price (both required then) and holds no stock."""

    quantity: int
    variant_id: int | None = None
    sku: str = ""
    unit_price: Decimal | None = None
    title: str = ""
    discounts: tuple[Discount, ...] = ()
    taxes: tuple[Tax, ...] = ()
    unlinked_reason: str = ""


@dataclass(frozen=True, slots=True)
class ShippingSpec:
    title: str
    price: Decimal
    code: str = ""
    discount: Decimal = Decimal("0")
    taxes: tuple[Tax, ...] = ()


@dataclass(frozen=True, slots=True)
class OrderSpec:
    currency: str
    lines: tuple[LineSpec, ...]
    shipping_lines: tuple[ShippingSpec, ...] = ()
    customer_id: int | None = None
    email: str = ""
    awaiting_customer: bool = False
    billing_address: dict[str, Any] = field(default_factory=dict)
    shipping_address: dict[str, Any] = field(default_factory=dict)
    tags: tuple[str, ...] = ()
    note: str = ""
    custom_fields: dict[str, Any] = field(default_factory=dict)
    invoicing: str = "hub"
    requested_location_id: int | None = None
    channel: str = ""
    external_id: str = ""
    external_name: str = ""
    stated_total: Decimal | None = None
    totals_policy: str = "reject"
    placed_at: datetime | None = None


@dataclass(frozen=True, slots=True)
class FulfilLine:
    line_id: int
    quantity: int


@dataclass(frozen=True, slots=True)
class Tracking:
    carrier: str = ""
    number: str = ""
    url: str = ""
    notify_customer: bool = False
    shipped_at: datetime | None = None


@dataclass(frozen=True, slots=True)
class RefundLineSpec:
    """Refund `quantity` units of a line. `restock`: no_restock (shipped units, stock
    unchanged), cancel (unfulfilled units released to available), return (shipped units come
    back to `location_id`, or are written off as `damaged`)."""

    line_id: int
    quantity: int
    restock: str = "no_restock"
    location_id: int | None = None
    damaged: bool = False


@dataclass(frozen=True, slots=True)
class RefundSpec:
    lines: tuple[RefundLineSpec, ...] = ()
    shipping_amount: Decimal = Decimal("0")
    amount: Decimal | None = None
    note: str = ""
