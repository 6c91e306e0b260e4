"""What the channel no longer has: listings gone from it become removed; mapped locations it
does not stock are reported."""

from __future__ import annotations

from stockbridge.channels.models import Listing, ListingStatus
from stockbridge.channels.port import ItemResult, Outcome
from stockbridge.platform import clock

from .. import runs
from ..level_drift import level_ref, missing_levels
from .compare import want_at
from .state import CHUNK, State, hub_available


def gone(state: State) -> None:
    """Listings whose item the channel no longer has become removed; listings it has but not
    at a mapped location where the hub would list units are reported (not stocked there)."""
    missing = [
        keys for listing_id, keys in state.index.by_id.items() if listing_id not in state.seen
    ]
    now = clock.now()
    reason = (
        f"the variant is no longer in {state.label}: reconciliation on "
        f"{now:%Y-%m-%d %H:%M} UTC found no inventory of it there"
    )
    for start in range(0, len(missing), 500):
        batch = missing[start : start + 500]
        state.counts["removed"] += len(batch)
        if not state.run.dry_run:
            Listing.objects.filter(
                pk__in=[k.listing_id for k in batch], status=ListingStatus.LINKED
            ).update(status=ListingStatus.REMOVED, status_reason=reason[:500], updated_at=now)
        runs.record(
            state.run,
            [
                ItemResult(
                    ref=k.sku or k.remote_variant_id,
                    outcome=Outcome.SKIPPED,
                    error_kind="NotFound",
                    message=f"listing marked removed: {reason}",
                )
                for k in batch
            ],
            changes={
                (k.sku or k.remote_variant_id): {
                    "status": [ListingStatus.LINKED.value, ListingStatus.REMOVED.value]
                }
                for k in batch
            },
            payloads={(k.sku or k.remote_variant_id): {"listing_id": k.listing_id} for k in batch},
        )
    not_stocked(state)


def not_stocked(state: State) -> None:
    tracked = (i for i in state.index.by_id if i not in state.untracked)
    pairs = missing_levels(state.seen, tracked, state.places)
    for start in range(0, len(pairs), CHUNK):
        batch = pairs[start : start + CHUNK]
        keys = {listing_id: state.index.by_id[listing_id] for listing_id, _ in batch}
        location_ids = {loc for place in state.places.values() for loc, _ in place.ours}
        available = hub_available({k.variant_id for k in keys.values()}, location_ids)
        items: list[ItemResult] = []
        for listing_id, location in batch:
            listing, place = keys[listing_id], state.places[location]
            want = want_at(state, listing.variant_id, place, available)
            state.counts["not_stocked"] += 1
            if want.quantity <= 0:
                continue
            items.append(
                ItemResult(
                    ref=level_ref(listing.sku, place.name),
                    outcome=Outcome.SKIPPED,
                    message=(
                        f"{state.label} does not stock it at {place.name}, so the hub's "
                        f"{want.quantity} cannot be listed there; stock it at that location "
                        f"in {state.label}"
                    ),
                )
            )
        runs.record(state.run, items)
