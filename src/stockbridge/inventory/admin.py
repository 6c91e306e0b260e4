"""Back-office admin for inventory: locations (editable); stock levels, the ledger,
reservations, transfers, bundles and the outbox (read-only: quantities change only through
the ledger services)."""

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from .models import (
    BundleComponent,
    Location,
    LowStockThreshold,
    Movement,
    Reservation,
    StockChange,
    StockLevel,
    Transfer,
    TransferLine,
)


@admin.register(Location)
class LocationAdmin(admin.ModelAdmin):
    list_display = (
        "name",
        "code",
        "city",
        "country_code",
        "is_active",
        "fulfils_online_orders",
        "allows_backorder",
        "allows_negative_stock",
        "priority",
    )
    list_filter = ("is_active", "fulfils_online_orders", "allows_backorder", "country_code")
    search_fields = ("name", "code", "city")
    ordering = ("priority", "id")


class ReadOnlyAdmin(admin.ModelAdmin):
    """Quantities change only through the ledger: the admin shows them, never writes them."""

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(StockLevel)
class StockLevelAdmin(ReadOnlyAdmin):
    list_display = ("variant", "location", "on_hand", "committed", "available", "incoming")
    list_filter = ("location",)
    search_fields = ("variant__sku",)
    list_select_related = ("variant", "location")


@admin.register(Movement)
class MovementAdmin(ReadOnlyAdmin):
    list_display = (
        "created_at",
        "variant",
        "location",
        "reason",
        "on_hand_delta",
        "committed_delta",
        "on_hand_after",
        "committed_after",
        "reference",
        "actor",
    )
    list_filter = ("reason", "location")
    search_fields = ("variant__sku", "reference", "actor")
    list_select_related = ("variant", "location")
    date_hierarchy = "created_at"


@admin.register(Reservation)
class ReservationAdmin(ReadOnlyAdmin):
    list_display = ("reference", "variant", "location", "quantity", "released", "fulfilled")
    search_fields = ("reference", "variant__sku")
    list_select_related = ("variant", "location")


class TransferLineInline(admin.TabularInline):
    model = TransferLine
    extra = 0
    can_delete = False
    readonly_fields = ("variant", "quantity", "received")


@admin.register(Transfer)
class TransferAdmin(ReadOnlyAdmin):
    list_display = ("id", "source", "destination", "status", "created_at", "received_at")
    list_filter = ("status",)
    inlines = (TransferLineInline,)


@admin.register(TransferLine)
class TransferLineAdmin(ReadOnlyAdmin):
    list_display = ("transfer", "variant", "quantity", "received")
    list_select_related = ("transfer", "variant")


@admin.register(BundleComponent)
class BundleComponentAdmin(ReadOnlyAdmin):
    list_display = ("bundle", "component", "quantity")
    search_fields = ("bundle__sku", "component__sku")


@admin.register(StockChange)
class StockChangeAdmin(ReadOnlyAdmin):
    list_display = ("id", "variant", "location", "available", "created_at")


@admin.register(LowStockThreshold)
class LowStockThresholdAdmin(ReadOnlyAdmin):
    """Set on a variant's stock page in the back office (`inventory.thresholds`)."""

    list_display = ("variant", "units", "updated_at")
    list_select_related = ("variant",)
    search_fields = ("variant__sku",)
