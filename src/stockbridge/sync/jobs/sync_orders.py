"""Sync orders, "Run now": the order events not taken yet are taken, and every pending push of
the channel (fulfilments with tracking, tracking updates, refunds, cancellations, closes) is
sent now, waiting or not, within one Run (one item per push: sent, or failed with the
channel's reason). A retry of a run puts the pushes that failed in it back to pending first.

A dry run (preview) sends nothing and writes nothing but its own log: one item per pending
push, `changes` = {"send": [null, "<kind> <hub id>"]}."""

from __future__ import annotations

from stockbridge.channels.models import Channel
from stockbridge.channels.port import ItemResult, Outcome
from stockbridge.platform import clock
from stockbridge.platform.errors import FieldError

from .. import outbox, runs
from ..models import OrderPush, OrderPushState, Run
from ..operations import OperationRequest
from ..order_pushes import intake, sending


def run(request: OperationRequest) -> Run:
    channel = Channel.objects.filter(pk=request.channel_id).first()
    if channel is None:
        raise FieldError("channel", f"no channel with id {request.channel_id}", code="not_found")
    enabled, _settings = intake.settings_of(channel.pk)
    sync_run = runs.open_run(
        channel_id=channel.pk,
        operation=request.operation,
        trigger=request.trigger,
        dry_run=request.dry_run,
        retry_of=request.retry_of,
    )
    if not enabled:
        return runs.close_run(sync_run, message="sync orders is disabled for this channel")
    outbox.drain(intake.CONSUMER)  # events not taken yet (a lost nudge) become pushes
    only: set[int] | None = None
    if request.retry_of is not None:
        only = {
            int(item.payload["push_id"])
            for item in runs.failed_items(request.retry_of)
            if isinstance(item.payload.get("push_id"), int)
        }
        if not request.dry_run:
            OrderPush.objects.filter(
                pk__in=only, channel=channel, state=OrderPushState.FAILED
            ).update(state=OrderPushState.PENDING, not_before=None, updated_at=clock.now())
    pending = OrderPush.objects.filter(channel=channel, state=OrderPushState.PENDING)
    if only is not None:
        pending = pending.filter(pk__in=only)
    runs.set_total(sync_run, pending.count())
    if request.dry_run:
        items = [
            ItemResult(ref=f"{p.kind}:{p.source_id}", outcome=Outcome.UNCHANGED)
            for p in pending.order_by("id")
        ]
        runs.record(
            sync_run,
            items,
            changes={i.ref: {"send": [None, i.ref.replace(":", " ")]} for i in items},
        )
        return runs.close_run(sync_run)
    counts = sending.drain(channel.pk, run=sync_run, now_too=True, only=only)
    if "skipped" in counts:
        return runs.close_run(sync_run, message=str(counts["skipped"]))
    return runs.close_run(sync_run)
