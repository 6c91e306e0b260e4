"""The inbox handlers of order, refund and customer events (`sync.inbox.register`).

Each reads the payload through the channel's `OrderSource` (the connector knows its own
shapes) and applies it. An order event for an order not imported yet whose payload is not
the order's creation (its `updated_at` is later than its `created_at`: an update, a
cancellation or a fulfilment that overtook `orders/create`) reads the order from the channel
first, so what is imported is the order as it is now. A refund of an order not imported yet
reads and imports the whole order (its refunds included). A payload the connector refuses
is marked processed saying why (retrying cannot mend it); a channel that fails is retried.
The channel, its connector and its order context (settings, locations, the listings met so
far) are read once per batch of inbox events (`inbox.batch_memo`).
"""

from __future__ import annotations

import json

from stockbridge.channels.access import connector_for
from stockbridge.channels.errors import Rejected
from stockbridge.channels.models import Channel
from stockbridge.channels.port import InboundKind
from stockbridge.channels.port_orders import OrderSource
from stockbridge.orders.models import Order

from .. import inbox
from ..models import InboundEvent
from . import context
from .applying import Applied, apply_order, apply_refund
from .customers import apply_customer


def _source(channel: Channel) -> OrderSource | None:
    source = connector_for(channel)
    return source if isinstance(source, OrderSource) else None


def _no_orders(channel: Channel) -> str:
    return f"not applied: {channel.kind} channels do not sell orders"


def _channel(channel_id: int) -> tuple[Channel, OrderSource | None, context.Context | None]:
    """The channel, its order source (None: it sells no orders) and the context applying its
    orders needs, read once per batch of inbox events."""

    def read() -> tuple[Channel, OrderSource | None, context.Context | None]:
        channel = Channel.objects.get(pk=channel_id)
        source = _source(channel)
        ctx = context.load(channel, links={}) if source is not None else None
        return channel, source, ctx

    return inbox.batch_memo(("orders_in", channel_id), read)


def _said(what: str, applied: Applied) -> str:
    return f"{what}: {applied.outcome}" + (f" ({applied.message})" if applied.message else "")


def order_event(event: InboundEvent) -> str:
    channel, source, ctx = _channel(event.channel_id)
    if source is None or ctx is None:
        return _no_orders(channel)
    try:
        remote = source.order_from_event(json.loads(event.body))
    except Rejected as exc:
        return f"refused: {exc.message}"
    if (
        remote.updated_at > remote.created_at
        and not Order.objects.filter(channel=ctx.origin, external_id=remote.remote_id).exists()
    ):
        fetched = source.read_order(remote.remote_id)
        if fetched is not None:
            remote = fetched
    return _said(f"order {remote.name}", apply_order(ctx, remote))


def refund_event(event: InboundEvent) -> str:
    channel, source, ctx = _channel(event.channel_id)
    if source is None or ctx is None:
        return _no_orders(channel)
    try:
        refund = source.refund_from_event(json.loads(event.body))
    except Rejected as exc:
        return f"refused: {exc.message}"
    applied = apply_refund(ctx, refund)
    if applied is not None:
        return _said(f"refund {refund.remote_id}", applied)
    fetched = source.read_order(refund.order_remote_id)
    if fetched is None:
        return f"refund {refund.remote_id}: its order is not on the channel"
    return _said(f"order {fetched.name} read for its refund", apply_order(ctx, fetched))


def customer_event(event: InboundEvent) -> str:
    channel, source, ctx = _channel(event.channel_id)
    if source is None or ctx is None:
        return _no_orders(channel)
    try:
        buyer = source.customer_from_event(json.loads(event.body))
    except Rejected as exc:
        return f"refused: {exc.message}"
    return apply_customer(ctx.origin, buyer)


def install() -> None:
    inbox.register(InboundKind.ORDER, order_event)
    inbox.register(InboundKind.REFUND, refund_event)
    inbox.register(InboundKind.CUSTOMER, customer_event)
