"""Persisted sync state: job heartbeats (runs, inbox and outbox come with the channel issues)."""

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
