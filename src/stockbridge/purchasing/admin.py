"""Back-office admin for purchasing: suppliers; purchase orders with their lines, placed,
received and cancelled through the purchasing services (never by editing quantities)."""

from typing import Any

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest

from stockbridge.platform.errors import FieldError

from . import services
from .models import PurchaseOrder, PurchaseOrderLine, Supplier


@admin.register(Supplier)
class SupplierAdmin(admin.ModelAdmin):
    list_display = ("name", "code", "email", "phone", "lead_time_days", "updated_at")
    search_fields = ("name", "code", "email")


class PurchaseOrderLineInline(admin.TabularInline):
    model = PurchaseOrderLine
    extra = 0
    can_delete = False
    readonly_fields = ("variant", "quantity", "received", "expected_on")

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # lines change through the purchasing services only


def _run(request: HttpRequest, queryset: QuerySet[PurchaseOrder], action: Any, done: str) -> None:
    for po in queryset:
        try:
            action(purchase_order_id=po.pk, actor=request.user.get_username())
            messages.success(request, f"{po.number}: {done}")
        except FieldError as exc:
            messages.error(request, f"{po.number}: {exc.reason}")


@admin.action(description="Place with supplier (shows as incoming)")
def place(modeladmin: Any, request: HttpRequest, queryset: QuerySet[PurchaseOrder]) -> None:
    _run(request, queryset, services.place_purchase_order, "placed")


@admin.action(description="Receive everything still open")
def receive_all(modeladmin: Any, request: HttpRequest, queryset: QuerySet[PurchaseOrder]) -> None:
    _run(request, queryset, services.receive_purchase_order, "received")


@admin.action(description="Cancel what is still open")
def cancel(modeladmin: Any, request: HttpRequest, queryset: QuerySet[PurchaseOrder]) -> None:
    _run(request, queryset, services.cancel_purchase_order, "cancelled")


@admin.register(PurchaseOrder)
class PurchaseOrderAdmin(admin.ModelAdmin):
    list_display = ("number", "supplier", "location", "status", "expected_on", "created_at")
    list_filter = ("status", "supplier", "location")
    search_fields = ("number", "supplier__name", "supplier__code")
    # Supplier and location are fixed once created: placing the order put its units in
    # `incoming` there, and receiving moves them from there. Only the expected date and the
    # note change here, through `services.update_purchase_order`.
    readonly_fields = (
        "number",
        "supplier",
        "location",
        "status",
        "created_at",
        "ordered_at",
        "closed_at",
    )
    inlines = (PurchaseOrderLineInline,)
    actions = (place, receive_all, cancel)

    def save_model(self, request: HttpRequest, obj: PurchaseOrder, form: Any, change: bool) -> None:
        saved = services.update_purchase_order(
            purchase_order_id=obj.pk,
            expected_on=form.cleaned_data.get("expected_on"),
            note=form.cleaned_data.get("note", ""),
            actor=request.user.get_username(),
        )
        obj.refresh_from_db()
        assert saved.pk == obj.pk

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # created through the API or services, which validate the lines

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(PurchaseOrderLine)
class PurchaseOrderLineAdmin(admin.ModelAdmin):
    """Lines are read here; they change through the purchase order services only."""

    list_display = ("purchase_order", "variant", "quantity", "received", "expected_on")
    list_select_related = ("purchase_order", "variant")
    search_fields = ("purchase_order__number", "variant__sku")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
