"""Back-office admin for orders: read-only records (orders are written through the order
services), with confirm / cancel / close actions that call those services."""

from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest

from stockbridge.platform.errors import FieldError
from stockbridge.platform.money_display import format_money

from . import services
from .models import (
    Fulfilment,
    FulfilmentLine,
    Invoice,
    InvoiceLine,
    LineAllocation,
    Order,
    OrderEvent,
    OrderHistory,
    OrderLine,
    OrderTag,
    Payment,
    Refund,
    RefundLine,
    ShippingLine,
)


def shown(name: str, label: str) -> Any:
    """A read-only column showing money field `name` as its currency shows it ("$1,421.00",
    never "1421.0000 USD"); the currency is the row's own or its order's."""

    @admin.display(description=label)
    def column(self: Any, obj: Any) -> str:
        currency = getattr(obj, "currency", None) or obj.order.currency
        return format_money(getattr(obj, name), currency)

    return column


ORDER_MONEY = (
    "subtotal",
    "discount_total",
    "shipping_total",
    "tax_total",
    "total",
    "computed_total",
    "channel_total",
    "amount_authorized",
    "amount_paid",
    "amount_refunded",
)


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class TagInline(ReadOnlyInline):
    model = OrderTag
    fields = ("name",)


class LineInline(ReadOnlyInline):
    model = OrderLine
    readonly_fields = ("price_shown", "total_shown")
    price_shown = shown("unit_price", "Unit price")
    total_shown = shown("total", "Total")
    fields = (
        "position",
        "sku",
        "title",
        "quantity",
        "price_shown",
        "total_shown",
        "fulfilled_quantity",
        "removed_quantity",
        "shipped_refunded_quantity",
    )


class ShippingInline(ReadOnlyInline):
    model = ShippingLine
    fields = ("title", "code", "price_shown", "total_shown")
    readonly_fields = ("price_shown", "total_shown")
    price_shown = shown("price", "Price")
    total_shown = shown("total", "Total")


class FulfilmentInline(ReadOnlyInline):
    model = Fulfilment
    fields = ("location", "carrier", "tracking_number", "tracking_url", "shipped_at")


class RefundInline(ReadOnlyInline):
    model = Refund
    fields = ("amount_shown", "note", "created_at")
    readonly_fields = ("amount_shown",)
    amount_shown = shown("amount", "Amount")


class InvoiceInline(ReadOnlyInline):
    model = Invoice
    fields = ("number", "total_shown", "paid_shown", "status", "issued_at")
    readonly_fields = ("total_shown", "paid_shown")
    total_shown = shown("total", "Total")
    paid_shown = shown("amount_paid", "Paid")


class HistoryInline(ReadOnlyInline):
    model = OrderHistory
    fields = ("created_at", "kind", "message", "actor")
    ordering = ("-id",)


def _each(
    modeladmin: admin.ModelAdmin,
    request: HttpRequest,
    queryset: QuerySet[Order],
    action: Any,
    **kwargs: Any,
) -> None:
    done = 0
    for order in queryset:
        try:
            action(order_id=order.pk, actor=request.user.get_username(), **kwargs)
            done += 1
        except FieldError as exc:
            modeladmin.message_user(
                request, f"{order.number}: {exc.field}: {exc.reason}", messages.ERROR
            )
    if done:
        modeladmin.message_user(request, f"{done} orders updated", messages.SUCCESS)


@admin.register(Order)
class OrderAdmin(admin.ModelAdmin):
    list_display = (
        "number",
        "status",
        "financial_status",
        "channel",
        "external_name",
        "customer",
        "total_shown",
        "placed_at",
    )
    list_select_related = ("customer",)
    list_filter = ("status", "financial_status", "channel", "invoicing")
    search_fields = ("number", "external_id", "external_name", "email")
    date_hierarchy = "placed_at"
    raw_id_fields = ("customer", "requested_location")
    inlines = (
        TagInline,
        LineInline,
        ShippingInline,
        FulfilmentInline,
        RefundInline,
        InvoiceInline,
        HistoryInline,
    )
    actions = ("confirm", "cancel", "close")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # an order's stock, money and events change through the services only

    def get_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        """Every field, money as its currency shows it (`total_shown` for `total`...)."""
        return [
            f"{f.name}_shown" if f.name in ORDER_MONEY else f.name
            for f in Order._meta.fields
            if f.name != "id"
        ]

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        return self.get_fields(request, obj)

    @admin.action(description="Confirm (reserve stock)")
    def confirm(self, request: HttpRequest, queryset: QuerySet[Order]) -> None:
        _each(self, request, queryset, services.confirm_order)

    @admin.action(description="Cancel (release what is still reserved)")
    def cancel(self, request: HttpRequest, queryset: QuerySet[Order]) -> None:
        _each(self, request, queryset, services.cancel_order, reason="cancelled in the admin")

    @admin.action(description="Close fulfilled orders")
    def close(self, request: HttpRequest, queryset: QuerySet[Order]) -> None:
        _each(self, request, queryset, services.close_order)


for _name in ORDER_MONEY:
    setattr(OrderAdmin, f"{_name}_shown", shown(_name, _name.replace("_", " ").capitalize()))


@admin.register(OrderEvent)
class OrderEventAdmin(admin.ModelAdmin):
    """The outbox: written with each change, drained by channel sync; read here only."""

    list_display = ("id", "kind", "channel", "order", "created_at", "published_at", "attempts")
    list_filter = ("kind", "channel")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Payment)
class PaymentAdmin(admin.ModelAdmin):
    list_display = (
        "id",
        "order",
        "invoice",
        "kind",
        "status",
        "amount_shown",
        "gateway",
        "created_at",
    )
    list_filter = ("kind", "status")
    list_select_related = ("order", "invoice")
    amount_shown = shown("amount", "Amount")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class ReadOnlyAdmin(admin.ModelAdmin):
    """Records written only by the order services: browsable, never edited here."""

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


for model in (LineAllocation, FulfilmentLine, RefundLine, InvoiceLine):
    admin.site.register(model, ReadOnlyAdmin)
