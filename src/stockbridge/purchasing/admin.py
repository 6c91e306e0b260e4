"""Back-office admin for purchasing: suppliers (purchase orders join them)."""

from django.contrib import admin

from .models import Supplier


@admin.register(Supplier)
class SupplierAdmin(admin.ModelAdmin):
    list_display = ("name", "code", "email", "phone", "lead_time_days", "updated_at")
    search_fields = ("name", "code", "email")
