"""Low-stock thresholds: the figure at or below which a variant's available units count as
low (the dashboard's "low stock", the stock list's filter). Not a quantity: the ledger is not
involved."""

from __future__ import annotations

from django.db import transaction
from django.db.models import F, QuerySet, Value
from django.db.models.functions import Coalesce

from stockbridge.platform.bounds import MAX_STOCK, check_quantity

from .models import LowStockThreshold, StockLevel
from .services.checks import require_variant


def set_threshold(*, variant_id: int, units: int) -> int:
    """Set the variant's threshold to `units` (a whole number in [0, MAX_STOCK]; 0 means only
    an empty shelf is low). Answers the units stored. Raises FieldError (`units`),
    UnknownVariant (`variant_id`)."""
    check_quantity("units", units, minimum=0, maximum=MAX_STOCK)
    with transaction.atomic():
        require_variant(variant_id)
        LowStockThreshold.objects.update_or_create(variant_id=variant_id, defaults={"units": units})
    return units


def threshold_of(variant_id: int) -> int:
    """The variant's threshold (0 when none was set)."""
    found = (
        LowStockThreshold.objects.filter(variant_id=variant_id)
        .values_list("units", flat=True)
        .first()
    )
    return found or 0


def low_levels(*, location_id: int | None = None) -> QuerySet[StockLevel]:
    """Levels whose available (on hand - committed) is at or below their variant's threshold
    (zero without one), lowest first, with variant, product and location loaded and the
    figures annotated as `avail` and `threshold`."""
    qs = StockLevel.objects.select_related("variant", "variant__product", "location").annotate(
        avail=F("on_hand") - F("committed"),
        threshold=Coalesce(F("variant__low_stock_threshold__units"), Value(0)),
    )
    if location_id is not None:
        qs = qs.filter(location_id=location_id)
    return qs.filter(avail__lte=F("threshold")).order_by("avail", "location_id", "variant_id")
