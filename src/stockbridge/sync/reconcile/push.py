"""Pushing the corrections (compare-and-set, in the channel's batch size) and recording each
drifted level as a run item."""

from __future__ import annotations

from dataclasses import replace

from stockbridge.channels.errors import ChannelError
from stockbridge.channels.models import ListingLevel
from stockbridge.channels.port import ItemResult, LevelWrite, Outcome
from stockbridge.platform import clock

from .. import runs
from .state import Pending, State


def push(state: State, *, final: bool) -> None:
    while state.pushes and (final or len(state.pushes) >= state.batch_size):
        batch, state.pushes = (
            state.pushes[: state.batch_size],
            state.pushes[state.batch_size :],
        )
        if state.run.dry_run:
            record_batch(
                state,
                batch,
                {p.drift.ref: ItemResult(ref=p.drift.ref, outcome=Outcome.UPDATED) for p in batch},
            )
            continue
        record_batch(state, batch, send(state, batch))


def send(state: State, batch: list[Pending]) -> dict[str, ItemResult]:
    # a write is named by its run too: a later run correcting the same drift again (7 to 5
    # once more) is a new write with its own idempotency key, not a replay of this one
    tag = f"|run{state.run.pk}"
    writes = [
        LevelWrite(
            ref=p.drift.ref + tag,
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
            ref = result.ref.removesuffix(tag)
            results[ref] = replace(result, ref=ref)
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
            record_batch(state, batch, results)
            raise
    return results


def record_batch(state: State, batch: list[Pending], results: dict[str, ItemResult]) -> None:
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
