"""Reconciliation of one channel: read every level the channel holds (one bulk read, streamed),
compare each level of a linked listing at a mapped remote location with what the hub wants
listed there (`level_drift`), and push only the corrections.

- Corrections go straight to the connector's `set_levels`, in batches of the channel's
  `stock_batch_size`, each carrying the figure just read as `last_seen` (compare-and-set: a
  level that moved since the read is not overwritten; the run says so).
- `ListingLevel` keeps the chain `explain` reads: a correction sets pushed / pushed_at /
  pushed_by_run and confirmed; a level read in the channel updates confirmed where the hub
  held another figure (never over a newer confirmation written while the read ran).
- A linked listing whose item the channel no longer has at all becomes `removed`, with why.
- Remote items the hub does not list are ignored (counted); so are levels at remote
  locations no location of ours feeds.
- Each drifted level is one run item: ref "SKU @ remote location", changes
  {"quantity": [remote, wanted]}, the message saying why. A dry run writes its log only.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import datetime

from django.db import transaction
from django.db.models import Q

from stockbridge.channels import registry
from stockbridge.channels.access import connector_for
from stockbridge.channels.errors import ChannelError
from stockbridge.channels.models import (
    Channel,
    ChannelStatus,
    Listing,
    ListingLevel,
    ListingStatus,
    LocationMapping,
)
from stockbridge.channels.port import (
    Connector,
    ItemResult,
    LevelWrite,
    Operation,
    Outcome,
    RemoteLevel,
)
from stockbridge.inventory import queries as stock_queries
from stockbridge.inventory.channel_rules import QuantityRule
from stockbridge.inventory.models import BundleComponent, StockLevel
from stockbridge.platform import clock

from . import runs
from .level_drift import (
    Check,
    Drift,
    ListingIndex,
    ListingKeys,
    Source,
    Want,
    drift,
    level_ref,
    missing_levels,
)
from .models import Run, RunItem, RunTrigger
from .operations import Progress

CHUNK = 500  # remote levels compared per database round
OPERATION = Operation.RECONCILE.value


@dataclass(frozen=True, slots=True)
class _Place:
    """One remote location the channel's mapping feeds, and our locations feeding it."""

    remote_id: str
    name: str
    ours: tuple[tuple[int, str], ...]  # (location id, code)


@dataclass
class _Pending:
    """A drifted level waiting for its push."""

    drift: Drift
    listing_id: int
    location: str
    inventory_item_id: str


@dataclass
class _State:
    channel: Channel
    run: Run
    label: str
    places: dict[str, _Place]
    index: ListingIndex
    rule: QuantityRule
    connector: Connector
    batch_size: int
    started: datetime
    counts: Counter[str] = field(default_factory=Counter)
    seen: dict[int, set[str]] = field(default_factory=dict)
    untracked: set[int] = field(default_factory=set)
    chunk: list[tuple[ListingKeys, RemoteLevel]] = field(default_factory=list)
    pushes: list[_Pending] = field(default_factory=list)
    read: int = 0  # levels the channel answered
    done: int = 0  # levels compared


def reconcile(
    *,
    channel_id: int,
    dry_run: bool = False,
    trigger: str = RunTrigger.USER,
    retry_of: int | None = None,
    progress: Progress | None = None,
) -> Run:
    """Reconcile one channel's levels (see the module); answers the closed run."""
    channel = Channel.objects.get(pk=channel_id)
    run = runs.open_run(
        channel_id=channel.pk,
        operation=OPERATION,
        trigger=trigger,
        dry_run=dry_run,
        retry_of=retry_of,
    )
    if channel.status != ChannelStatus.CONNECTED:
        why = f" ({channel.status_reason})" if channel.status_reason else ""
        return runs.close_run(
            run, message=f"the channel is {channel.get_status_display()}{why}", failed=True
        )
    state: _State | None = None
    try:
        state = _start(channel, run, retry_of=retry_of)
        if state is None:
            return runs.close_run(
                run,
                message="no location of ours is mapped to the channel: nothing to compare",
                failed=True,
            )
        for level in state.connector.read_levels():
            _take(state, level)
            if len(state.chunk) >= CHUNK:
                _compare(state)
                if progress is not None:
                    progress(state.done, None)
        _compare(state)
        _push(state, final=True)
        if state.read == 0 and len(state.index):
            _count(run, state.counts)
            return runs.close_run(
                run,
                message=f"{state.label} answered no inventory level at all: listings are left "
                "as they are",
                failed=True,
            )
        _gone(state)
    except ChannelError as exc:
        _count(run, state.counts if state is not None else Counter())
        return runs.close_run(run, message=f"reconciliation stopped: {exc.message}", failed=True)
    except Exception as exc:
        # never leave the run "running": close it as failed, then let the error be seen
        _count(run, state.counts if state is not None else Counter())
        runs.close_run(
            run, message=f"reconciliation stopped by an error ({type(exc).__name__})", failed=True
        )
        raise
    _count(run, state.counts)
    if progress is not None:
        progress(state.done, state.done)
    return runs.close_run(run, message=_summary(state))


def report_lines(run_id: int) -> list[str]:
    """What drifted and why, one line per run item, then the run's totals (for the CLI)."""
    run = Run.objects.get(pk=run_id)
    lines = []
    for item in RunItem.objects.filter(run_id=run_id).order_by("id"):
        change = item.changes.get("quantity")
        moved = f" {change[0]} -> {change[1]}" if isinstance(change, list) else ""
        error = f" [{item.error_kind}]" if item.error_kind else ""
        lines.append(f"{item.ref}:{moved} {item.outcome}{error} - {item.message}")
    preview = " (dry run: nothing was written)" if run.dry_run else ""
    lines.append(f"run {run.pk} {run.status}{preview}: {run.message}")
    return lines


# --- gathering -------------------------------------------------------------------------


def _start(channel: Channel, run: Run, *, retry_of: int | None) -> _State | None:
    """What the comparison needs (None when no location of ours feeds the channel)."""
    places = _places(channel)
    if not places:
        return None
    kind = registry.kind(channel.kind)
    return _State(
        channel=channel,
        run=run,
        label=kind.label,
        places=places,
        index=ListingIndex(_linked(channel, retry_of=retry_of)),
        rule=QuantityRule(
            buffer=channel.buffer,
            percentage=channel.percentage,
            max_listed=channel.max_listed,
            out_of_stock_below=channel.out_of_stock_below,
        ),
        connector=connector_for(channel),
        batch_size=max(kind.capabilities.stock_batch_size, 1),
        started=clock.now(),
    )


def _places(channel: Channel) -> dict[str, _Place]:
    rows = (
        LocationMapping.objects.filter(channel=channel)
        .order_by("remote_location_id", "location_id")
        .values_list("remote_location_id", "remote_name", "location_id", "location__code")
    )
    grouped: dict[str, tuple[str, list[tuple[int, str]]]] = {}
    for remote_id, remote_name, location_id, code in rows:
        name, ours = grouped.setdefault(remote_id, (remote_name, []))
        if not name and remote_name:
            grouped[remote_id] = (remote_name, ours)
        ours.append((location_id, code))
    return {
        remote_id: _Place(remote_id=remote_id, name=name or remote_id, ours=tuple(ours))
        for remote_id, (name, ours) in grouped.items()
    }


def _linked(channel: Channel, *, retry_of: int | None) -> Iterator[ListingKeys]:
    qs = Listing.objects.filter(channel=channel, status=ListingStatus.LINKED)
    if retry_of is not None:
        ids = {
            item.payload.get("listing_id")
            for item in runs.failed_items(retry_of)
            if isinstance(item.payload.get("listing_id"), int)
        }
        qs = qs.filter(pk__in=ids)
    for row in qs.values_list(
        "pk", "variant_id", "variant__sku", "remote_variant_id", "remote_inventory_item_id"
    ).iterator(chunk_size=2000):
        yield ListingKeys(*row)


def _take(state: _State, level: RemoteLevel) -> None:
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


def _available(variant_ids: set[int], location_ids: set[int]) -> dict[tuple[int, int], int]:
    """{(variant, location): available} for the chunk's variants at our mapped locations
    (bundles from their components, as `inventory.queries.available` counts them)."""
    found: dict[tuple[int, int], int] = {}
    for variant_id, location_id, on_hand, committed in StockLevel.objects.filter(
        variant_id__in=variant_ids, location_id__in=location_ids
    ).values_list("variant_id", "location_id", "on_hand", "committed"):
        found[(variant_id, location_id)] = on_hand - committed
    bundles = set(
        BundleComponent.objects.filter(bundle_id__in=variant_ids).values_list(
            "bundle_id", flat=True
        )
    )
    for bundle_id in bundles:
        for location_id in location_ids:
            found[(bundle_id, location_id)] = stock_queries.available(
                variant_id=bundle_id, location_id=location_id
            )
    return found


# --- comparing -------------------------------------------------------------------------


def _compare(state: _State) -> None:
    chunk, state.chunk = state.chunk, []
    if not chunk:
        return
    variant_ids = {keys.variant_id for keys, _ in chunk}
    location_ids = {loc for place in state.places.values() for loc, _ in place.ours}
    available = _available(variant_ids, location_ids)
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
            want=_want(state, keys.variant_id, place, available),
            last_pushed=row.pushed if row is not None else None,
        )
        state.done += 1
        found = drift(check, channel_label=state.label)
        if found is None:
            state.counts["in_sync"] += 1
        else:
            state.counts["drifted"] += 1
            state.pushes.append(
                _Pending(found, keys.listing_id, place.remote_id, level.inventory_item_id)
            )
        if row is None or row.confirmed != level.available:
            confirmed.append((keys.listing_id, place.remote_id, level.available))
    if not state.run.dry_run:
        _confirm(state, confirmed, stored)
    _push(state, final=False)


def _want(
    state: _State, variant_id: int, place: _Place, available: dict[tuple[int, int], int]
) -> Want:
    return Want(
        sources=tuple(
            Source(location_id=loc, code=code, available=available.get((variant_id, loc), 0))
            for loc, code in place.ours
        ),
        rule=state.rule,
    )


def _confirm(
    state: _State,
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


# --- pushing ---------------------------------------------------------------------------


def _push(state: _State, *, final: bool) -> None:
    while state.pushes and (final or len(state.pushes) >= state.batch_size):
        batch, state.pushes = (
            state.pushes[: state.batch_size],
            state.pushes[state.batch_size :],
        )
        if state.run.dry_run:
            _record(
                state,
                batch,
                {p.drift.ref: ItemResult(ref=p.drift.ref, outcome=Outcome.UPDATED) for p in batch},
            )
            continue
        _record(state, batch, _send(state, batch))


def _send(state: _State, batch: list[_Pending]) -> dict[str, ItemResult]:
    writes = [
        LevelWrite(
            ref=p.drift.ref,
            inventory_item_id=p.inventory_item_id,
            location_remote_id=p.location,
            quantity=p.drift.wanted,
            last_seen=p.drift.remote,
        )
        for p in batch
    ]
    results: dict[str, ItemResult] = {}
    try:
        for result in state.connector.set_levels(writes):
            results[result.ref] = result
    except ChannelError as exc:
        for p in batch:
            results.setdefault(
                p.drift.ref,
                ItemResult(
                    ref=p.drift.ref,
                    outcome=Outcome.FAILED,
                    error_kind=exc.kind,
                    message=exc.message,
                    response_excerpt=exc.excerpt,
                ),
            )
        if not exc.retryable:
            _record(state, batch, results)
            raise
    return results


def _record(state: _State, batch: list[_Pending], results: dict[str, ItemResult]) -> None:
    now = clock.now()
    items: list[ItemResult] = []
    pushed: list[ListingLevel] = []
    for p in batch:
        result = results.get(p.drift.ref) or ItemResult(
            ref=p.drift.ref,
            outcome=Outcome.FAILED,
            error_kind="Unavailable",
            message="the channel answered nothing for this level",
        )
        if result.outcome == Outcome.FAILED:
            state.counts["not_corrected"] += 1
            message = f"{p.drift.message}; not corrected: {result.message}"
        else:
            state.counts["corrected"] += 1
            message = p.drift.message
            confirmed = result.confirmed if result.confirmed is not None else p.drift.wanted
            pushed.append(
                ListingLevel(
                    listing_id=p.listing_id,
                    remote_location_id=p.location,
                    pushed=p.drift.wanted,
                    pushed_at=now,
                    pushed_by_run=state.run.pk,
                    confirmed=confirmed,
                    confirmed_at=now,
                )
            )
        items.append(
            ItemResult(
                ref=p.drift.ref,
                outcome=result.outcome,
                message=message,
                error_kind=result.error_kind,
                request_excerpt=result.request_excerpt,
                response_excerpt=result.response_excerpt,
            )
        )
    if pushed and not state.run.dry_run:
        ListingLevel.objects.bulk_create(
            pushed,
            update_conflicts=True,
            unique_fields=["listing", "remote_location_id"],
            update_fields=["pushed", "pushed_at", "pushed_by_run", "confirmed", "confirmed_at"],
        )
    runs.record(
        state.run,
        items,
        changes={p.drift.ref: p.drift.changes for p in batch},
        payloads={
            p.drift.ref: {
                "listing_id": p.listing_id,
                "remote_location_id": p.location,
                "inventory_item_id": p.inventory_item_id,
            }
            for p in batch
        },
    )


# --- what the channel no longer has ----------------------------------------------------


def _gone(state: _State) -> None:
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
    _not_stocked(state)


def _not_stocked(state: _State) -> None:
    tracked = (i for i in state.index.by_id if i not in state.untracked)
    pairs = missing_levels(state.seen, tracked, state.places)
    for start in range(0, len(pairs), CHUNK):
        batch = pairs[start : start + CHUNK]
        keys = {listing_id: state.index.by_id[listing_id] for listing_id, _ in batch}
        location_ids = {loc for place in state.places.values() for loc, _ in place.ours}
        available = _available({k.variant_id for k in keys.values()}, location_ids)
        items: list[ItemResult] = []
        for listing_id, location in batch:
            listing, place = keys[listing_id], state.places[location]
            want = _want(state, listing.variant_id, place, available)
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


# --- totals ----------------------------------------------------------------------------


def _count(run: Run, counts: Counter[str]) -> None:
    """Add the run's own tallies (levels in sync, ignored...) to its per-outcome counts."""
    if not counts:
        return
    with transaction.atomic():
        locked = Run.objects.select_for_update().get(pk=run.pk)
        merged = dict(locked.counts)
        for name, value in counts.items():
            merged[name] = merged.get(name, 0) + value
        Run.objects.filter(pk=run.pk).update(counts=merged)
    run.counts = merged


def _summary(state: _State) -> str:
    c = state.counts
    verb = "would be corrected" if state.run.dry_run else "corrected"
    parts = [
        f"{state.done} levels compared",
        f"{c['in_sync']} in sync",
        f"{c['drifted']} drifted ({c['corrected']} {verb}"
        + (f", {c['not_corrected']} not corrected" if c["not_corrected"] else "")
        + ")",
    ]
    if c["removed"]:
        parts.append(
            f"{c['removed']} listings {'would be ' if state.run.dry_run else ''}removed "
            f"(gone from {state.label})"
        )
    if c["not_stocked"]:
        parts.append(f"{c['not_stocked']} levels not stocked in {state.label}")
    if c["untracked"]:
        parts.append(f"{c['untracked']} levels not tracked in {state.label}")
    parts.append(f"{c['ignored']} levels of items the hub does not list ignored")
    return "; ".join(parts)
