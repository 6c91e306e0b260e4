"""Inventory reads: stock levels, available quantities (bundles included), the ledger with
filters, and the low-stock report. Levels are maintained rows: nothing here sums the ledger."""

from __future__ import annotations

from datetime import datetime

from django.db import connection
from django.db.models import F, QuerySet, Sum

from stockbridge.platform.bounds import MAX_ID

from .models import BundleComponent, Location, Movement, StockLevel

_CODE_SQL = f"SELECT code FROM {Location._meta.db_table} WHERE id = %s"  # noqa: S608


def location_code(location_id: int) -> str | None:
    """The code of location `location_id`, None when there is none. An id is read in fixed
    SQL (every fulfilment reads it); anything else goes through the ORM, which refuses it
    exactly as a filter on the id would."""
    if type(location_id) is int and 1 <= location_id <= MAX_ID:
        with connection.cursor() as cursor:
            cursor.execute(_CODE_SQL, [location_id])
            row = cursor.fetchone()
        return None if row is None else str(row[0])
    return Location.objects.filter(pk=location_id).values_list("code", flat=True).first()


def levels(
    *,
    variant_id: int | None = None,
    sku: str | None = None,
    location_id: int | None = None,
    location_code: str | None = None,
) -> QuerySet[StockLevel]:
    """Stock levels matching every filter given, with variant and location loaded."""
    qs = StockLevel.objects.select_related("variant", "location")
    if variant_id is not None:
        qs = qs.filter(variant_id=variant_id)
    if sku:
        qs = qs.filter(variant__sku=sku)
    if location_id is not None:
        qs = qs.filter(location_id=location_id)
    if location_code:
        qs = qs.filter(location__code=location_code)
    return qs


def available(*, variant_id: int, location_id: int | None = None) -> int:
    """Available units of a variant (all locations, or one). For a bundle: at each location the
    minimum over its components of available // units per bundle, summed over locations."""
    parts = dict(
        BundleComponent.objects.filter(bundle_id=variant_id).values_list("component_id", "quantity")
    )
    if not parts:
        qs = StockLevel.objects.filter(variant_id=variant_id)
        if location_id is not None:
            qs = qs.filter(location_id=location_id)
        pairs = qs.values_list("on_hand", "committed")
        return sum(on_hand - committed for on_hand, committed in pairs)
    qs = StockLevel.objects.filter(variant_id__in=parts)
    if location_id is not None:
        qs = qs.filter(location_id=location_id)
    by_location: dict[int, dict[int, int]] = {}
    for loc, v, on_hand, committed in qs.values_list(
        "location_id", "variant_id", "on_hand", "committed"
    ):
        by_location.setdefault(loc, {})[v] = on_hand - committed
    return sum(
        max(min(stock.get(v, 0) // per for v, per in parts.items()), 0)
        for stock in by_location.values()
    )


def available_by_sku(*, sku: str) -> dict[int, int]:
    """{location id: available} for one (non-bundle) SKU: one indexed read, no ledger sums."""
    return {
        loc: on_hand - committed
        for loc, on_hand, committed in StockLevel.objects.filter(variant__sku=sku).values_list(
            "location_id", "on_hand", "committed"
        )
    }


def movements(
    *,
    variant_id: int | None = None,
    sku: str | None = None,
    location_id: int | None = None,
    reason: str | None = None,
    reference: str | None = None,
    since: datetime | None = None,
    until: datetime | None = None,
) -> QuerySet[Movement]:
    """The ledger, oldest first, filtered by every argument given."""
    qs = Movement.objects.select_related("variant", "location")
    if variant_id is not None:
        qs = qs.filter(variant_id=variant_id)
    if sku:
        qs = qs.filter(variant__sku=sku)
    if location_id is not None:
        qs = qs.filter(location_id=location_id)
    if reason:
        qs = qs.filter(reason=reason)
    if reference:
        qs = qs.filter(reference=reference)
    if since:
        qs = qs.filter(created_at__gte=since)
    if until:
        qs = qs.filter(created_at__lt=until)
    return qs.order_by("id")


def low_stock(*, threshold: int = 0, location_id: int | None = None) -> QuerySet[StockLevel]:
    """Levels whose available (on_hand - committed) is at or below `threshold`, lowest first."""
    qs = levels(location_id=location_id).annotate(avail=F("on_hand") - F("committed"))
    return qs.filter(avail__lte=threshold).order_by("avail", "location_id", "variant_id")


def drift(*, variant_id: int | None = None) -> list[tuple[int, int, int, int, int, int]]:
    """Levels whose figures differ from the sum of their ledger rows (should be none):
    (variant id, location id, on_hand, ledger on_hand, committed, ledger committed)."""
    sums = Movement.objects.values("variant_id", "location_id").annotate(
        h=Sum("on_hand_delta"), c=Sum("committed_delta")
    )
    if variant_id is not None:
        sums = sums.filter(variant_id=variant_id)
    ledger = {(r["variant_id"], r["location_id"]): (r["h"], r["c"]) for r in sums}
    levels = StockLevel.objects.all()
    if variant_id is not None:
        levels = levels.filter(variant_id=variant_id)
    out = []
    for v, loc, on_hand, committed in levels.values_list(
        "variant_id", "location_id", "on_hand", "committed"
    ).order_by("location_id", "variant_id"):
        h, c = ledger.get((v, loc), (0, 0))
        if (h, c) != (on_hand, committed):
            out.append((v, loc, on_hand, h, committed, c))
    return out
