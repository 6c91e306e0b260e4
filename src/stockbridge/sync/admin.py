"""Back-office admin for job bookkeeping: when each periodic job last ran, and how far each
outbox consumer has taken its outbox. All read-only: jobs write these rows."""

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from .models import JobHeartbeat, OutboxConsumer, OutboxTake


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(JobHeartbeat)
class JobHeartbeatAdmin(ReadOnlyAdmin):
    list_display = ("name", "last_started_at", "last_finished_at", "runs", "last_result")
    search_fields = ("name",)


@admin.register(OutboxConsumer)
class OutboxConsumerAdmin(ReadOnlyAdmin):
    list_display = ("name", "outbox", "taken", "last_drained_at")
    search_fields = ("name",)


@admin.register(OutboxTake)
class OutboxTakeAdmin(ReadOnlyAdmin):
    list_display = ("consumer", "row_id", "taken_at")
    list_filter = ("consumer",)
    list_select_related = ("consumer",)
