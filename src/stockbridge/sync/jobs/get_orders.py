"""Get orders (the safety net under the webhooks): read the channel's orders updated in the
last `updated_within_days` days and apply each (import once, or follow the channel's
changes), then add the import tag on the channel. Safe to run any time, twice, or after a
kill: every order is keyed by its channel id and applied in its own transaction."""

from __future__ import annotations

from datetime import timedelta

from stockbridge.channels.errors import ChannelError
from stockbridge.channels.port_orders import OrderQuery
from stockbridge.platform import clock
from stockbridge.platform.errors import FieldError

from ..models import Run
from ..operations import OperationRequest
from ..orders_in import context
from ..orders_in.pulling import apply_all, channel_and_source
from ..orders_in.tagging import tag_pending
from ..runs import close_run, open_run

OPERATION = "get_orders"


def run(request: OperationRequest) -> Run:
    run_row = open_run(
        channel_id=request.channel_id,
        operation=OPERATION,
        trigger=request.trigger,
        dry_run=request.dry_run,
        retry_of=request.retry_of,
    )
    try:
        channel, source = channel_and_source(request.channel_id)
        ctx = context.load(channel)
        since = clock.now() - timedelta(days=ctx.settings.updated_within_days)
        orders = source.read_orders(OrderQuery(updated_since=since))
        read = apply_all(run_row, ctx, orders, dry_run=request.dry_run, progress=request.progress)
        tags = {"tagged": 0, "failed": 0} if request.dry_run else tag_pending(channel.pk)
    except ChannelError as exc:
        return close_run(run_row, message=exc.message, failed=True)
    except FieldError as exc:
        return close_run(run_row, message=str(exc), failed=True)
    except Exception as exc:
        close_run(
            run_row, message=f"stopped on an unexpected error ({type(exc).__name__})", failed=True
        )
        raise
    message = f"{read} order(s) updated since {since:%Y-%m-%d %H:%M} UTC read"
    if tags["tagged"] or tags["failed"]:
        message += f"; {tags['tagged']} tagged on the channel, {tags['failed']} not"
    if request.dry_run:
        message = "preview: nothing was written; " + message
    return close_run(run_row, message=message)
