"""API shapes for orders, fulfilments, refunds, invoices, payments and the timeline."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any

from ninja import Schema


class TaxIn(Schema):
    title: str = ""
    rate: Decimal = Decimal("0")
    amount: Decimal | None = None


class DiscountIn(Schema):
    amount: Decimal
    title: str = ""


class OrderLineIn(Schema):
    sku: str | None = None
    variant_id: int | None = None
    quantity: int
    unit_price: Decimal | None = None
    title: str = ""
    discounts: list[DiscountIn] = []
    taxes: list[TaxIn] = []


class ShippingLineIn(Schema):
    title: str
    price: Decimal
    code: str = ""
    discount: Decimal = Decimal("0")
    taxes: list[TaxIn] = []


class OrderIn(Schema):
    currency: str
    lines: list[OrderLineIn]
    shipping_lines: list[ShippingLineIn] = []
    customer_id: int | None = None
    email: str = ""
    awaiting_customer: bool = False
    billing_address: dict[str, Any] = {}
    shipping_address: dict[str, Any] = {}
    tags: list[str] = []
    note: str = ""
    custom_fields: dict[str, Any] = {}
    invoicing: str = "hub"
    requested_location: str | None = None
    channel: str = ""
    external_id: str = ""
    external_name: str = ""
    total: Decimal | None = None
    totals_policy: str = "reject"
    placed_at: datetime | None = None
    confirm: bool = False


class ImportIn(OrderIn):
    invoicing: str = "channel"
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


class CancelIn(Schema):
    reason: str = ""


class CompleteIn(Schema):
    customer_id: int
    confirm: bool = True


class FulfilLineIn(Schema):
    line_id: int
    quantity: int


class FulfilIn(Schema):
    location: str | None = None
    location_id: int | None = None
    lines: list[FulfilLineIn] | None = None
    carrier: str = ""
    tracking_number: str = ""
    tracking_url: str = ""
    notify_customer: bool = False
    shipped_at: datetime | None = None


class RefundLineIn(Schema):
    line_id: int
    quantity: int
    restock: str = "no_restock"
    location: str | None = None
    location_id: int | None = None
    damaged: bool = False


class RefundIn(Schema):
    lines: list[RefundLineIn] = []
    shipping_amount: Decimal = Decimal("0")
    amount: Decimal | None = None
    note: str = ""


class InvoiceIn(Schema):
    fulfilment_id: int | None = None


class PaymentIn(Schema):
    amount: Decimal | None = None
    authorize_only: bool = False
    gateway: str = ""
    reference: str = ""


class TimelineOut(Schema):
    at: datetime
    kind: str
    message: str
    data: dict[str, Any]
    actor: str
