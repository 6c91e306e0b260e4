"""Back-office admin for inventory: locations (stock levels and the ledger join them)."""

from django.contrib import admin

from .models import Location


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
        "priority",
    )
    list_filter = ("is_active", "fulfils_online_orders", "allows_backorder", "country_code")
    search_fields = ("name", "code", "city")
    ordering = ("priority", "id")
