"""The stock outbox: one row per change of a variant's available quantity at a location,
written by the ledger in the same transaction as the change.

Consumers (channel fan-out, later) take rows through `stockbridge.sync.outbox`, which keeps
a delivery state per consumer; this module only knows how stock rows coalesce: per variant x
location only the newest row matters (it carries the current figure), and taking it covers the
older rows of the same pair. Rows of one pair get their ids in commit order (the ledger writes
the row after its conditional UPDATE of the level, which holds that level's lock until commit);
rows of different pairs may commit out of id order on PostgreSQL, so no consumer reads by id
cursor."""

from __future__ import annotations

from django.db import models
from django.db.models import Max, QuerySet


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


def coalesce(changes: QuerySet[StockChange], *, limit: int = 1000) -> list[StockChange]:
    """The newest row of each variant x location among `changes`, oldest pair first, at most
    `limit` pairs: what a channel push needs, once per pair."""
    newest = (
        changes.order_by()
        .values("variant_id", "location_id")
        .annotate(last=Max("pk"))
        .values_list("last", flat=True)
    )
    return list(StockChange.objects.filter(pk__in=newest).order_by("pk")[:limit])


def covered(newest: list[StockChange], changes: QuerySet[StockChange]) -> list[int]:
    """Ids of the rows among `changes` that taking `newest` settles: each row of the same pair
    with an id up to the newest one's (a row committed meanwhile with a higher id stays)."""
    if not newest:
        return []
    last = {(c.variant_id, c.location_id): c.pk for c in newest}
    rows = changes.filter(
        variant_id__in={v for v, _ in last},
        location_id__in={loc for _, loc in last},
        pk__lte=max(last.values()),
    ).values_list("pk", "variant_id", "location_id")
    return sorted(pk for pk, v, loc in rows if pk <= last.get((v, loc), 0))


def coalesced(*, after_id: int = 0, limit: int = 1000) -> list[StockChange]:
    """The newest change of each variant x location with an id above `after_id`, oldest pair
    first. A reading aid (admin, tests): drains never use an id cursor, they take rows through
    their consumer's delivery state (`stockbridge.sync.outbox`)."""
    return coalesce(StockChange.objects.filter(pk__gt=after_id), limit=limit)
