"""Take an order a channel hands over (`channels/port_accounts.HandedOrderSource`: a wholesale
portal's approved orders), in the order's own sequence (its `ChannelOrder` row locked, one
transaction):

- imported already: nothing changes here (the channel's later edits are not read); the
  caller marks it taken again (a crash after the import and before the mark is repaired);
- its account code names no customer the hub pushed to this channel: it waits, "needs
  customer", saying why, until a later pull after the customer exists and has been pushed;
- otherwise `admit` judges it and it is imported once through the order intake, its
  customer the pushed account's.
"""

from __future__ import annotations

from django.db import transaction

from stockbridge.channels.account_links import pushed_customer
from stockbridge.channels.port_accounts import HandedOrder
from stockbridge.customers.models import Customer
from stockbridge.orders.models import Order

from . import admit
from .applying import Applied, _import, _save, lock_state
from .context import Context


def needs_customer(account_code: str) -> str:
    """Why an order for `account_code` waits: no hub customer, or one not pushed yet."""
    if not account_code:
        return "needs customer: the order names no account code"
    if Customer.objects.filter(account_code=account_code).exists():
        return f"needs customer: the customer {account_code} has not been pushed to this channel"
    return f"needs customer: no hub customer has the account code {account_code}"


def take_order(ctx: Context, handed: HandedOrder) -> Applied:
    remote = handed.order
    with transaction.atomic():
        state = lock_state(ctx, remote.remote_id, remote.name)
        order = Order.objects.filter(channel=ctx.origin, external_id=remote.remote_id).first()
        if order is not None:
            return Applied("unchanged", f"imported earlier as {order.number}", order.pk)
        customer_id = pushed_customer(ctx.channel.pk, handed.account_code)
        if customer_id is None:
            reason = needs_customer(handed.account_code)
            state.state, state.reason = "waiting", reason[:500]
            _save(state, remote)
            return Applied("waiting", reason)
        verdict = admit.admit(remote, ctx.settings)
        if verdict.action != admit.IMPORT:
            state.state = "waiting" if verdict.action == admit.WAIT else "skipped"
            state.reason = verdict.reason[:500]
            _save(state, remote)
            return Applied(state.state, verdict.reason)
        order = _import(ctx, remote, state, False, customer_id=customer_id)
        state.order, state.state, state.reason = order, "imported", ""
        _save(state, remote)
        return Applied("created", f"imported as {order.number} ({order.status})", order.pk)
