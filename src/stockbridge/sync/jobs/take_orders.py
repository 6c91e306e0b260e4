"""Take orders (every 5 minutes by default): read the orders the channel hands over (a portal's
approved orders), take each through the order intake (`sync/orders_in/taking.py`: imported
once, or waiting "needs customer"), then mark each imported one taken on the channel after
its commit. One run item per order (created, unchanged, skipped = waiting, failed).

Safe to run any time, twice, or after a kill: the import is keyed by the channel's order id
(one transaction each), and an order imported but not yet marked (a crash between the two)
is found imported on the next run and marked then, never imported twice. A dry run says what
each order would do and writes nothing."""

from __future__ import annotations

from stockbridge.channels.access import connector_for
from stockbridge.channels.account_links import pushed_customer
from stockbridge.channels.errors import AuthFailed, ChannelError
from stockbridge.channels.port import ItemResult, Operation, Outcome
from stockbridge.channels.port_accounts import HandedOrder, HandedOrderSource
from stockbridge.orders.models import Order
from stockbridge.platform.errors import StockbridgeError

from ..models import Run
from ..operations import OperationRequest
from ..orders_in import context
from ..orders_in.pulling import OUTCOMES, _why
from ..orders_in.taking import needs_customer, take_order
from ..push_runs import channel_of, opened, refused, stopped
from ..runs import close_run, record

OPERATION = Operation.TAKE_ORDERS.value


def run(request: OperationRequest) -> Run:
    channel = channel_of(request)
    run_row = opened(request, OPERATION)
    closed = refused(run_row, channel, enabled=True)
    if closed is not None:
        return closed
    source = connector_for(channel)
    if not isinstance(source, HandedOrderSource):
        return close_run(
            run_row, message=f"{channel.kind} channels hand over no orders", failed=True
        )
    ctx = context.load(channel)
    counts = {"read": 0, "marked": 0}
    try:
        for handed in source.orders_to_take():
            counts["read"] += 1
            result = (
                _preview(ctx.origin, channel.pk, handed)
                if request.dry_run
                else _take(ctx, source, handed, counts)
            )
            record(run_row, [result])
            if request.progress is not None:
                request.progress(counts["read"], None)
    except ChannelError as exc:
        return stopped(run_row, channel, exc)
    message = f"{counts['read']} order(s) handed over read, {counts['marked']} marked taken"
    if request.dry_run:
        message = "preview: nothing was written; " + message
    return close_run(run_row, message=message)


def _take(
    ctx: context.Context, source: HandedOrderSource, handed: HandedOrder, counts: dict[str, int]
) -> ItemResult:
    ref = handed.order.name or handed.order.remote_id
    try:
        applied = take_order(ctx, handed)
    except StockbridgeError as exc:
        return ItemResult(ref, Outcome.FAILED, _why(exc)[:1000], error_kind=type(exc).__name__)
    message = applied.message
    if applied.order_id is not None:  # committed: now tell the channel the hub has it
        try:
            source.mark_taken(handed.order.remote_id)
            counts["marked"] += 1
        except AuthFailed:
            raise
        except ChannelError as exc:
            message += f"; not marked taken on the channel yet ({exc.message}): the next run does"
    return ItemResult(ref, OUTCOMES[applied.outcome], message[:1000])


def _preview(origin: str, channel_id: int, handed: HandedOrder) -> ItemResult:
    ref = handed.order.name or handed.order.remote_id
    if Order.objects.filter(channel=origin, external_id=handed.order.remote_id).exists():
        return ItemResult(ref, Outcome.UNCHANGED, "imported earlier: would be marked taken")
    if pushed_customer(channel_id, handed.account_code) is None:
        return ItemResult(
            ref, Outcome.SKIPPED, "would wait: " + needs_customer(handed.account_code)
        )
    return ItemResult(ref, Outcome.CREATED, "would be imported")
