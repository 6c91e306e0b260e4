"""Back-office admin for job bookkeeping: when each periodic job last ran, how far each
outbox consumer has taken its outbox, channel runs and their items, the inbox of channel
events, the per-channel pushes waiting and the products deleted here still to delete there.
All read-only: jobs write these rows."""

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from .models import (
    ChannelOrder,
    InboundEvent,
    JobHeartbeat,
    OrderPush,
    OutboxConsumer,
    OutboxTake,
    PendingProductDelete,
    PendingPush,
    Run,
    RunItem,
    ThrottleState,
)


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


@admin.register(Run)
class RunAdmin(ReadOnlyAdmin):
    list_display = (
        "id",
        "channel",
        "operation",
        "trigger",
        "dry_run",
        "status",
        "counts",
        "started_at",
        "finished_at",
        "resume_at",
    )
    list_filter = ("status", "operation", "trigger", "dry_run", "channel")
    list_select_related = ("channel",)


@admin.register(RunItem)
class RunItemAdmin(ReadOnlyAdmin):
    list_display = ("run", "ref", "outcome", "error_kind", "message")
    list_filter = ("outcome", "error_kind")
    search_fields = ("ref",)
    raw_id_fields = ("run",)


@admin.register(InboundEvent)
class InboundEventAdmin(ReadOnlyAdmin):
    list_display = (
        "channel",
        "topic",
        "event_id",
        "received_at",
        "processed_at",
        "attempts",
        "last_error",
    )
    list_filter = ("channel", "topic")
    search_fields = ("event_id", "resource_id")


@admin.register(PendingPush)
class PendingPushAdmin(ReadOnlyAdmin):
    list_display = (
        "channel",
        "listing",
        "aspect",
        "version",
        "attempts",
        "not_before",
        "last_error",
    )
    list_filter = ("channel", "aspect")
    raw_id_fields = ("listing",)


@admin.register(PendingProductDelete)
class PendingProductDeleteAdmin(ReadOnlyAdmin):
    list_display = ("channel", "remote_product_id", "title", "attempts", "last_error", "created_at")
    list_filter = ("channel",)
    search_fields = ("remote_product_id", "title")


@admin.register(ThrottleState)
class ThrottleStateAdmin(ReadOnlyAdmin):
    list_display = (
        "channel",
        "available",
        "maximum",
        "restore_rate",
        "observed_at",
        "blocked_until",
    )


@admin.register(ChannelOrder)
class ChannelOrderAdmin(ReadOnlyAdmin):
    list_display = ("channel", "remote_id", "name", "order", "state", "reason", "remote_updated_at")
    list_filter = ("channel", "state")
    search_fields = ("remote_id", "name")
    raw_id_fields = ("order",)


@admin.register(OrderPush)
class OrderPushAdmin(ReadOnlyAdmin):
    list_display = (
        "channel",
        "order",
        "kind",
        "source_id",
        "state",
        "remote_ids",
        "attempts",
        "not_before",
        "error_kind",
        "last_error",
    )
    list_filter = ("channel", "kind", "state")
    raw_id_fields = ("order",)
