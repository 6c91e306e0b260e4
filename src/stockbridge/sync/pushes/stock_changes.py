"""The consumer `channels` of the stock outbox: changed variant x location pairs become pending
quantity pushes.

Per changed pair, every linked listing of the variant, and of each bundle the variant is a
component of (a bundle holds no stock: its `available` at a location follows its components
there), is marked `PendingPush(aspect="quantity")` on every channel whose location mapping
includes the changed location and that syncs quantities (in the outbox drain's transaction);
after that commit the drain of each channel touched is nudged."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

from stockbridge.channels.models import Listing, ListingStatus, LocationMapping
from stockbridge.inventory.models import BundleComponent
from stockbridge.inventory.outbox import StockChange

from .. import listed_quantities as lq
from .. import outbox
from .drain import nudge
from .pending import mark_pending

CONSUMER = "channels"


def take(rows: Sequence[StockChange]) -> None:
    """Mark the listings of the changed pairs (and of the bundles built from them) pending on
    every channel mapping the changed location, then nudge those channels' drains."""
    locations = {row.location_id for row in rows}
    mapped: dict[int, set[int]] = defaultdict(set)  # location -> channels
    for channel_id, location_id in LocationMapping.objects.filter(
        location_id__in=locations
    ).values_list("channel_id", "location_id"):
        mapped[location_id].add(channel_id)
    if not mapped:
        return
    pushing = {c for c in set().union(*mapped.values()) if _pushes_quantity(c)}
    changed: dict[int, set[int]] = defaultdict(set)  # location -> variants changed there
    for row in rows:
        if row.location_id in mapped:
            changed[row.location_id].add(row.variant_id)
    bundles = _bundles_of({v for vs in changed.values() for v in vs})
    wanted: dict[int, set[int]] = defaultdict(set)  # channel -> variants
    for location_id, variant_ids in changed.items():
        affected = variant_ids | {b for v in variant_ids for b in bundles.get(v, ())}
        for channel_id in mapped[location_id] & pushing:
            wanted[channel_id] |= affected
    if not wanted:
        return
    listings = [
        (listing_id, channel_id)
        for listing_id, channel_id, variant_id in Listing.objects.filter(
            channel_id__in=list(wanted),
            variant_id__in={v for vs in wanted.values() for v in vs},
            status=ListingStatus.LINKED,
        ).values_list("id", "channel_id", "variant_id")
        if variant_id in wanted[channel_id]
    ]
    mark_pending(listings)
    for channel_id in sorted({c for _, c in listings}):
        nudge(channel_id)


def _bundles_of(variant_ids: set[int]) -> dict[int, set[int]]:
    """{component variant id: the bundles it is part of} for the variants given."""
    found: dict[int, set[int]] = defaultdict(set)
    for component_id, bundle_id in BundleComponent.objects.filter(
        component_id__in=variant_ids
    ).values_list("component_id", "bundle_id"):
        found[component_id].add(bundle_id)
    return found


def _pushes_quantity(channel_id: int) -> bool:
    enabled, settings = lq.sync_settings(channel_id)
    return enabled and settings.quantity


def install() -> None:
    """Register the fan-out as a consumer of the stock outbox (app start-up)."""
    outbox.register_consumer(CONSUMER, outbox="stock", take=take)
