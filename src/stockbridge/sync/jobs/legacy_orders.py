"""The legacy pull (Stitchex's one-time pull of recent orders): the channel's orders placed
in the last `days` days, cancelled ones skipped, each imported as confirmed with an invoice
paid in full, totals exactly the channel's, customers with their addresses. Orders already
here are left as they are apart from following the channel's changes, so running it twice
imports nothing twice.

A channel may limit how far back orders can be read (the connector says how many days its
granted scopes allow: `order_history_days`); asking for more is refused saying so, before
anything is read.
"""

from __future__ import annotations

from datetime import timedelta

from stockbridge.channels.errors import ChannelError
from stockbridge.channels.port_orders import OrderQuery
from stockbridge.platform import clock
from stockbridge.platform.errors import FieldError

from ..models import Run, RunTrigger
from ..orders_in import context
from ..orders_in.pulling import apply_all, channel_and_source
from ..runs import close_run, open_run

OPERATION = "legacy_orders"
MAX_DAYS = 3650


def check_days(days: object, limit: int | None) -> int:
    if isinstance(days, bool) or not isinstance(days, int) or not 1 <= days <= MAX_DAYS:
        raise FieldError("days", f"must be a whole number from 1 to {MAX_DAYS}")
    if limit is not None and days > limit:
        raise FieldError(
            "days",
            f"the channel serves only the last {limit} days of orders to this app (it lacks "
            f"the read_all_orders scope): ask for {limit} days or fewer, or grant "
            "read_all_orders and reconnect",
            code="scope",
        )
    return days


def pull(
    *, channel_id: int, days: int, dry_run: bool = False, trigger: str = RunTrigger.USER
) -> Run:
    """Pull the last `days` days of the channel's orders; the run records one item per
    order. Raises FieldError (days, channel) before a run is opened."""
    channel, source = channel_and_source(channel_id)
    check_days(days, source.order_history_days(frozenset(channel.scopes or ())))
    run_row = open_run(channel_id=channel_id, operation=OPERATION, trigger=trigger, dry_run=dry_run)
    try:
        ctx = context.load(channel)
        since = clock.now() - timedelta(days=days)
        orders = source.read_orders(OrderQuery(created_since=since, include_cancelled=False))
        read = apply_all(run_row, ctx, orders, legacy=True, dry_run=dry_run)
    except ChannelError as exc:
        return close_run(run_row, message=exc.message, failed=True)
    except FieldError as exc:
        return close_run(run_row, message=str(exc), failed=True)
    except Exception as exc:
        close_run(
            run_row, message=f"stopped on an unexpected error ({type(exc).__name__})", failed=True
        )
        raise
    message = f"{read} order(s) of the last {days} days read"
    return close_run(
        run_row, message=("preview: nothing was written; " if dry_run else "") + message
    )
