"""Back-office admin for channels: what is connected, its status and why, its mappings,
operations and listings. Read-only (changes go through the services, from the API or CLI);
credentials and the install nonce are never shown. Actions: test connection, disconnect."""

from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest

from stockbridge.platform.errors import FieldError

from . import services
from .models import Channel, Listing, LocationMapping, OperationSettings

HIDDEN = ("credentials", "install_state")


class ReadOnly:
    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class MappingInline(ReadOnly, admin.TabularInline):
    model = LocationMapping
    fields = ("location", "remote_location_id", "remote_name")
    extra = 0
    can_delete = False


class OperationInline(ReadOnly, admin.TabularInline):
    model = OperationSettings
    fields = (
        "operation",
        "enabled",
        "schedule",
        "every_minutes",
        "daily_at",
        "next_run_at",
        "last_run_at",
        "settings",
    )
    extra = 0
    can_delete = False


@admin.register(Channel)
class ChannelAdmin(ReadOnly, admin.ModelAdmin):
    list_display = ("name", "kind", "domain", "status", "status_reason", "shop_name", "plan")
    list_filter = ("kind", "status")
    search_fields = ("name", "domain", "shop_name")
    exclude = HIDDEN
    inlines = (MappingInline, OperationInline)
    actions = ("test_connection", "disconnect")

    @admin.action(description="Test connection")
    def test_connection(self, request: HttpRequest, queryset: QuerySet[Channel]) -> None:
        for channel in queryset:
            try:
                report = services.test_connection(channel=channel)
            except FieldError as exc:
                self.message_user(
                    request, f"{channel.name}: {exc.field}: {exc.reason}", messages.ERROR
                )
                continue
            missing = ", ".join(report.missing_scopes) or "none"
            self.message_user(
                request,
                f"{channel.name}: {report.shop_name}, plan {report.plan}, {report.currency}; "
                f"missing scopes: {missing}",
                messages.SUCCESS if report.ok else messages.WARNING,
            )

    @admin.action(description="Disconnect (forget the token)")
    def disconnect(self, request: HttpRequest, queryset: QuerySet[Channel]) -> None:
        who = getattr(request.user, "username", "") or "admin"
        for channel in queryset:
            services.disconnect(channel=channel, reason=f"disconnected by {who}")
        self.message_user(request, f"disconnected {queryset.count()} channel(s)")


@admin.register(Listing)
class ListingAdmin(ReadOnly, admin.ModelAdmin):
    list_display = ("channel", "variant", "remote_variant_id", "status", "status_reason")
    list_filter = ("channel", "status")
    search_fields = ("variant__sku", "remote_variant_id", "remote_product_id")
    list_select_related = ("channel", "variant")
    raw_id_fields = ("variant",)
