"""Sending a channel's order pushes, oldest first, each exactly once.

A push is claimed by a conditional UPDATE of its lease (`claimed_until`), so two drains never
send the same push at once and a worker killed mid-send gives it back when the lease ends.
Pushes of one order go in the order they were made: a push that must wait (a retryable
failure) holds the order's later ones (a refund of shipped units waits for their
fulfilment; a close waits for every fulfilment).

Exactly once, whatever is retried or killed:
- fulfilment: before its first attempt the channel's fulfilments of the order are read and
  kept (`known`); every attempt reads again and takes a newer fulfilment with the same
  tracking and units as made by an earlier one (`fulfillmentCreate` takes no idempotency
  key); the channel's id is then recorded, and the hub fulfilment linked to it
  (`link_sent_fulfilment`) so the channel's own report of it is not recorded twice. A
  tracking change after that is a tracking update of the fulfilments made.
- refund: one idempotency key per hub refund (`key`, the same for every attempt).
- cancellation: the order read first; one already cancelled there is done.
- close: closing twice changes nothing.

Failures: `AuthFailed` disconnects the channel and stops; `Rejected`, `NotFound`,
`ScopeMissing` mark the push failed with the reason (sending it again changes nothing; a
retry of the run puts it back); anything else waits (`not_before`, doubling up to an hour)
and is tried again by the next drain.
"""

from __future__ import annotations

import uuid
from collections import Counter, defaultdict
from datetime import timedelta
from typing import Any, cast

from django.db.models import Q
from huey.contrib.djhuey import db_task

from stockbridge.channels.access import connector_for
from stockbridge.channels.errors import AuthFailed, ChannelError
from stockbridge.channels.models import Channel, ChannelStatus, Listing, LocationMapping
from stockbridge.channels.order_origin import origin
from stockbridge.channels.port import ItemResult, Outcome
from stockbridge.channels.port_fulfilment import (
    CancelWrite,
    FulfilmentTarget,
    FulfilmentWrite,
    LineRef,
    RefundLineWrite,
    RefundTarget,
    RefundWrite,
    Restock,
    tracking_of,
)
from stockbridge.channels.services import mark_disconnected
from stockbridge.orders import services as orders
from stockbridge.orders.models import Fulfilment, Order, OrderLine, Refund
from stockbridge.platform import clock

from ..models import OrderPush, OrderPushKind, OrderPushState, Run
from ..nudge import after_commit
from ..pushes import restocked
from .intake import settings_of

LEASE = timedelta(minutes=2)
MAX_WAIT = timedelta(hours=1)
KEY_NAMESPACE = uuid.UUID("5d0c1b8e-6a57-4c55-9a43-1f1f2c7e0b11")
GIVE_UP = frozenset({"Rejected", "NotFound", "ScopeMissing"})
TARGET_METHODS = (
    "order_fulfilments",
    "create_fulfilment",
    "update_tracking",
    "close_order",
    "create_refund",
    "cancel_order",
)


class _Target(FulfilmentTarget, RefundTarget):
    pass


@db_task(name="drain_order_pushes")
def drain_order_pushes(channel_id: int) -> dict[str, Any]:
    return {"channel": channel_id, **drain(channel_id)}


def nudge(channel_id: int) -> None:
    """Have the channel's order pushes sent once the current transaction commits."""
    after_commit(drain_order_pushes, channel_id)


def due(channel_id: int | None = None) -> dict[int, int]:
    """Pending order pushes whose time has come, counted per connected channel."""
    now = clock.now()
    rows = OrderPush.objects.filter(
        Q(not_before__isnull=True) | Q(not_before__lte=now),
        Q(claimed_until__isnull=True) | Q(claimed_until__lte=now),
        state=OrderPushState.PENDING,
        channel__status=ChannelStatus.CONNECTED,
    )
    if channel_id is not None:
        rows = rows.filter(channel_id=channel_id)
    counted: dict[int, int] = defaultdict(int)
    for cid in rows.values_list("channel_id", flat=True):
        counted[cid] += 1
    return dict(counted)


def refund_key(channel_id: int, refund_id: int) -> str:
    """The idempotency key of a hub refund sent to a channel: the same for every attempt."""
    return str(uuid.uuid5(KEY_NAMESPACE, f"stockbridge:{channel_id}:refund:{refund_id}"))


def _claim(push: OrderPush) -> bool:
    now = clock.now()
    return bool(
        OrderPush.objects.filter(
            Q(claimed_until__isnull=True) | Q(claimed_until__lte=now),
            pk=push.pk,
            state=OrderPushState.PENDING,
        ).update(claimed_until=now + LEASE, attempts=push.attempts + 1, updated_at=now)
    )


def drain(
    channel_id: int, *, run: Run | None = None, now_too: bool = False, only: set[int] | None = None
) -> dict[str, Any]:
    """Send the channel's pending pushes (those whose wait is over, or all with `now_too`);
    counts per outcome. Each push sent is recorded in `run` when given."""
    from .. import runs

    channel = Channel.objects.filter(pk=channel_id).first()
    if channel is None or channel.status != ChannelStatus.CONNECTED:
        return {"skipped": "channel not connected"}
    enabled, settings = settings_of(channel_id)
    if not enabled:
        return {"skipped": "sync orders is disabled"}
    connector = connector_for(channel)  # with the store's shared throttle
    if not all(hasattr(connector, name) for name in TARGET_METHODS):
        return {"skipped": f"{channel.kind} channels cannot take orders back yet"}
    target = cast(_Target, connector)
    counts: Counter[str] = Counter()
    held: set[int] = set()
    pending = OrderPush.objects.filter(channel_id=channel_id, state=OrderPushState.PENDING)
    if only is not None:
        pending = pending.filter(pk__in=only)
    for push in list(pending.order_by("id")):
        if push.order_id in held:
            continue
        now = clock.now()
        waiting = push.not_before is not None and push.not_before > now and not now_too
        if waiting or not _claim(push):
            held.add(push.order_id)
            continue
        push.refresh_from_db()
        try:
            message = _send(channel, settings, target, push)
        except AuthFailed as exc:
            _release(push, exc)
            mark_disconnected(channel_id=channel.pk, reason=exc.message)
            counts["failed"] += 1
            _record(run, push, Outcome.FAILED, exc.message, exc.kind)
            break
        except ChannelError as exc:
            gave_up = exc.kind in GIVE_UP
            _release(push, exc, give_up=gave_up)
            counts["failed" if gave_up else "waiting"] += 1
            _record(run, push, Outcome.FAILED, exc.message, exc.kind)
            held.add(push.order_id)
            continue
        counts["sent"] += 1
        _record(run, push, Outcome.UPDATED, message, None)
    if run is not None:
        runs.set_total(run, run.done)
    return dict(counts)


def _record(
    run: Run | None, push: OrderPush, outcome: Outcome, message: str, kind: str | None
) -> None:
    if run is None:
        return
    from .. import runs

    ref = f"{push.kind}:{push.source_id}"
    runs.record(
        run,
        [ItemResult(ref=ref, outcome=outcome, message=message, error_kind=kind)],
        payloads={ref: {"push_id": push.pk, "order_id": push.order_id}},
    )


def _release(push: OrderPush, exc: ChannelError, *, give_up: bool = False) -> None:
    now = clock.now()
    wait = min(timedelta(seconds=30) * (2 ** min(push.attempts, 10)), MAX_WAIT)
    OrderPush.objects.filter(pk=push.pk).update(
        state=OrderPushState.FAILED if give_up else OrderPushState.PENDING,
        not_before=None if give_up else now + wait,
        claimed_until=None,
        error_kind=exc.kind,
        last_error=exc.message[:1000],
        updated_at=now,
    )


def _done(push: OrderPush, *, remote_ids: list[str] | None = None) -> None:
    now = clock.now()
    changes: dict[str, Any] = {
        "state": OrderPushState.SENT,
        "sent_version": push.version,
        "claimed_until": None,
        "not_before": None,
        "error_kind": "",
        "last_error": "",
        "sent_at": now,
        "updated_at": now,
    }
    if remote_ids is not None:
        changes["remote_ids"] = remote_ids
    # a tracking change taken meanwhile (version up) stays pending
    sent = OrderPush.objects.filter(pk=push.pk, version=push.version).update(**changes)
    if not sent:
        changes.pop("state")
        changes.pop("sent_version")
        OrderPush.objects.filter(pk=push.pk).update(**changes)


def _send(channel: Channel, settings: Any, target: _Target, push: OrderPush) -> str:
    order = Order.objects.get(pk=push.order_id)
    if not order.external_id:
        raise _rejected("order", "the order has no id in the channel")
    if push.kind == OrderPushKind.FULFILMENT:
        return _send_fulfilment(channel, settings, target, push, order)
    if push.kind == OrderPushKind.REFUND:
        return _send_refund(channel, settings, target, push, order)
    if push.kind == OrderPushKind.CANCEL:
        target.cancel_order(
            CancelWrite(
                order_id=order.external_id,
                reason="other",
                restock=settings.restock_on_cancel,
                refund=order.amount_paid > 0,
                notify_customer=settings.notify(False),
                staff_note=order.cancel_reason[:255],
            )
        )
        _done(push)
        if settings.restock_on_cancel:
            restocked.write_again(
                channel.pk,
                OrderLine.objects.filter(order=order).values_list("variant_id", flat=True),
            )
        return f"cancelled {order.external_id}"
    target.close_order(order.external_id)
    _done(push)
    return f"closed {order.external_id}"


def _rejected(field: str, reason: str) -> ChannelError:
    from stockbridge.channels.errors import Rejected

    return Rejected(field, reason)


def _line_refs(channel: Channel, rows: list[tuple[OrderLine, int]]) -> tuple[LineRef, ...]:
    variants = {line.variant_id for line, _ in rows if line.variant_id is not None}
    remote = dict(
        Listing.objects.filter(channel=channel, variant_id__in=variants).values_list(
            "variant_id", "remote_variant_id"
        )
    )
    return tuple(
        LineRef(remote.get(line.variant_id) if line.variant_id is not None else None, line.sku, q)
        for line, q in rows
    )


def _remote_location(channel: Channel, location_id: int | None) -> str | None:
    if location_id is None:
        return None
    mapping = LocationMapping.objects.filter(channel=channel, location_id=location_id).first()
    return mapping.remote_location_id if mapping is not None else None


def _tracking(settings: Any, fulfilment: Fulfilment) -> Any:
    numbers = [n.strip() for n in fulfilment.tracking_number.split(",")]
    urls = fulfilment.tracking_url.split() if fulfilment.tracking_url else []
    return tracking_of(
        settings.company(fulfilment.carrier) if fulfilment.carrier else "", numbers, urls
    )


def _send_fulfilment(
    channel: Channel, settings: Any, target: _Target, push: OrderPush, order: Order
) -> str:
    fulfilment = Fulfilment.objects.get(pk=push.source_id)
    tracking = _tracking(settings, fulfilment)
    notify = settings.notify(fulfilment.notify_customer)
    if push.remote_ids:  # made there already: what changed since is its tracking
        for remote_id in push.remote_ids:
            target.update_tracking(remote_id, tracking, notify_customer=notify)
        _done(push)
        return "tracking updated on " + ", ".join(push.remote_ids)
    if push.known is None:
        known = [f.remote_id for f in target.order_fulfilments(order.external_id)]
        OrderPush.objects.filter(pk=push.pk).update(known=known)
        push.known = known
    rows = [(line.line, line.quantity) for line in fulfilment.lines.select_related("line")]
    made = target.create_fulfilment(
        FulfilmentWrite(
            ref=f"fulfilment:{fulfilment.pk}",
            order_id=order.external_id,
            lines=_line_refs(channel, rows),
            tracking=tracking,
            notify_customer=notify,
            location_remote_id=_remote_location(channel, fulfilment.location_id),
            known=tuple(push.known or ()),
        )
    )
    _done(push, remote_ids=list(made))
    if made:
        orders.link_sent_fulfilment(
            fulfilment_id=fulfilment.pk, channel=origin(channel), external_id=made[0]
        )
    return "fulfilled as " + ", ".join(made)


def _send_refund(
    channel: Channel, settings: Any, target: _Target, push: OrderPush, order: Order
) -> str:
    refund = Refund.objects.get(pk=push.source_id)
    if not push.key:
        push.key = refund_key(channel.pk, refund.pk)
        OrderPush.objects.filter(pk=push.pk).update(key=push.key)
    lines = list(refund.lines.select_related("line"))
    refs = _line_refs(channel, [(x.line, x.quantity) for x in lines])
    made = target.create_refund(
        RefundWrite(
            ref=f"refund:{refund.pk}",
            order_id=order.external_id,
            key=push.key,
            currency=order.currency,
            amount=refund.amount,
            lines=tuple(
                RefundLineWrite(
                    line=ref,
                    # units written off as damaged are not put back on sale there either
                    restock=Restock.NO_RESTOCK if x.damaged else Restock(x.restock),
                    location_remote_id=_remote_location(channel, x.location_id),
                )
                for ref, x in zip(refs, lines, strict=True)
            ),
            shipping_amount=refund.shipping_amount,
            note=refund.note,
            notify_customer=settings.notify(False),
        )
    )
    _done(push, remote_ids=[made])
    restocked.write_again(
        channel.pk,
        {
            x.line.variant_id
            for x in lines
            if Restock(x.restock) is not Restock.NO_RESTOCK and not x.damaged
        },
    )
    return f"refunded as {made}"
