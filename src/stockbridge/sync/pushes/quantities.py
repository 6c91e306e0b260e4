"""The quantity part of a channel's drain.

It takes the channel's due rows (oldest first, a batch of `capabilities.stock_batch_size`),
computes each listing's quantity per remote location from the hub as it is now
(`listed_quantities`; a bundle's from its components), leaves out writes equal to the value
the channel last confirmed, and sends the rest with the channel's compare-and-set
(`last_seen` = the last confirmed value). Results:

- written: `ListingLevel` pushed/pushed_at/pushed_by_run and confirmed/confirmed_at;
- `Conflict` (the channel's figure moved): that level is re-read, recorded as confirmed and,
  when it still differs, written again from the figure read (a few rounds);
- `NotFound` (the variant is gone from the channel): the listing becomes `removed` with the
  reason, its pending rows go;
- `Rejected`: the listing is marked `error` with the channel's words;
- an error of the whole call: see `settle`.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, replace
from typing import Any

from django.db import transaction

from stockbridge.channels.errors import ChannelError, Conflict, NotFound
from stockbridge.channels.models import Listing, ListingLevel, ListingStatus
from stockbridge.channels.port import ItemResult, LevelWrite, Outcome
from stockbridge.channels.stock_settings import SyncListingsSettings
from stockbridge.inventory.channel_rules import QuantityRule
from stockbridge.platform import clock

from .. import listed_quantities as lq
from .. import runs
from ..models import PendingPush
from .pending import QUANTITY, due_rows
from .settle import settle_rows, went_on
from .state import DrainState

CONFLICT_ROUNDS = 3


@dataclass
class _Write:
    """One level the drain means to write, with what the run log says about it."""

    row: PendingPush
    listing: Listing
    target: lq.RemoteTarget
    quantity: int
    old: int | None
    level: ListingLevel | None
    write: LevelWrite
    result: ItemResult | None = None


def drain(state: DrainState, *, enabled: bool, settings: SyncListingsSettings) -> bool:
    """Push the channel's due quantity rows; False when the channel stopped the drain."""
    targets = lq.remote_targets(state.channel, settings)
    rule = lq.rule_of(state.channel)
    while True:  # every row handled is deleted or made to wait, unless a new change came
        rows = due_rows(state.channel.pk, QUANTITY, state.batch_size)
        if not rows:
            return True
        if not (enabled and settings.quantity):
            PendingPush.objects.filter(pk__in=[r.pk for r in rows]).delete()
            continue
        if not _push_batch(state, rows, targets, rule):
            return False


def item_ref(listing: Listing, target: lq.RemoteTarget) -> str:
    """How a level is named in the run log: its SKU at the remote location."""
    where = target.remote_name or target.remote_id
    return f"{listing.variant.sku} @ {where}"


def _plan(
    rows: list[PendingPush], targets: list[lq.RemoteTarget], rule: QuantityRule
) -> tuple[list[_Write], list[PendingPush]]:
    """The writes the rows need; rows of listings no longer linked are done at once."""
    listings = {
        listing.pk: listing
        for listing in Listing.objects.filter(pk__in=[r.listing_id for r in rows]).select_related(
            "variant"
        )
    }
    stock = lq.availability(
        [listing.variant_id for listing in listings.values()],
        {loc for t in targets for loc in t.location_ids},
    )
    levels = {
        (level.listing_id, level.remote_location_id): level
        for level in ListingLevel.objects.filter(listing_id__in=list(listings))
    }
    writes: list[_Write] = []
    finished: list[PendingPush] = []
    for row in rows:
        listing = listings.get(row.listing_id)
        if listing is None or listing.status != ListingStatus.LINKED or not targets:
            finished.append(row)  # nothing to write (no longer listed, or mapped nowhere)
            continue
        for target in targets:
            _, quantity = lq.listed(stock.get(listing.variant_id, {}), target, rule)
            level = levels.get((listing.pk, target.remote_id))
            old = level.confirmed if level is not None else None
            write = LevelWrite(
                # the pending row's id and version: a new change is a new write (and a new
                # idempotency key) even when it repeats an earlier one's figures
                ref=f"{listing.pk}|{target.remote_id}|p{row.pk}v{row.version}",
                inventory_item_id=listing.remote_inventory_item_id,
                location_remote_id=target.remote_id,
                quantity=quantity,
                last_seen=old,
            )
            planned = _Write(row, listing, target, quantity, old, level, write)
            if old == quantity:
                planned.result = ItemResult(ref=write.ref, outcome=Outcome.UNCHANGED)
            writes.append(planned)
    return writes, finished


def _push_batch(
    state: DrainState,
    rows: list[PendingPush],
    targets: list[lq.RemoteTarget],
    rule: QuantityRule,
) -> bool:
    """Push one batch of rows; False when the drain must stop."""
    writes, finished = _plan(rows, targets, rule)
    to_send = [w for w in writes if w.result is None]
    stopped: ChannelError | None = None
    if to_send:
        state.open_run()
        stopped = _send(state, to_send)
    now = clock.now()
    done_rows: dict[int, PendingPush] = {r.pk: r for r in finished}
    waiting: dict[int, tuple[PendingPush, str]] = {}
    removed: dict[int, str] = {}
    errored: dict[int, str] = {}
    written: list[_Write] = []
    for w in writes:
        result = w.result
        if result is None:  # the call carrying it failed as a whole: the row waits
            assert stopped is not None
            w.result = ItemResult(
                ref=w.write.ref,
                outcome=Outcome.FAILED,
                error_kind=stopped.kind,
                message=stopped.message,
                response_excerpt=stopped.excerpt,
            )
            waiting[w.row.pk] = (w.row, stopped.message)
        elif result.outcome in (Outcome.UPDATED, Outcome.UNCHANGED):
            if result.outcome == Outcome.UPDATED:
                written.append(w)
                state.result.pushed += 1
            else:
                state.result.unchanged += 1
        elif result.error_kind == NotFound.__name__:
            removed[w.listing.pk] = result.message
        elif result.error_kind in (Conflict.__name__, "RateLimited", "Unavailable"):
            waiting[w.row.pk] = (w.row, result.message)
        else:
            errored[w.listing.pk] = result.message
    for w in writes:
        if w.row.pk not in waiting:
            done_rows.setdefault(w.row.pk, w.row)
    with transaction.atomic():  # one commit per batch: its log, its levels, its rows
        _record(state, writes)
        _confirm(written, now, run_id=state.run.pk if state.run else None)
        for listing_id, reason in errored.items():
            Listing.objects.filter(pk=listing_id).update(
                status=ListingStatus.ERROR,
                status_reason=f"the channel refused its quantity: {reason}"[:500],
                updated_at=now,
            )
        settle_rows(state, now, done=done_rows.values(), waiting=waiting.values(), removed=removed)
    return went_on(state, stopped)


def _send(state: DrainState, to_send: list[_Write]) -> ChannelError | None:
    """Write the levels, re-reading and retrying the ones whose compare-and-set lost; the
    error that stopped a whole call, if one did."""
    pending = {w.write.ref: w for w in to_send}
    for round_ in range(CONFLICT_ROUNDS + 1):
        if not pending:
            return None
        conflicts: list[_Write] = []
        try:
            for result in state.connector.set_levels([w.write for w in pending.values()]):
                planned = pending.pop(result.ref, None)
                if planned is None:
                    continue
                planned.result = result
                if result.error_kind == Conflict.__name__ and round_ < CONFLICT_ROUNDS:
                    conflicts.append(planned)
        except ChannelError as exc:
            return exc
        if not conflicts:
            return None
        try:
            found = state.connector.read_levels_of(
                [(w.write.inventory_item_id, w.write.location_remote_id) for w in conflicts]
            )
        except ChannelError as exc:
            return exc
        now_held = {(r.inventory_item_id, r.location_remote_id): r.available for r in found}
        now = clock.now()
        for w in conflicts:
            held = now_held.get((w.write.inventory_item_id, w.write.location_remote_id))
            if held is None:
                w.result = ItemResult(
                    ref=w.write.ref,
                    outcome=Outcome.FAILED,
                    error_kind=NotFound.__name__,
                    message="the variant does not exist in the store any more",
                )
                continue
            ListingLevel.objects.update_or_create(
                listing=w.listing,
                remote_location_id=w.target.remote_id,
                defaults={"confirmed": held, "confirmed_at": now},
            )
            w.old = held
            if held == w.quantity:
                w.result = ItemResult(ref=w.write.ref, outcome=Outcome.UNCHANGED)
                continue
            w.write = LevelWrite(
                ref=w.write.ref,
                inventory_item_id=w.write.inventory_item_id,
                location_remote_id=w.write.location_remote_id,
                quantity=w.quantity,
                last_seen=held,
            )
            w.result = None
            pending[w.write.ref] = w
    return None


def _confirm(written: list[_Write], now: Any, *, run_id: int | None) -> None:
    """Record the levels the channel took: pushed (when, by which run) and confirmed."""
    if not written:
        return
    existing = {
        (level.listing_id, level.remote_location_id): level
        for level in ListingLevel.objects.filter(listing_id__in={w.listing.pk for w in written})
    }
    by_quantity: dict[int, list[int]] = defaultdict(list)  # one UPDATE per figure written
    created = []
    for w in written:
        level = existing.get((w.listing.pk, w.target.remote_id))
        if level is None:
            created.append(
                ListingLevel(
                    listing=w.listing,
                    remote_location_id=w.target.remote_id,
                    pushed=w.quantity,
                    pushed_at=now,
                    pushed_by_run=run_id,
                    confirmed=w.quantity,
                    confirmed_at=now,
                )
            )
        else:
            by_quantity[w.quantity].append(level.pk)
    for quantity, ids in by_quantity.items():
        ListingLevel.objects.filter(pk__in=ids).update(
            pushed=quantity,
            pushed_at=now,
            pushed_by_run=run_id,
            confirmed=quantity,
            confirmed_at=now,
        )
    ListingLevel.objects.bulk_create(created, batch_size=500)


def _record(state: DrainState, writes: list[_Write]) -> None:
    if state.run is None:
        return
    shown = [
        w
        for w in writes
        if w.result is not None
        and (state.record_unchanged or w.result.outcome != Outcome.UNCHANGED)
    ]
    if not shown:
        return
    results = []
    changes: dict[str, dict[str, Any]] = {}
    payloads: dict[str, dict[str, Any]] = {}
    for w in shown:
        assert w.result is not None
        ref = item_ref(w.listing, w.target)
        results.append(replace(w.result, ref=ref))  # named as the run log names it
        if w.result.outcome != Outcome.UNCHANGED:
            changes[ref] = {QUANTITY: [w.old, w.quantity]}
        payloads[ref] = {"listing_id": w.listing.pk, "remote_location_id": w.target.remote_id}
    runs.record(state.run, results, changes=changes, payloads=payloads)
