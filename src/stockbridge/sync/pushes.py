"""Quantities out to the channels: the fan-out from the stock outbox and the drain per channel.

**Fan-out.** The consumer `channels` of the stock outbox (`sync.outbox`) takes changed
variant x location pairs and, in the outbox drain's transaction, upserts one
`PendingPush(aspect="quantity")` per linked listing of every channel whose location mapping
includes the changed location and that syncs quantities (the version goes up when the row is
there already); after that commit it nudges the drain of each channel touched.

**Drain.** Serialised per channel (`channel_lock`). It takes the channel's due rows (oldest
first, a batch of `capabilities.stock_batch_size`), computes each listing's quantity per
remote location from the hub as it is now (`listed_quantities`), leaves out writes equal to
the value the channel last confirmed, and sends the rest with the channel's compare-and-set
(`last_seen` = the last confirmed value). Results:

- written: `ListingLevel` pushed/pushed_at/pushed_by_run and confirmed/confirmed_at;
- `Conflict` (the channel's figure moved): that level is re-read, recorded as confirmed and,
  when it still differs, written again from the figure read (a few rounds);
- `NotFound` (the variant is gone from the channel): the listing becomes `removed` with the
  reason, its pending rows go;
- `Rejected`: the listing is marked `error` with the channel's words;
- `AuthFailed` for the whole call: the channel is disconnected with the reason, the drain
  stops; any other error of the whole call (throttled too long, unavailable): the rows wait
  (`not_before`, backing off with `attempts`) and the sweep nudges them again.

A row is deleted only if its version is still the one the drain read, so a change made while
its push was in flight is pushed again. Each drain that sends something records one Run
(operation `sync_listings`, trigger `change`) with one RunItem per level written or failed.

Refs sent to the connector carry the row's version, so the connector's idempotency key (a
digest of the call's content) changes with every new hub figure and stays the same when the
same rows are sent again after an answer was lost.
"""

from __future__ import annotations

import threading
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from django.db import connection, transaction
from django.db.models import Q
from huey.contrib.djhuey import db_task

from stockbridge.channels.access import connector_for
from stockbridge.channels.errors import AuthFailed, ChannelError, Conflict, NotFound
from stockbridge.channels.models import (
    Channel,
    ChannelStatus,
    Listing,
    ListingLevel,
    ListingStatus,
    LocationMapping,
)
from stockbridge.channels.port import Connector, ItemResult, LevelWrite, Operation, Outcome
from stockbridge.inventory.outbox import StockChange
from stockbridge.platform import clock

from . import listed_quantities as lq
from . import outbox, runs
from .models import PendingPush, Run, RunTrigger
from .nudge import after_commit
from .throttle import StoreThrottle

CONSUMER = "channels"
QUANTITY = "quantity"
CONFLICT_ROUNDS = 3
BACKOFF_BASE = 5.0  # seconds; doubled per attempt
BACKOFF_MAX = 900.0
LOCK_NAMESPACE = 0x53424331  # pg_advisory_lock(namespace, channel id): "SBC1"


# -- fan-out ---------------------------------------------------------------------------------


def take(rows: Sequence[StockChange]) -> None:
    """The stock outbox consumer: mark the listings of the changed pairs pending on every
    channel mapping the changed location, then nudge those channels' drains."""
    locations = {row.location_id for row in rows}
    mapped: dict[int, set[int]] = defaultdict(set)  # location -> channels
    for channel_id, location_id in LocationMapping.objects.filter(
        location_id__in=locations
    ).values_list("channel_id", "location_id"):
        mapped[location_id].add(channel_id)
    if not mapped:
        return
    pushing = {c for c in set().union(*mapped.values()) if _pushes_quantity(c)}
    wanted: dict[int, set[int]] = defaultdict(set)  # channel -> variants
    for row in rows:
        for channel_id in mapped.get(row.location_id, ()):
            if channel_id in pushing:
                wanted[channel_id].add(row.variant_id)
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


def _pushes_quantity(channel_id: int) -> bool:
    enabled, settings = lq.sync_settings(channel_id)
    return enabled and settings.quantity


def mark_pending(
    listings: Iterable[tuple[int, int]], *, chunk: int = 500, aspect: str = QUANTITY
) -> int:
    """Upsert a pending push of `aspect` for each (listing id, channel id): a new row, or the
    version of the row already there goes up (one statement: a drain reading it meanwhile
    either sees the new version or the row it has not pushed yet)."""
    pairs = list(listings)
    now = connection.ops.adapt_datetimefield_value(clock.now())
    table = PendingPush._meta.db_table
    sql_head = (
        f"INSERT INTO {table} (channel_id, listing_id, aspect, version, created_at, updated_at, "  # noqa: S608
        "attempts, last_error) VALUES "
    )
    sql_tail = (
        f" ON CONFLICT (listing_id, aspect) DO UPDATE SET version = {table}.version + 1, "
        "updated_at = excluded.updated_at"
    )
    with transaction.atomic(), connection.cursor() as cursor:
        for start in range(0, len(pairs), chunk):
            part = pairs[start : start + chunk]
            values = ", ".join(["(%s, %s, %s, 1, %s, %s, 0, '')"] * len(part))
            params: list[Any] = []
            for listing_id, channel_id in part:
                params += [channel_id, listing_id, aspect, now, now]
            cursor.execute(sql_head + values + sql_tail, params)
    return len(pairs)


def install() -> None:
    """Register the fan-out as a consumer of the stock outbox (app start-up)."""
    outbox.register_consumer(CONSUMER, outbox="stock", take=take)


# -- the drain job ---------------------------------------------------------------------------


@db_task(name="drain_channel_pushes")
def drain_channel_pushes(channel_id: int) -> dict[str, Any]:
    result = drain(channel_id=channel_id)
    return {"channel": channel_id, **result.as_dict()}


def nudge(channel_id: int) -> None:
    """Have the channel's drain run once the current transaction commits."""
    after_commit(drain_channel_pushes, channel_id)


def due(channel_id: int | None = None) -> dict[int, int]:
    """Pending pushes whose time has come, counted per channel."""
    rows = PendingPush.objects.filter(
        Q(not_before__isnull=True) | Q(not_before__lte=clock.now()),
        channel__status=ChannelStatus.CONNECTED,
    )
    if channel_id is not None:
        rows = rows.filter(channel_id=channel_id)
    counted: dict[int, int] = defaultdict(int)
    for cid in rows.values_list("channel_id", flat=True):
        counted[cid] += 1
    return dict(counted)


_local_locks: dict[int, threading.Lock] = defaultdict(threading.Lock)


@contextmanager
def channel_lock(channel_id: int) -> Iterator[None]:
    """One drain per channel at a time, across processes: a PostgreSQL session advisory lock
    (released with the connection if the worker dies). SQLite serialises its writers and
    serves one machine; there a lock per process suffices."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_lock(%s, %s)", [LOCK_NAMESPACE, channel_id])
        try:
            yield
        finally:
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_unlock(%s, %s)", [LOCK_NAMESPACE, channel_id])
        return
    with _local_locks[channel_id]:
        yield


@dataclass
class DrainResult:
    pushed: int = 0
    unchanged: int = 0
    failed: int = 0
    removed: int = 0
    waiting: int = 0
    run_id: int | None = None
    stopped: str = ""

    def as_dict(self) -> dict[str, Any]:
        return {
            "pushed": self.pushed,
            "unchanged": self.unchanged,
            "failed": self.failed,
            "removed": self.removed,
            "waiting": self.waiting,
            "run_id": self.run_id,
            "stopped": self.stopped,
        }


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


@dataclass
class _Drain:
    channel: Channel
    connector: Connector
    batch_size: int
    run: Run | None
    trigger: str
    record_unchanged: bool
    result: DrainResult = field(default_factory=DrainResult)


def drain(
    *,
    channel_id: int,
    run: Run | None = None,
    trigger: str = RunTrigger.CHANGE,
    record_unchanged: bool = False,
) -> DrainResult:
    """Push the channel's due quantity rows, then its due price rows (`price_pushes`), until
    none is left (or the channel stops us)."""
    with channel_lock(channel_id):
        channel = Channel.objects.filter(pk=channel_id).first()
        if channel is None or channel.status != ChannelStatus.CONNECTED:
            return DrainResult(stopped="channel not connected")
        connector = connector_for(channel, throttle=StoreThrottle(channel.pk))
        state = _Drain(
            channel=channel,
            connector=connector,
            batch_size=connector.capabilities.stock_batch_size,
            run=run,
            trigger=trigger,
            record_unchanged=record_unchanged,
        )
        enabled, settings = lq.sync_settings(channel.pk)
        targets = lq.remote_targets(channel, settings)
        rule = lq.rule_of(channel)
        # every row handled is deleted or made to wait, unless a new change came meanwhile
        while True:
            rows = list(
                PendingPush.objects.filter(channel_id=channel.pk, aspect=QUANTITY)
                .filter(Q(not_before__isnull=True) | Q(not_before__lte=clock.now()))
                .order_by("id")[: state.batch_size]
            )
            if not rows:
                break
            if not (enabled and settings.quantity):
                PendingPush.objects.filter(pk__in=[r.pk for r in rows]).delete()
                continue
            if not _push_batch(state, rows, targets, rule):
                break
        if not state.result.stopped:
            from . import price_pushes  # it builds on this module

            price_pushes.drain(state, enabled=enabled, settings=settings)
        if state.run is not None and run is None:
            runs.close_run(state.run, message=state.result.stopped)
        state.result.run_id = state.run.pk if state.run is not None else None
        return state.result


def _plan(
    state: _Drain,
    rows: list[PendingPush],
    targets: list[lq.RemoteTarget],
    rule: Any,
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
                ref=f"{listing.pk}|{target.remote_id}|v{row.version}",
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
    state: _Drain, rows: list[PendingPush], targets: list[lq.RemoteTarget], rule: Any
) -> bool:
    """Push one batch of rows; False when the drain must stop."""
    writes, finished = _plan(state, rows, targets, rule)
    to_send = [w for w in writes if w.result is None]
    stopped: ChannelError | None = None
    if to_send:
        if state.run is None:
            state.run = runs.open_run(
                channel_id=state.channel.pk,
                operation=Operation.SYNC_LISTINGS.value,
                trigger=state.trigger,
            )
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
        for listing_id, reason in removed.items():
            Listing.objects.filter(pk=listing_id).update(
                status=ListingStatus.REMOVED,
                status_reason=f"removed from the channel: {reason}"[:500],
                updated_at=now,
            )
            PendingPush.objects.filter(listing_id=listing_id).delete()
            state.result.removed += 1
        for listing_id, reason in errored.items():
            Listing.objects.filter(pk=listing_id).update(
                status=ListingStatus.ERROR,
                status_reason=f"the channel refused its quantity: {reason}"[:500],
                updated_at=now,
            )
        by_version: dict[int, list[int]] = defaultdict(list)
        for row in done_rows.values():
            by_version[row.version].append(row.pk)
        for version, ids in by_version.items():  # only rows nobody changed meanwhile
            PendingPush.objects.filter(pk__in=ids, version=version).delete()
        for row, reason in waiting.values():
            delay = min(BACKOFF_BASE * 2**row.attempts, BACKOFF_MAX)
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


def _send(state: _Drain, to_send: list[_Write]) -> ChannelError | None:
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


def item_ref(listing: Listing, target: lq.RemoteTarget) -> str:
    """How a level is named in the run log: its SKU at the remote location."""
    where = target.remote_name or target.remote_id
    return f"{listing.variant.sku} @ {where}"


def _record(state: _Drain, writes: list[_Write]) -> None:
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
        results.append(
            ItemResult(
                ref=ref,
                outcome=w.result.outcome,
                message=w.result.message,
                error_kind=w.result.error_kind,
                request_excerpt=w.result.request_excerpt,
                response_excerpt=w.result.response_excerpt,
            )
        )
        if w.result.outcome != Outcome.UNCHANGED:
            changes[ref] = {QUANTITY: [w.old, w.quantity]}
        payloads[ref] = {"listing_id": w.listing.pk, "remote_location_id": w.target.remote_id}
    runs.record(state.run, results, changes=changes, payloads=payloads)
