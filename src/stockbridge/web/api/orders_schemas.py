"""API shapes for orders, fulfilments, refunds, invoices, payments and the timeline."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Annotated, Any

from ninja import Field, Schema
from pydantic import ConfigDict

from stockbridge.orders.models import InvoicingMethod, RestockPolicy, TotalsPolicy

from .inputs import (
    NON_BLANK,
    Currency,
    DateTime,
    Id,
    JsonObject,
    LongText,
    Money,
    Quantity,
    StrictIn,
    TaxRate,
    Text,
    Text64,
    Text120,
    Text254,
    Text1024,
    choices,
    either,
)

MAX_LINES = 1000
MAX_TAGS = 250
# Declared for text the order service requires to hold something other than spaces; the
# service checks it, naming the field, with the rest of the order's problems.
NONBLANK: dict[str, Any] = {"pattern": NON_BLANK}


class TaxIn(StrictIn):
    title: Text = ""
    rate: TaxRate = Decimal("0")
    amount: Money | None = None


class DiscountIn(StrictIn):
    amount: Money
    title: Text = ""


class OrderLineIn(StrictIn):
    model_config = ConfigDict(json_schema_extra=either(("sku", "variant_id")))

    sku: Text | None = None
    variant_id: Id | None = None
    quantity: Quantity
    unit_price: Money | None = None
    title: Text = ""
    discounts: list[DiscountIn] = Field([], max_length=MAX_LINES)
    taxes: list[TaxIn] = Field([], max_length=MAX_LINES)


class ShippingLineIn(StrictIn):
    # Required by the order service, which names it (`shipping_lines[0].title: is required`).
    title: Annotated[Text, Field(json_schema_extra={"minLength": 1, **NONBLANK})]
    price: Money
    code: Text64 = ""
    discount: Money = Decimal("0")
    taxes: list[TaxIn] = Field([], max_length=MAX_LINES)


class OrderAddressIn(StrictIn):
    """An address on an order (a copy: changing the customer later does not change it)."""

    name: Text = ""
    company: Text = ""
    address1: Text = ""
    address2: Text = ""
    city: Text = ""
    region: Text = ""
    postal_code: Text = ""
    country_code: Text = ""
    phone: Text = ""


def _order_rules(schema: dict[str, Any]) -> None:
    """`channel` and `external_id` go together (both empty for an order made in the hub)."""
    schema["allOf"] = [
        {
            "if": {"required": [a], "properties": {a: {"minLength": 1}}},
            "then": {"required": [b], "properties": {b: {"minLength": 1}}},
        }
        for a, b in (("channel", "external_id"), ("external_id", "channel"))
    ]


class OrderIn(StrictIn):
    model_config = ConfigDict(json_schema_extra=_order_rules)

    currency: Currency
    lines: list[OrderLineIn] = Field(..., min_length=1, max_length=MAX_LINES)
    shipping_lines: list[ShippingLineIn] = Field([], max_length=MAX_LINES)
    customer_id: Id | None = None
    email: Text254 = ""
    awaiting_customer: bool = False
    billing_address: OrderAddressIn | None = None
    shipping_address: OrderAddressIn | None = None
    tags: list[Annotated[Text, Field(json_schema_extra=NONBLANK)]] = Field([], max_length=MAX_TAGS)
    note: LongText = ""
    custom_fields: JsonObject = {}
    invoicing: Annotated[str, choices(InvoicingMethod)] = "hub"
    requested_location: Text | None = None
    channel: Text64 = ""
    external_id: Text = ""
    external_name: Text = ""
    total: Money | None = None
    totals_policy: Annotated[str, choices(TotalsPolicy)] = "reject"
    placed_at: DateTime | None = None
    confirm: bool = False


class ImportIn(OrderIn):
    channel: Text64 = Field(..., min_length=1)
    external_id: Text = Field(..., min_length=1)
    invoicing: Annotated[str, choices(InvoicingMethod)] = "channel"
    auto_invoice: bool = True
    auto_pay: bool = True
    confirm: bool = True


class OrderLineOut(Schema):
    id: int
    position: int
    variant_id: int
    sku: str
    title: str
    quantity: int
    unit_price: Decimal
    discount_total: Decimal
    tax_total: Decimal
    total: Decimal
    fulfilled_quantity: int
    removed_quantity: int
    shipped_refunded_quantity: int
    open_quantity: int


class ShippingLineOut(Schema):
    title: str
    code: str
    price: Decimal
    discount: Decimal
    tax_total: Decimal
    total: Decimal


class FulfilmentLineOut(Schema):
    line_id: int
    quantity: int


class FulfilmentOut(Schema):
    id: int
    location: str
    carrier: str
    tracking_number: str
    tracking_url: str
    notify_customer: bool
    shipped_at: datetime
    channel: str = Field(
        description='The channel that shipped it, or the one it was sent to from here ("" when '
        "made in the hub and not sent)"
    )
    external_id: str = Field(
        description='Its id at that channel ("" when made in the hub and not sent)'
    )
    lines: list[FulfilmentLineOut]

    @staticmethod
    def resolve_location(obj: Any) -> str:
        return str(obj.location.code)

    @staticmethod
    def resolve_lines(obj: Any) -> list[Any]:
        return list(obj.lines.all())


class RefundLineOut(Schema):
    line_id: int
    quantity: int
    restock: str
    location_id: int | None
    damaged: bool
    amount: Decimal


class RefundOut(Schema):
    id: int
    amount: Decimal
    shipping_amount: Decimal
    note: str
    created_at: datetime
    channel: str = Field(description='The channel that refunded it ("" when made in the hub)')
    external_id: str = Field(description='Its id at that channel ("" when made in the hub)')
    lines: list[RefundLineOut]

    @staticmethod
    def resolve_lines(obj: Any) -> list[Any]:
        return list(obj.lines.all())


class PaymentOut(Schema):
    id: int
    invoice_id: int
    kind: str
    status: str
    amount: Decimal
    gateway: str
    reference: str
    created_at: datetime
    channel: str = Field(description='The channel that took it ("" when recorded in the hub)')
    external_id: str = Field(description='Its id at that channel ("" when recorded in the hub)')


class InvoiceLineOut(Schema):
    line_id: int | None
    description: str
    quantity: int
    amount: Decimal


class InvoiceOut(Schema):
    id: int
    number: str
    fulfilment_id: int | None
    currency: str
    total: Decimal
    amount_paid: Decimal
    amount_authorized: Decimal
    status: str
    issued_at: datetime
    lines: list[InvoiceLineOut]

    @staticmethod
    def resolve_lines(obj: Any) -> list[Any]:
        return list(obj.lines.all())


class OrderOut(Schema):
    id: int
    number: str
    channel: str
    external_id: str
    external_name: str
    customer_id: int | None
    email: str
    awaiting_customer: bool
    status: str
    financial_status: str
    currency: str
    invoicing: str
    requested_location_id: int | None
    subtotal: Decimal
    discount_total: Decimal
    shipping_total: Decimal
    tax_total: Decimal
    total: Decimal
    computed_total: Decimal
    channel_total: Decimal | None
    totals_flag: str
    amount_authorized: Decimal
    amount_paid: Decimal
    amount_refunded: Decimal
    billing_address: dict[str, Any]
    shipping_address: dict[str, Any]
    tags: list[str]
    note: str
    custom_fields: dict[str, Any]
    placed_at: datetime
    confirmed_at: datetime | None
    cancelled_at: datetime | None
    closed_at: datetime | None
    lines: list[OrderLineOut]
    shipping_lines: list[ShippingLineOut]

    @staticmethod
    def resolve_tags(obj: Any) -> list[str]:
        return sorted(t.name for t in obj.tags.all())

    @staticmethod
    def resolve_lines(obj: Any) -> list[Any]:
        return sorted(obj.lines.all(), key=lambda x: x.position)

    @staticmethod
    def resolve_shipping_lines(obj: Any) -> list[Any]:
        return list(obj.shipping_lines.all())


class OrderDetailOut(OrderOut):
    fulfilments: list[FulfilmentOut]
    refunds: list[RefundOut]
    invoices: list[InvoiceOut]
    payments: list[PaymentOut]

    @staticmethod
    def resolve_fulfilments(obj: Any) -> list[Any]:
        return list(obj.fulfilments.all())

    @staticmethod
    def resolve_refunds(obj: Any) -> list[Any]:
        return list(obj.refunds.all())

    @staticmethod
    def resolve_invoices(obj: Any) -> list[Any]:
        return list(obj.invoices.all())

    @staticmethod
    def resolve_payments(obj: Any) -> list[Any]:
        return list(obj.payments.all())


class OrderPage(Schema):
    items: list[OrderOut]
    next_cursor: str | None


class ImportOut(Schema):
    created: bool
    order: OrderDetailOut


class CancelIn(StrictIn):
    reason: Text = ""
    refund: bool = Field(
        True,
        description="A paid order gets back what was paid for what is cancelled, recorded as a "
        "refund (true); with false a paid order is refused (400, field `refund`, code `paid`) "
        "and nothing changes.",
    )


class CompleteIn(StrictIn):
    customer_id: Id
    confirm: bool = True


class FulfilLineIn(StrictIn):
    line_id: Id
    quantity: Quantity


class FulfilIn(StrictIn):
    model_config = ConfigDict(json_schema_extra=either(("location", "location_id")))

    location: Text | None = None
    location_id: Id | None = None
    lines: list[FulfilLineIn] | None = Field(None, max_length=MAX_LINES)
    carrier: Text120 = ""
    tracking_number: Text = ""
    tracking_url: Text1024 = Field("", json_schema_extra={"pattern": r"^(https?://\S+)?$"})
    notify_customer: bool = False
    shipped_at: DateTime | None = None


class TrackingIn(StrictIn):
    """A fulfilment's tracking as it is now (all of it: a field left out is emptied)."""

    carrier: Text120 = ""
    tracking_number: Text = Field("", description="several numbers: separated by commas")
    tracking_url: Text1024 = Field("", json_schema_extra={"pattern": r"^(https?://\S+)?$"})
    notify_customer: bool = False


class ChannelFulfilIn(FulfilIn):
    """A fulfilment a channel reports, recorded once per (channel, external_id)."""

    channel: Text64 = Field(..., min_length=1)
    external_id: Text = Field(..., min_length=1)


class ChannelFulfilmentOut(Schema):
    created: bool
    fulfilment: FulfilmentOut
    order: OrderDetailOut


class RefundLineIn(StrictIn):
    line_id: Id
    quantity: Quantity
    restock: Annotated[str, choices(RestockPolicy)] = "no_restock"
    location: Text | None = None
    location_id: Id | None = None
    damaged: bool = False


class RefundIn(StrictIn):
    lines: list[RefundLineIn] = Field([], max_length=MAX_LINES)
    shipping_amount: Money = Decimal("0")
    amount: Money | None = None
    note: Text = ""


class InvoiceIn(StrictIn):
    fulfilment_id: Id | None = None


class PaymentIn(StrictIn):
    amount: Money | None = None
    authorize_only: bool = False
    gateway: Text120 = ""
    reference: Text = ""


class TimelineOut(Schema):
    at: datetime
    kind: str
    message: str
    data: dict[str, Any]
    actor: str
