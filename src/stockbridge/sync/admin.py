"""Back-office admin for job bookkeeping: when each periodic job last ran."""

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from .models import JobHeartbeat


@admin.register(JobHeartbeat)
class JobHeartbeatAdmin(admin.ModelAdmin):
    list_display = ("name", "last_started_at", "last_finished_at", "runs", "last_result")
    search_fields = ("name",)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
