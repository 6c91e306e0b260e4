"""The price part of a channel's drain (after the quantities). It takes due price rows in
batches, computes what each listing should show (`listed_prices`), leaves out listings whose
fingerprint is unchanged, sends the rest through the connector (`PriceTarget.set_prices`) and
records the new fingerprint of each written listing. NotFound marks the listing removed with
the reason (its pending rows go); Rejected is a failed item (the listing stays linked: its
quantities still flow, and a new price is tried again); a variant priced in another currency
than the store's is a failed item (nothing converted); an error of the whole call: see
`settle`."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from typing import Any

from django.db import transaction

from stockbridge.channels.errors import ChannelError, NotFound, Rejected
from stockbridge.channels.models import Listing, ListingStatus
from stockbridge.channels.port import ItemResult, Outcome
from stockbridge.channels.stock_settings import SyncListingsSettings
from stockbridge.platform import clock

from .. import listed_prices as lp
from .. import runs
from ..models import PendingPush
from .pending import PRICE, due_rows
from .settle import settle_rows, went_on
from .state import DrainState

BATCH = 250
RETRYABLE = frozenset({"RateLimited", "Unavailable", "Conflict"})


@dataclass
class _Price:
    row: PendingPush
    listing: Listing
    want: lp.Wanted
    ref: str
    result: ItemResult | None = None


def drain(state: DrainState, *, enabled: bool, settings: SyncListingsSettings) -> bool:
    """Push the channel's due price rows; False when the channel stopped the drain."""
    while True:
        rows = due_rows(state.channel.pk, PRICE, BATCH)
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
    state: DrainState, rows: list[PendingPush], settings: SyncListingsSettings
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


def _push_batch(state: DrainState, rows: list[PendingPush], settings: SyncListingsSettings) -> bool:
    planned, finished = _plan(state, rows, settings)
    to_send = {p.ref: p for p in planned if p.result is None}
    stopped: ChannelError | None = None
    if to_send or any(p.result and p.result.outcome == Outcome.FAILED for p in planned):
        state.open_run()
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
        settle_rows(state, now, done=done.values(), waiting=waiting.values(), removed=removed)
    return went_on(state, stopped)


def _record(state: DrainState, planned: Iterable[_Price]) -> None:
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
        results.append(replace(result, ref=ref))  # named as the run log names it
        if result.outcome != Outcome.UNCHANGED:
            changes[ref] = lp.changes(p.listing.price_fingerprint, p.want)
        payloads[ref] = {"listing_id": p.listing.pk, "aspect": PRICE}
    runs.record(state.run, results, changes=changes, payloads=payloads)
