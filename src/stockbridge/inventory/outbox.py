"""The stock outbox: one row per change of a variant's available quantity at a location,
written in the same transaction as the change. Sync drains it later, coalescing per
variant x location (only the newest row of a pair matters: it carries the current figure)."""

from __future__ import annotations

from django.db import models
from django.db.models import Max


class StockChange(models.Model):
    variant = models.ForeignKey("catalog.Variant", on_delete=models.CASCADE, related_name="+")
    location = models.ForeignKey("inventory.Location", on_delete=models.CASCADE, related_name="+")
    available = models.IntegerField(help_text="available at this location after the change")
    created_at = models.DateTimeField()

    class Meta:
        app_label = "inventory"
        ordering = ["id"]
        indexes = [models.Index(fields=["variant", "location"], name="stock_change_pair")]

    def __str__(self) -> str:
        return f"{self.variant_id}@{self.location_id} -> {self.available}"


def coalesced(*, after_id: int = 0, limit: int = 1000) -> list[StockChange]:
    """The newest pending change of each variant x location with an id above `after_id`
    (a drain's cursor), oldest pair first: what a channel push needs, once per pair."""
    newest = (
        StockChange.objects.filter(pk__gt=after_id)
        .values("variant_id", "location_id")
        .annotate(last=Max("pk"))
        .values_list("last", flat=True)
    )
    return list(StockChange.objects.filter(pk__in=newest).order_by("pk")[:limit])
