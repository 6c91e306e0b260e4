"""The pick list of a resync: the hub's products with no linked listing on a channel (none of
their variants is linked there), filtered by season, product type and a search over title,
handle and SKU, in id order."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Q, QuerySet

from stockbridge.catalog.models import Product, Variant
from stockbridge.catalog.references import find_season
from stockbridge.channels.models import Channel, Listing, ListingStatus
from stockbridge.platform.errors import NotFound


@dataclass(frozen=True, slots=True)
class Filters:
    season: str = ""  # a season's name or code
    product_type: str = ""
    search: str = ""  # part of the title, the handle or a variant's SKU


def linked_product_ids(channel: Channel) -> QuerySet[Any]:
    """The products having a variant linked on `channel` (a subquery of product ids)."""
    variants = Listing.objects.filter(channel=channel, status=ListingStatus.LINKED).values(
        "variant_id"
    )
    return Variant.objects.filter(id__in=variants).values("product_id")


def unlisted(channel: Channel, filters: Filters = Filters()) -> QuerySet[Product]:
    """The products not on `channel` yet, matching `filters`, in id order. An unknown season
    is NotFound naming `season`."""
    query = Product.objects.exclude(id__in=linked_product_ids(channel))
    if filters.season:
        season = find_season(filters.season)
        if season is None:
            raise NotFound("season", f"no season named {filters.season!r}")
        query = query.filter(season=season)
    if filters.product_type:
        query = query.filter(product_type=filters.product_type)
    if filters.search:
        text = filters.search
        skus = Variant.objects.filter(sku__icontains=text).values("product_id")
        query = query.filter(Q(title__icontains=text) | Q(handle__icontains=text) | Q(id__in=skus))
    return query.select_related("season").order_by("id")
