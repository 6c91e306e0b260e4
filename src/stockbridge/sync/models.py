"""Persisted sync state: job heartbeats and the delivery state of outbox consumers (runs,
inbox and per-channel pushes come with the channel issues)."""

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
