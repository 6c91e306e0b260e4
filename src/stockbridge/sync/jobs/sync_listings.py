"""Sync listings, "Run now": every linked listing of the channel is marked pending (its
quantities, and its prices when the settings push any price field) and the channel's drain
pushes what differs from what the channel last confirmed (quantities) or was last sent
(prices, by the listing's price fingerprint), within one Run (every level and every listing's
prices reported: written, unchanged or failed).

A dry run (preview) computes the same values and writes nothing but its own log: one item per
level, `changes` = {"quantity": [last confirmed, new]} where they differ, and one per
listing's prices, `changes` = {"price": [last pushed, new], ...} for each pushed field that
differs."""

from __future__ import annotations

from typing import Any

from stockbridge.channels.models import Channel, Listing, ListingLevel, ListingStatus
from stockbridge.channels.port import ItemResult, Outcome
from stockbridge.channels.stock_settings import SyncListingsSettings
from stockbridge.platform.errors import FieldError

from .. import listed_prices as lp
from .. import listed_quantities as lq
from .. import pushes, runs
from ..models import Run
from ..operations import OperationRequest
from ..pushes import prices as price_pushes

CHUNK = 500


def run(request: OperationRequest) -> Run:
    channel = Channel.objects.filter(pk=request.channel_id).first()
    if channel is None:
        raise FieldError("channel", f"no channel with id {request.channel_id}", code="not_found")
    enabled, settings = lq.sync_settings(channel.pk)
    sync_run = runs.open_run(
        channel_id=channel.pk,
        operation=request.operation,
        trigger=request.trigger,
        dry_run=request.dry_run,
        retry_of=request.retry_of,
    )
    listings = Listing.objects.filter(channel=channel, status=ListingStatus.LINKED)
    if request.retry_of is not None:
        retried = {
            int(item.payload["listing_id"])
            for item in runs.failed_items(request.retry_of)
            if isinstance(item.payload.get("listing_id"), int)
        }
        listings = listings.filter(pk__in=retried)
    prices = lp.pushes_prices(settings)
    targets = lq.remote_targets(channel, settings) if settings.quantity else []
    runs.set_total(sync_run, listings.count() * (len(targets) + (1 if prices else 0)))
    if not settings.quantity and not prices:
        return runs.close_run(sync_run, message="quantity sync is off in this channel's settings")
    if not enabled:
        return runs.close_run(sync_run, message="sync listings is disabled for this channel")
    if request.dry_run:
        _preview(sync_run, channel, listings, targets, request, settings=settings)
        return runs.close_run(sync_run)
    ids = list(listings.values_list("id", flat=True))
    if settings.quantity:
        pushes.mark_pending([(listing_id, channel.pk) for listing_id in ids])
    if prices:
        pushes.mark_pending([(listing_id, channel.pk) for listing_id in ids], aspect=pushes.PRICE)
    result = pushes.drain(
        channel_id=channel.pk, run=sync_run, trigger=request.trigger, record_unchanged=True
    )
    if request.progress is not None:
        sync_run.refresh_from_db(fields=["done", "total"])
        request.progress(sync_run.done, sync_run.total)
    return runs.close_run(sync_run, message=result.stopped, failed=bool(result.stopped))


def _preview(
    sync_run: Run,
    channel: Channel,
    listings: Any,
    targets: list[lq.RemoteTarget],
    request: OperationRequest,
    *,
    settings: SyncListingsSettings,
) -> None:
    rule = lq.rule_of(channel)
    prices = lp.pushes_prices(settings)
    ordered = list(listings.select_related("variant").order_by("id"))
    for start in range(0, len(ordered), CHUNK):
        chunk = ordered[start : start + CHUNK]
        stock = lq.availability(
            [listing.variant_id for listing in chunk],
            {loc for t in targets for loc in t.location_ids},
        )
        confirmed = {
            (level.listing_id, level.remote_location_id): level.confirmed
            for level in ListingLevel.objects.filter(listing__in=chunk)
        }
        results = []
        changes: dict[str, dict[str, Any]] = {}
        for listing in chunk:
            for target in targets:
                _, quantity = lq.listed(stock.get(listing.variant_id, {}), target, rule)
                old = confirmed.get((listing.pk, target.remote_id))
                ref = pushes.item_ref(listing, target)
                if old == quantity:
                    results.append(ItemResult(ref=ref, outcome=Outcome.UNCHANGED))
                else:
                    results.append(ItemResult(ref=ref, outcome=Outcome.UPDATED))
                    changes[ref] = {"quantity": [old, quantity]}
            if prices:
                _preview_prices(listing, channel, settings, results, changes)
        runs.record(sync_run, results, changes=changes)
        if request.progress is not None:
            request.progress(sync_run.done, sync_run.total)


def _preview_prices(
    listing: Listing,
    channel: Channel,
    settings: SyncListingsSettings,
    results: list[ItemResult],
    changes: dict[str, dict[str, Any]],
) -> None:
    """The listing's prices as the drain would push them (see `pushes.prices._plan`)."""
    want = lp.wanted(listing.variant, settings)
    ref = price_pushes.item_ref(listing)
    if channel.currency and want.currency != channel.currency:
        results.append(
            ItemResult(
                ref=ref,
                outcome=Outcome.FAILED,
                error_kind="Rejected",
                message=f"the variant is priced in {want.currency}, the store sells in "
                f"{channel.currency}: its prices are not pushed",
            )
        )
    elif want.fingerprint == listing.price_fingerprint:
        results.append(ItemResult(ref=ref, outcome=Outcome.UNCHANGED))
    else:
        results.append(ItemResult(ref=ref, outcome=Outcome.UPDATED))
        changes[ref] = lp.changes(listing.price_fingerprint, want)
