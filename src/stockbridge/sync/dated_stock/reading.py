"""Reading the hub for "push stock by date": the channel's linked listings, the hub locations
its settings map to warehouses, and the promises of those variants there
(`purchasing.promise.promises`: stock levels and open purchase order lines)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from stockbridge.channels.models import DatedStockPush, Listing, ListingStatus
from stockbridge.channels.push_settings import PushStockByDateSettings
from stockbridge.inventory.models import Location
from stockbridge.inventory.promise import Promise
from stockbridge.platform.errors import FieldError
from stockbridge.purchasing.promise import promises


@dataclass(frozen=True, slots=True)
class ListedSize:
    listing_id: int
    variant_id: int
    sku: str
    product_id: str
    size_id: str


def warehouses_of(settings: PushStockByDateSettings) -> dict[int, str]:
    """Hub location id -> channel warehouse id; an unknown location code is a FieldError."""
    codes = dict(settings.pairs)
    found = dict(Location.objects.filter(code__in=list(codes)).values_list("code", "pk"))
    for code in codes:
        if code not in found:
            raise FieldError(f"settings.warehouses.{code}", "is not a location code of the hub")
    return {found[code]: warehouse for code, warehouse in codes.items()}


def listed_sizes(channel_id: int) -> list[ListedSize]:
    rows = (
        Listing.objects.filter(channel_id=channel_id, status=ListingStatus.LINKED)
        .select_related("variant")
        .order_by("variant__sku")
    )
    return [
        ListedSize(r.pk, r.variant_id, r.variant.sku, r.remote_product_id, r.remote_variant_id)
        for r in rows
    ]


def promises_by_warehouse(
    sizes: list[ListedSize], warehouse_of: dict[int, str], *, today: date
) -> dict[tuple[int, str], list[Promise]]:
    """(variant id, warehouse id) -> the promises of the locations feeding that warehouse."""
    found: dict[tuple[int, str], list[Promise]] = defaultdict(list)
    if not sizes or not warehouse_of:
        return found
    for row in promises(today=today, variant_ids=[s.variant_id for s in sizes]):
        warehouse = warehouse_of.get(row.location_id)
        if warehouse is not None:
            found[(row.variant_id, warehouse)].append(row.promise)
    return found


def pushed(listing_ids: list[int]) -> dict[tuple[int, str], str]:
    return {
        (row.listing_id, row.warehouse_id): row.fingerprint
        for row in DatedStockPush.objects.filter(listing_id__in=listing_ids)
    }
