"""Order events -> the pushes of the order's channel, in the transaction that takes them.

A fulfilment, refund or cancellation the channel itself reported (it has the channel's
external id) is not sent back, nor is the refund a cancellation makes (`cause: cancel`: the
channel refunds as it cancels). A tracking change bumps the fulfilment's push: sent again
as a tracking update. With `close_completed`, a fulfilment that leaves the order shipped in
full adds a close after it. The events are then marked published (their own channel's
delivery state), and the channel's drain is nudged after commit.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.db.models import F

from stockbridge.channels.models import Channel, OperationSettings
from stockbridge.channels.order_origin import origin
from stockbridge.channels.order_sync_settings import SyncOrdersSettings
from stockbridge.channels.port import Operation
from stockbridge.orders import events as order_events
from stockbridge.orders.events import EventKind
from stockbridge.orders.models import Fulfilment, OrderEvent, Refund
from stockbridge.orders.states import OrderStatus
from stockbridge.platform import clock

from .. import outbox
from ..models import OrderPush, OrderPushKind, OrderPushState

CONSUMER = "order_pushes"


def settings_of(channel_id: int) -> tuple[bool, SyncOrdersSettings]:
    """Whether "sync orders" is enabled for the channel (no row: yes) and its settings."""
    row = OperationSettings.objects.filter(
        channel_id=channel_id, operation=Operation.SYNC_ORDERS.value
    ).first()
    if row is None:
        return True, SyncOrdersSettings()
    return row.enabled, SyncOrdersSettings.from_dict(row.settings)


def _push(channel: Channel, order_id: int, kind: str, source_id: int) -> tuple[OrderPush, bool]:
    now = clock.now()
    return OrderPush.objects.get_or_create(
        channel=channel,
        kind=kind,
        source_id=source_id,
        defaults={"order_id": order_id, "created_at": now, "updated_at": now},
    )


def _id(value: Any) -> int:
    return value if isinstance(value, int) and not isinstance(value, bool) else 0


def _take_one(channel: Channel, settings: SyncOrdersSettings, event: OrderEvent) -> str | None:
    """Upsert the push `event` calls for; the kind touched, or None."""
    payload: dict[str, Any] = event.payload if isinstance(event.payload, dict) else {}
    kind = event.kind
    fulfilment_id = _id(payload.get("fulfilment_id"))
    refund_id = _id(payload.get("refund_id"))
    if kind == EventKind.FULFILLED:
        fulfilment = Fulfilment.objects.filter(pk=fulfilment_id).first()
        if fulfilment is None or fulfilment.external_id:
            return None  # the channel's own fulfilment (or gone): nothing to send
        _push(channel, event.order_id, OrderPushKind.FULFILMENT, fulfilment.pk)
        if settings.close_completed and payload.get("status") == OrderStatus.FULFILLED:
            _push(channel, event.order_id, OrderPushKind.CLOSE, event.order_id)
        return OrderPushKind.FULFILMENT
    if kind == EventKind.TRACKING_UPDATED:
        push = OrderPush.objects.filter(
            channel=channel, kind=OrderPushKind.FULFILMENT, source_id=fulfilment_id
        ).first()
        if push is None:
            return None  # not a fulfilment sent from here
        OrderPush.objects.filter(pk=push.pk).update(
            version=F("version") + 1,
            state=OrderPushState.PENDING,
            not_before=None,
            attempts=0,
            updated_at=clock.now(),
        )
        return OrderPushKind.FULFILMENT
    if kind == EventKind.REFUNDED:
        if not settings.send_refunds or payload.get("cause") == "cancel":
            return None
        refund = Refund.objects.filter(pk=refund_id).first()
        if refund is None or refund.external_id:
            return None
        _push(channel, event.order_id, OrderPushKind.REFUND, refund.pk)
        return OrderPushKind.REFUND
    if kind == EventKind.CANCELLED:
        if not settings.send_cancellations:
            return None
        _push(channel, event.order_id, OrderPushKind.CANCEL, event.order_id)
        return OrderPushKind.CANCEL
    return None


def take(rows: Sequence[OrderEvent]) -> None:
    """The outbox consumer's `take`: runs in the drain's transaction."""
    from .sending import nudge  # the drain task imports this module

    origins = {row.channel for row in rows if row.channel}
    # "<kind>:<channel id>"; anything else (an order a client imported under its own name) has
    # no channel to send back to
    tails = {o.rpartition(":")[2] for o in origins}
    ids = {int(t) for t in tails if t.isascii() and t.isdigit() and len(t) <= 18}
    channels = {origin(c): c for c in Channel.objects.filter(pk__in=ids)}
    touched: set[int] = set()
    settings_by_channel: dict[int, tuple[bool, SyncOrdersSettings]] = {}
    for row in rows:
        channel = channels.get(row.channel)
        if channel is None:
            continue
        if channel.pk not in settings_by_channel:
            settings_by_channel[channel.pk] = settings_of(channel.pk)
        enabled, settings = settings_by_channel[channel.pk]
        if enabled and _take_one(channel, settings, row) is not None:
            touched.add(channel.pk)
    order_events.mark_published(row.pk for row in rows if row.channel)
    for channel_id in sorted(touched):
        nudge(channel_id)


def install() -> None:
    """Register the consumer (at start-up, by the sync app)."""
    outbox.register_consumer(CONSUMER, outbox="order_events", take=take)
