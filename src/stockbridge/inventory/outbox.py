"""The stock outbox: one row per change of a variant's available quantity at a location,
written by the ledger in the same transaction as the change.

Consumers (channel fan-out, later) take rows through `stockbridge.sync.outbox`, which keeps
a delivery state per consumer; this module only knows how stock rows coalesce: per variant x
location only the newest row matters (it carries the current figure); older rows of the pair
are superseded for every consumer at once. That rests on one invariant: rows of one pair get
their ids in commit order, because the ledger inserts the row from its conditional UPDATE of the
level (`... FROM level`), whose lock it holds until commit. Rows of different pairs may commit
out of id order on PostgreSQL, so no consumer reads by id cursor."""

from __future__ import annotations

from typing import Any

from django.db import models
from django.db.models import Max, QuerySet


class StockChange(models.Model):
    # (the variant has no index of its own: `stock_change_pair` leads with it)
    variant = models.ForeignKey(
        "catalog.Variant", on_delete=models.CASCADE, related_name="+", db_index=False
    )
    location = models.ForeignKey("inventory.Location", on_delete=models.CASCADE, related_name="+")
    available = models.IntegerField(help_text="available at this location after the change")
    created_at = models.DateTimeField()

    class Meta:
        app_label = "inventory"
        ordering = ["id"]
        indexes = [models.Index(fields=["variant", "location"], name="stock_change_pair")]

    def __str__(self) -> str:
        return f"{self.variant_id}@{self.location_id} -> {self.available}"


def newest_of_each_pair() -> QuerySet[Any, Any]:
    """The id of the newest row of each variant x location (over all rows), as a subquery."""
    return (
        StockChange.objects.order_by()
        .values("variant_id", "location_id")
        .annotate(last=Max("pk"))
        .values("last")
    )


def coalesce(changes: QuerySet[StockChange], *, limit: int = 1000) -> list[StockChange]:
    """The rows among `changes` that are the newest of their variant x location, oldest first,
    at most `limit`: what a channel push needs, once per pair. An older row of a pair never
    needs delivering: whoever takes the newest one has the current figure."""
    return list(changes.filter(pk__in=newest_of_each_pair()).order_by("pk")[:limit])


def coalesced(*, after_id: int = 0, limit: int = 1000) -> list[StockChange]:
    """The newest change of each variant x location with an id above `after_id`, oldest pair
    first. A reading aid (admin, tests): drains never use an id cursor, they take rows through
    their consumer's delivery state (`stockbridge.sync.outbox`)."""
    return coalesce(StockChange.objects.filter(pk__gt=after_id), limit=limit)
