"""Back-office admin for orders: read-only records (orders are written through the order
services), with confirm / cancel / close actions that call those services."""

from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest

from stockbridge.platform.errors import FieldError

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
    fields = (
        "position",
        "sku",
        "title",
        "quantity",
        "unit_price",
        "total",
        "fulfilled_quantity",
        "removed_quantity",
        "shipped_refunded_quantity",
    )


class ShippingInline(ReadOnlyInline):
    model = ShippingLine
    fields = ("title", "code", "price", "discount", "tax_total", "total")


class FulfilmentInline(ReadOnlyInline):
    model = Fulfilment
    fields = ("location", "carrier", "tracking_number", "tracking_url", "shipped_at")


class RefundInline(ReadOnlyInline):
    model = Refund
    fields = ("amount", "shipping_amount", "note", "created_at")


class InvoiceInline(ReadOnlyInline):
    model = Invoice
    fields = ("number", "total", "amount_paid", "status", "issued_at")


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
        "total",
        "currency",
        "placed_at",
    )
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

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        return [f.name for f in Order._meta.fields]

    @admin.action(description="Confirm (reserve stock)")
    def confirm(self, request: HttpRequest, queryset: QuerySet[Order]) -> None:
        _each(self, request, queryset, services.confirm_order)

    @admin.action(description="Cancel (release what is still reserved)")
    def cancel(self, request: HttpRequest, queryset: QuerySet[Order]) -> None:
        _each(self, request, queryset, services.cancel_order, reason="cancelled in the admin")

    @admin.action(description="Close fulfilled orders")
    def close(self, request: HttpRequest, queryset: QuerySet[Order]) -> None:
        _each(self, request, queryset, services.close_order)


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
    list_display = ("id", "order", "invoice", "kind", "status", "amount", "gateway", "created_at")
    list_filter = ("kind", "status")

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
