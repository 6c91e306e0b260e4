"""Persisted sync state: job heartbeats, the delivery state of outbox consumers, channel runs
and their per-item results, the inbox of channel events, the per-channel outbox of pushes and
each store's shared throttle."""

from __future__ import annotations

from django.db import models


class JobHeartbeat(models.Model):
    """When a periodic job last ran and what it did: proof that the scheduler is alive."""

    name = models.CharField(max_length=120, unique=True)
    last_started_at = models.DateTimeField()
    last_finished_at = models.DateTimeField(null=True, blank=True)
    runs = models.PositiveIntegerField(default=0)
    last_result = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return f"{self.name} @ {self.last_finished_at or self.last_started_at}"


class OutboxConsumer(models.Model):
    """A named consumer of one domain outbox (`stock`, `order_events`). Its row is the lock a
    drain holds, so two drains of one consumer never take the same rows twice."""

    name = models.CharField(max_length=120, unique=True)
    outbox = models.CharField(max_length=40)
    taken = models.PositiveBigIntegerField(default=0, help_text="outbox rows taken in total")
    last_drained_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return f"{self.name} ({self.outbox})"


class OutboxTake(models.Model):
    """One outbox row handed to a consumer. A row that still matters is pending for a consumer
    while it has no take; ids play no part (on PostgreSQL they commit out of order). Pruned
    together with the outbox row."""

    consumer = models.ForeignKey(OutboxConsumer, on_delete=models.CASCADE, related_name="+")
    row_id = models.BigIntegerField()
    taken_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["consumer", "row_id"], name="outbox_take_once")
        ]

    def __str__(self) -> str:
        return f"{self.consumer_id}:{self.row_id}"


class RunStatus(models.TextChoices):
    RUNNING = "running", "running"
    OK = "ok", "ok"
    PARTIAL = "partial", "partial"
    FAILED = "failed", "failed"
    PAUSED = "paused", "paused"  # stopped at a channel's limit; resumes at `resume_at`


class RunTrigger(models.TextChoices):
    SCHEDULE = "schedule", "schedule"
    USER = "user", "user"
    WEBHOOK = "webhook", "webhook"
    CHANGE = "change", "hub change"
    RETRY = "retry", "retry"


class Run(models.Model):
    """One execution of one operation of one channel, with counts per outcome. A dry run
    (preview) writes nothing but its own log."""

    channel = models.ForeignKey("channels.Channel", on_delete=models.CASCADE, related_name="+")
    operation = models.CharField(max_length=40)
    trigger = models.CharField(max_length=20, choices=RunTrigger.choices)
    dry_run = models.BooleanField(default=False)
    status = models.CharField(max_length=20, choices=RunStatus.choices, default="running")
    message = models.CharField(max_length=1000, blank=True, default="")
    total = models.PositiveIntegerField(null=True, blank=True, help_text="items expected")
    done = models.PositiveIntegerField(default=0)
    counts = models.JSONField(default=dict, blank=True, help_text="items per outcome")
    retry_of = models.ForeignKey("self", null=True, blank=True, on_delete=models.SET_NULL)
    arguments = models.JSONField(
        default=dict, blank=True, help_text="the run's own arguments (a resumed run takes them)"
    )
    resume_at = models.DateTimeField(
        null=True, blank=True, help_text="a paused run: when the scheduler runs it again"
    )
    started_at = models.DateTimeField()
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-id"]
        indexes = [models.Index(fields=["channel", "operation", "-id"], name="run_latest")]

    def __str__(self) -> str:
        return f"run {self.pk} {self.operation} ({self.status})"


class RunItem(models.Model):
    """One item's outcome in a run: what it was (`ref`: SKU, order name...), what happened,
    why in words, the field changes (`changes`: {field: [old, new]}, what a preview shows) and
    what is needed to retry it (`payload`)."""

    # (no index of its own: `run_item_outcome` leads with the run)
    run = models.ForeignKey(Run, on_delete=models.CASCADE, related_name="items", db_index=False)
    ref = models.CharField(max_length=255)
    outcome = models.CharField(max_length=20)
    error_kind = models.CharField(max_length=40, blank=True, default="")
    message = models.CharField(max_length=1000, blank=True, default="")
    changes = models.JSONField(default=dict, blank=True)
    payload = models.JSONField(default=dict, blank=True)
    request_excerpt = models.TextField(blank=True, default="")
    response_excerpt = models.TextField(blank=True, default="")
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["id"]
        indexes = [models.Index(fields=["run", "outcome"], name="run_item_outcome")]

    def __str__(self) -> str:
        return f"{self.ref}: {self.outcome}"


class InboundEvent(models.Model):
    """The inbox: one event a channel sent (a webhook), stored before it is answered and
    processed after commit. Unique per (channel, event id): a redelivery is stored once."""

    channel = models.ForeignKey("channels.Channel", on_delete=models.CASCADE, related_name="+")
    event_id = models.CharField(max_length=255)
    topic = models.CharField(max_length=100)
    kind = models.CharField(
        max_length=30, blank=True, default="", help_text="what it is about (port.InboundKind)"
    )
    resource_id = models.CharField(max_length=255, blank=True, default="")
    occurred_at = models.DateTimeField(null=True, blank=True)
    body = models.TextField()
    received_at = models.DateTimeField()
    processed_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveIntegerField(default=0)
    last_error = models.CharField(max_length=1000, blank=True, default="")
    result = models.CharField(
        max_length=300, blank=True, default="", help_text="what processing did"
    )

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(fields=["channel", "event_id"], name="inbound_event_once")
        ]
        indexes = [models.Index(fields=["channel", "processed_at"], name="inbound_pending")]

    def __str__(self) -> str:
        return f"{self.channel_id}:{self.topic}:{self.event_id}"


class PendingPush(models.Model):
    """The per-channel outbox: one row per (listing, aspect) that needs pushing, upserted when
    the hub changes (the version goes up). A drain deletes a row only if its version is still
    the one it pushed, so a change made meanwhile is pushed again. No id cursor."""

    channel = models.ForeignKey("channels.Channel", on_delete=models.CASCADE, related_name="+")
    listing = models.ForeignKey("channels.Listing", on_delete=models.CASCADE, related_name="+")
    aspect = models.CharField(max_length=20)  # quantity, price, content
    version = models.PositiveBigIntegerField(default=1)
    created_at = models.DateTimeField()
    updated_at = models.DateTimeField()
    not_before = models.DateTimeField(null=True, blank=True, help_text="retry after")
    attempts = models.PositiveIntegerField(default=0)
    last_error = models.CharField(max_length=1000, blank=True, default="")

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(fields=["listing", "aspect"], name="pending_push_once")
        ]
        indexes = [models.Index(fields=["channel", "aspect"], name="pending_push_channel")]

    def __str__(self) -> str:
        return f"{self.listing_id}:{self.aspect} v{self.version}"


class ThrottleState(models.Model):
    """One store's call budget, shared by every worker: what the channel last reported
    (points available, maximum, restore rate per second) and when."""

    channel = models.OneToOneField("channels.Channel", on_delete=models.CASCADE, related_name="+")
    available = models.FloatField()
    maximum = models.FloatField()
    restore_rate = models.FloatField()
    observed_at = models.DateTimeField()
    blocked_until = models.DateTimeField(null=True, blank=True)
    # points reserved for calls not answered yet, and when that last changed
    in_flight = models.FloatField(default=0.0)
    in_flight_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"{self.channel_id}: {self.available}/{self.maximum}"


class OrderPushKind(models.TextChoices):
    FULFILMENT = "fulfilment", "fulfilment (and its tracking)"
    REFUND = "refund", "refund"
    CANCEL = "cancel", "cancellation"
    CLOSE = "close", "close"


class OrderPushState(models.TextChoices):
    PENDING = "pending", "pending"
    SENT = "sent", "sent"
    FAILED = "failed", "failed (the channel refused it)"


class OrderPush(models.Model):
    """Something made in the hub on an order that came from a channel, to send there (the
    order outbox of "sync orders"): one row per (channel, kind, hub record), made from the
    order events in the transaction that takes them. `version` goes up when there is more to
    send (a tracking change), `sent_version` is what the channel holds. `known` are the
    channel's fulfilments of the order before the first attempt and `key` the idempotency key
    of a refund: a retry after a lost answer, or a worker killed between sending and
    recording, finds what it made instead of making it twice. `claimed_until` is the lease of
    the drain sending it."""

    channel = models.ForeignKey("channels.Channel", on_delete=models.CASCADE, related_name="+")
    order = models.ForeignKey("orders.Order", on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=20, choices=OrderPushKind.choices)
    source_id = models.BigIntegerField(help_text="the hub fulfilment, refund or order")
    state = models.CharField(
        max_length=10, choices=OrderPushState.choices, default=OrderPushState.PENDING
    )
    version = models.PositiveIntegerField(default=1)
    sent_version = models.PositiveIntegerField(default=0)
    key = models.CharField(max_length=64, blank=True, default="")
    known = models.JSONField(null=True, blank=True)
    remote_ids = models.JSONField(default=list, blank=True)
    attempts = models.PositiveIntegerField(default=0)
    not_before = models.DateTimeField(null=True, blank=True, help_text="retry after")
    claimed_until = models.DateTimeField(null=True, blank=True)
    error_kind = models.CharField(max_length=40, blank=True, default="")
    last_error = models.CharField(max_length=1000, blank=True, default="")
    created_at = models.DateTimeField()
    updated_at = models.DateTimeField()
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(fields=["channel", "kind", "source_id"], name="order_push_once")
        ]
        indexes = [models.Index(fields=["channel", "state"], name="order_push_pending")]

    def __str__(self) -> str:
        return f"{self.channel_id}:{self.kind}:{self.source_id} ({self.state})"


class ChannelOrder(models.Model):
    """What the hub knows of one channel order: the hub order it became (None while it
    waits or was skipped), the channel's `updated_at` last applied (an older update never
    overwrites a newer one), the hub line of each channel line, and the tag still to add on
    the channel after import. One row per (channel, remote id): locked while an event of
    that order is applied, so the order's events apply one at a time."""

    channel = models.ForeignKey("channels.Channel", on_delete=models.CASCADE, related_name="+")
    remote_id = models.CharField(max_length=255)
    name = models.CharField(max_length=255, blank=True, default="")
    order = models.ForeignKey(
        "orders.Order", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    state = models.CharField(max_length=20, default="new")  # new, imported, waiting, skipped
    reason = models.CharField(max_length=500, blank=True, default="")
    remote_updated_at = models.DateTimeField(null=True, blank=True)
    lines = models.JSONField(default=dict, blank=True, help_text="channel line id -> hub line id")
    tag = models.CharField(max_length=40, blank=True, default="", help_text="to add there")
    tagged_at = models.DateTimeField(null=True, blank=True)
    tag_error = models.CharField(max_length=500, blank=True, default="")
    created_at = models.DateTimeField()
    updated_at = models.DateTimeField()

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(fields=["channel", "remote_id"], name="channel_order_once")
        ]
        indexes = [models.Index(fields=["channel", "state"], name="channel_order_state")]

    def __str__(self) -> str:
        return f"{self.channel_id}:{self.remote_id} ({self.state})"


class PendingProductDelete(models.Model):
    """A product deleted in the hub whose linked product on a channel is still to be deleted
    there (Stock&Buy's table: a product deleted here deletes the corresponding one there):
    written in the catalog's delete transaction, sent after the commit, removed once the
    channel deleted it (or no longer has it), so each is deleted there exactly once."""

    channel = models.ForeignKey("channels.Channel", on_delete=models.CASCADE, related_name="+")
    remote_product_id = models.CharField(max_length=255)
    title = models.CharField(max_length=255, blank=True, default="")
    attempts = models.PositiveIntegerField(default=0)
    last_error = models.CharField(max_length=1000, blank=True, default="")
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["channel", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["channel", "remote_product_id"], name="pending_product_delete_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.channel_id}: delete {self.remote_product_id}"
