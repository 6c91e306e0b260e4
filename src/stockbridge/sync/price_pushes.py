"""Prices out to the channels: the fan-out from the catalog's price changes and the price part
of each channel's drain.

**Fan-out.** The catalog reports the variants whose price, compare-at price, cost or currency it
changed (`platform.wakeups.changed("prices", ids)`, inside its transaction). The listener here
upserts, in that same transaction, one `PendingPush(aspect="price")` per linked listing of those
variants on every channel whose "sync listings" is enabled and pushes a price field, and nudges
those channels' drains after the commit. The pending rows commit or roll back with the change.

**Drain** (called by `pushes.drain` under the channel's lock, after the quantities). It takes
due price rows in batches, computes what each listing should show (`listed_prices`), leaves
out listings whose fingerprint is unchanged, sends the rest through the connector
(`PriceTarget.set_prices`) and records the new fingerprint of each written listing. NotFound
marks the listing removed with the reason (its pending rows go); Rejected is a failed item (the
listing stays linked: its quantities still flow, and a new price is tried again); a whole call
failing makes the rows wait (AuthFailed disconnects the channel). A row is deleted only if its
version is still the one read.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import timedelta
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.db.models import Q

from stockbridge.channels.errors import AuthFailed, ChannelError, NotFound, Rejected
from stockbridge.channels.models import Channel, ChannelStatus, Listing, ListingStatus
from stockbridge.channels.port import ItemResult, Operation, Outcome
from stockbridge.channels.stock_settings import SyncListingsSettings
from stockbridge.platform import clock, wakeups

from . import listed_prices as lp
from . import listed_quantities as lq
from . import pushes, runs
from .models import PendingPush

if TYPE_CHECKING:
    from .pushes import _Drain

PRICE = "price"
TOPIC = "prices"
BATCH = 250
CHUNK = 500
RETRYABLE = frozenset({"RateLimited", "Unavailable", "Conflict"})


# -- fan-out ---------------------------------------------------------------------------------


def variants_repriced(variant_ids: frozenset[int]) -> None:
    """The catalog changed these variants' prices: mark their listings pending on every
    channel that pushes prices (in the catalog's transaction), nudge those drains."""
    ids = sorted(variant_ids)
    found: list[tuple[int, int]] = []
    for start in range(0, len(ids), CHUNK):
        found += Listing.objects.filter(
            variant_id__in=ids[start : start + CHUNK], status=ListingStatus.LINKED
        ).values_list("id", "channel_id")
    if not found:
        return
    pushing = {c for c in {c for _, c in found} if _pushes_prices(c)}
    pairs = [(listing_id, c) for listing_id, c in found if c in pushing]
    pushes.mark_pending(pairs, aspect=PRICE)
    for channel_id in sorted(pushing):
        pushes.nudge(channel_id)


def _pushes_prices(channel_id: int) -> bool:
    enabled, settings = lq.sync_settings(channel_id)
    return enabled and lp.pushes_prices(settings)


def install() -> None:
    """Listen to the catalog's price changes (app start-up)."""
    wakeups.listen_changes(TOPIC, variants_repriced)


def uninstall() -> None:
    wakeups.forget_changes(TOPIC, variants_repriced)


# -- the drain -------------------------------------------------------------------------------


@dataclass
class _Price:
    row: PendingPush
    listing: Listing
    want: lp.Wanted
    ref: str
    result: ItemResult | None = None


def drain(state: _Drain, *, enabled: bool, settings: SyncListingsSettings) -> bool:
    """Push the channel's due price rows; False when the channel stopped the drain."""
    while True:
        rows = list(
            PendingPush.objects.filter(channel_id=state.channel.pk, aspect=PRICE)
            .filter(Q(not_before__isnull=True) | Q(not_before__lte=clock.now()))
            .order_by("id")[:BATCH]
        )
        if not rows:
            return True
        if not (enabled and lp.pushes_prices(settings)):
            PendingPush.objects.filter(pk__in=[r.pk for r in rows]).delete()
            continue
        if not _push_batch(state, rows, settings):
            return False


def item_ref(listing: Listing) -> str:
    """How a listing's prices are named in the run log."""
    return f"{listing.variant.sku} prices"


def _plan(
    state: _Drain, rows: list[PendingPush], settings: SyncListingsSettings
) -> tuple[list[_Price], list[PendingPush]]:
    listings = {
        listing.pk: listing
        for listing in Listing.objects.filter(pk__in=[r.listing_id for r in rows]).select_related(
            "variant"
        )
    }
    planned: list[_Price] = []
    finished: list[PendingPush] = []
    for row in rows:
        listing = listings.get(row.listing_id)
        if listing is None or listing.status != ListingStatus.LINKED:
            finished.append(row)
            continue
        want = lp.wanted(listing.variant, settings)
        item = _Price(row, listing, want, f"{listing.pk}|price|v{row.version}")
        currency = state.channel.currency
        if currency and want.currency != currency:
            item.result = ItemResult(
                ref=item.ref,
                outcome=Outcome.FAILED,
                error_kind=Rejected.__name__,
                message=f"the variant is priced in {want.currency}, the store sells in "
                f"{currency}: its prices are not pushed",
            )
        elif want.fingerprint == listing.price_fingerprint:
            item.result = ItemResult(ref=item.ref, outcome=Outcome.UNCHANGED)
        planned.append(item)
    return planned, finished


def _push_batch(state: _Drain, rows: list[PendingPush], settings: SyncListingsSettings) -> bool:
    planned, finished = _plan(state, rows, settings)
    to_send = {p.ref: p for p in planned if p.result is None}
    stopped: ChannelError | None = None
    failing = any(p.result and p.result.outcome == Outcome.FAILED for p in planned)
    if (to_send or failing) and state.run is None:
        state.run = runs.open_run(
            channel_id=state.channel.pk,
            operation=Operation.SYNC_LISTINGS.value,
            trigger=state.trigger,
        )
    if to_send:
        writes = [p.want.write(ref=p.ref, listing=p.listing) for p in to_send.values()]
        try:
            for result in state.connector.set_prices(writes):
                item = to_send.get(result.ref)
                if item is not None:
                    item.result = result
        except ChannelError as exc:
            stopped = exc
    now = clock.now()
    done: dict[int, PendingPush] = {r.pk: r for r in finished}
    waiting: dict[int, tuple[PendingPush, str]] = {}
    removed: dict[int, str] = {}
    written: list[_Price] = []
    for p in planned:
        if p.result is None:  # the call carrying it failed as a whole, or said nothing of it
            message = stopped.message if stopped else "the channel answered nothing for it"
            p.result = ItemResult(
                ref=p.ref,
                outcome=Outcome.FAILED,
                error_kind=stopped.kind if stopped else "Unavailable",
                message=message,
                response_excerpt=stopped.excerpt if stopped else "",
            )
            waiting[p.row.pk] = (p.row, message)
        elif p.result.outcome == Outcome.UPDATED:
            written.append(p)
            state.result.pushed += 1
        elif p.result.outcome == Outcome.UNCHANGED:
            state.result.unchanged += 1
        elif p.result.error_kind == NotFound.__name__:
            removed[p.listing.pk] = p.result.message
        elif p.result.error_kind in RETRYABLE:
            waiting[p.row.pk] = (p.row, p.result.message)
        else:
            state.result.failed += 1
        if p.row.pk not in waiting:
            done.setdefault(p.row.pk, p.row)
    with transaction.atomic():
        _record(state, planned)
        for p in written:
            p.listing.price_fingerprint = p.want.fingerprint
            p.listing.updated_at = now
        Listing.objects.bulk_update(
            [p.listing for p in written], ["price_fingerprint", "updated_at"], batch_size=500
        )
        for listing_id, reason in removed.items():
            Listing.objects.filter(pk=listing_id).update(
                status=ListingStatus.REMOVED,
                status_reason=f"removed from the channel: {reason}"[:500],
                updated_at=now,
            )
            PendingPush.objects.filter(listing_id=listing_id).delete()
            state.result.removed += 1
        by_version: dict[int, list[int]] = defaultdict(list)
        for row in done.values():
            by_version[row.version].append(row.pk)
        for version, ids in by_version.items():
            PendingPush.objects.filter(pk__in=ids, version=version).delete()
        for row, reason in waiting.values():
            delay = min(pushes.BACKOFF_BASE * 2**row.attempts, pushes.BACKOFF_MAX)
            PendingPush.objects.filter(pk=row.pk).update(
                not_before=now + timedelta(seconds=delay),
                attempts=row.attempts + 1,
                last_error=reason[:1000],
            )
            state.result.waiting += 1
    if stopped is None:
        return True
    state.result.stopped = stopped.message
    if isinstance(stopped, AuthFailed):
        Channel.objects.filter(pk=state.channel.pk).update(
            status=ChannelStatus.DISCONNECTED, status_reason=stopped.message[:500]
        )
    return False


def _record(state: _Drain, planned: Iterable[_Price]) -> None:
    if state.run is None:
        return
    results: list[ItemResult] = []
    changes: dict[str, dict[str, Any]] = {}
    payloads: dict[str, dict[str, Any]] = {}
    for p in planned:
        result = p.result
        assert result is not None
        if result.outcome == Outcome.UNCHANGED and not state.record_unchanged:
            continue
        ref = item_ref(p.listing)
        results.append(
            ItemResult(
                ref=ref,
                outcome=result.outcome,
                message=result.message,
                error_kind=result.error_kind,
                request_excerpt=result.request_excerpt,
                response_excerpt=result.response_excerpt,
            )
        )
        if result.outcome != Outcome.UNCHANGED:
            changes[ref] = lp.changes(p.listing.price_fingerprint, p.want)
        payloads[ref] = {"listing_id": p.listing.pk, "aspect": PRICE}
    runs.record(state.run, results, changes=changes, payloads=payloads)
