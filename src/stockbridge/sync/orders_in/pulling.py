"""Reading a channel's orders in a run (Get Orders, the legacy pull) and applying each one:
one run item per order (created, updated, unchanged, skipped, failed), an order that fails
never stops the others, and a dry run (preview) says what each order would do without
writing."""

from __future__ import annotations

from collections.abc import Iterable

from stockbridge.channels.access import connector_for
from stockbridge.channels.errors import ChannelError
from stockbridge.channels.models import Channel, ChannelStatus
from stockbridge.channels.port import ItemResult, Outcome
from stockbridge.channels.port_orders import OrderSource, RemoteOrder
from stockbridge.orders.models import Order
from stockbridge.platform.errors import FieldError, StockbridgeError, ValidationErrors

from ..models import Run
from ..operations import Progress
from ..runs import record
from . import admit
from .applying import apply_order
from .context import Context

OUTCOMES = {
    "created": Outcome.CREATED,
    "updated": Outcome.UPDATED,
    "unchanged": Outcome.UNCHANGED,
    "stale": Outcome.UNCHANGED,
    "waiting": Outcome.SKIPPED,
    "skipped": Outcome.SKIPPED,
}


def channel_and_source(channel_id: int) -> tuple[Channel, OrderSource]:
    channel = Channel.objects.filter(pk=channel_id).first()
    if channel is None:
        raise FieldError("channel", f"no channel {channel_id}", code="not_found")
    if channel.status == ChannelStatus.DISCONNECTED:
        raise FieldError("channel", f"is disconnected: {channel.status_reason or 'reconnect it'}")
    source = connector_for(channel)
    if not isinstance(source, OrderSource):
        raise FieldError("channel", f"{channel.kind} channels do not sell orders")
    return channel, source


def _why(exc: StockbridgeError) -> str:
    if isinstance(exc, ValidationErrors):
        return "; ".join(str(e) for e in exc.errors)
    return str(exc)


def _preview(ctx: Context, remote: RemoteOrder, legacy: bool) -> ItemResult:
    ref = remote.name or remote.remote_id
    if Order.objects.filter(channel=ctx.origin, external_id=remote.remote_id).exists():
        return ItemResult(ref, Outcome.UPDATED, "would follow the channel's changes")
    verdict = admit.admit(remote, ctx.settings, legacy=legacy)
    if verdict.action != admit.IMPORT:
        return ItemResult(ref, Outcome.SKIPPED, f"would {verdict.action}: {verdict.reason}")
    return ItemResult(ref, Outcome.CREATED, "would be imported")


def apply_all(
    run: Run,
    ctx: Context,
    orders: Iterable[RemoteOrder],
    *,
    legacy: bool = False,
    dry_run: bool = False,
    progress: Progress | None = None,
) -> int:
    """Apply each order of the stream; the number read. A channel error while reading stops
    the stream (raised to the job); an order the hub refuses is a failed item."""
    done = 0
    for remote in orders:
        ref = remote.name or remote.remote_id
        if dry_run:
            result = _preview(ctx, remote, legacy)
        else:
            try:
                applied = apply_order(ctx, remote, legacy=legacy)
                result = ItemResult(ref, OUTCOMES[applied.outcome], applied.message[:1000])
            except (StockbridgeError, ChannelError) as exc:
                message = exc.message if isinstance(exc, ChannelError) else _why(exc)
                result = ItemResult(ref, Outcome.FAILED, message, error_kind=type(exc).__name__)
        record(run, [result])
        done += 1
        if progress is not None:
            progress(done, None)
    return done
