"""Back-office admin for API tokens: look, rename, revoke. Tokens are issued by
`stockbridge token create` (the plain token is shown once, there), never typed in here."""

from typing import Any

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest

from . import tokens
from .models import ApiToken


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = ("name", "prefix", "scope", "user", "created_at", "last_used_at", "revoked_at")
    list_filter = ("scope", "revoked_at")
    search_fields = ("name", "prefix", "user__username")
    readonly_fields = (
        "prefix",
        "scope",
        "user",
        "digest",
        "created_at",
        "last_used_at",
        "revoked_at",
    )
    actions = ("revoke",)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    @admin.action(description="Revoke the selected tokens", permissions=["change"])
    def revoke(self, request: HttpRequest, queryset: QuerySet[Any]) -> None:
        count = sum(tokens.revoke_token(prefix=row.prefix) for row in queryset)
        self.message_user(request, f"revoked {count} token(s)", messages.SUCCESS)
