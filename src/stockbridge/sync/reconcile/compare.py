"""Comparing the channel's levels with what the hub lists, one chunk at a time, and recording
the figures read as what the channel confirmed."""

from __future__ import annotations

from collections.abc import Sequence

from django.db import transaction
from django.db.models import Q

from stockbridge.channels.models import ListingLevel
from stockbridge.channels.port import RemoteLevel
from stockbridge.platform import clock

from ..level_drift import Check, Source, Want, drift, level_ref
from .push import push
from .state import Pending, Place, State, hub_available


def take(state: State, level: RemoteLevel) -> None:
    state.read += 1
    keys = state.index.find(level.inventory_item_id, level.variant_remote_id)
    if keys is None:
        state.counts["ignored"] += 1
        return
    locations = state.seen.setdefault(keys.listing_id, set())
    place = state.places.get(level.location_remote_id)
    if place is None:
        state.counts["unmapped"] += 1
        return
    locations.add(place.remote_id)
    if not level.tracked:
        state.counts["untracked"] += 1
        state.untracked.add(keys.listing_id)
        return
    state.chunk.append((keys, level))


def compare_chunk(state: State) -> None:
    chunk, state.chunk = state.chunk, []
    if not chunk:
        return
    variant_ids = {keys.variant_id for keys, _ in chunk}
    location_ids = {loc for place in state.places.values() for loc, _ in place.ours}
    available = hub_available(variant_ids, location_ids)
    stored = {
        (row.listing_id, row.remote_location_id): row
        for row in ListingLevel.objects.filter(
            listing_id__in={keys.listing_id for keys, _ in chunk}
        )
    }
    confirmed: list[tuple[int, str, int]] = []
    for keys, level in chunk:
        place = state.places[level.location_remote_id]
        row = stored.get((keys.listing_id, place.remote_id))
        check = Check(
            ref=level_ref(keys.sku, place.name),
            remote=level.available,
            want=want_at(state, keys.variant_id, place, available),
            last_pushed=row.pushed if row is not None else None,
        )
        state.done += 1
        found = drift(check, channel_label=state.label)
        if found is None:
            state.counts["in_sync"] += 1
        else:
            state.counts["drifted"] += 1
            state.pushes.append(
                Pending(found, keys.listing_id, place.remote_id, level.inventory_item_id)
            )
        if row is None or row.confirmed != level.available:
            confirmed.append((keys.listing_id, place.remote_id, level.available))
    if not state.run.dry_run:
        confirm(state, confirmed, stored)
    push(state, final=False)


def want_at(
    state: State, variant_id: int, place: Place, available: dict[tuple[int, int], int]
) -> Want:
    return Want(
        sources=tuple(
            Source(location_id=loc, code=code, available=available.get((variant_id, loc), 0))
            for loc, code in place.ours
        ),
        rule=state.rule,
    )


def confirm(
    state: State,
    levels: Sequence[tuple[int, str, int]],
    stored: dict[tuple[int, str], ListingLevel],
) -> None:
    """Record the figures just read as what the channel confirmed holding, unless a newer
    confirmation was written while the read ran."""
    now = clock.now()
    with transaction.atomic():
        ListingLevel.objects.bulk_create(
            [
                ListingLevel(
                    listing_id=listing_id,
                    remote_location_id=location,
                    confirmed=value,
                    confirmed_at=now,
                )
                for listing_id, location, value in levels
                if (listing_id, location) not in stored
            ],
            ignore_conflicts=True,
        )
        for listing_id, location, value in levels:
            if (listing_id, location) in stored:
                ListingLevel.objects.filter(
                    Q(confirmed_at__isnull=True) | Q(confirmed_at__lt=state.started),
                    listing_id=listing_id,
                    remote_location_id=location,
                ).update(confirmed=value, confirmed_at=now)
