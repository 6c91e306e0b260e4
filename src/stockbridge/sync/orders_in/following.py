"""An imported order follows its channel: fulfilments recorded once each (stock shipped
from the mapped location), refunds recorded once each with stock moved per restock type,
and a cancellation releasing what is still held. Each is keyed by the channel's own id, so
applying the same order twice changes nothing."""

from __future__ import annotations

from decimal import Decimal

from stockbridge.channels.port_orders import RemoteFulfilment, RemoteOrder, RemoteRefund
from stockbridge.orders import services as orders
from stockbridge.orders.models import (
    Fulfilment,
    LineAllocation,
    Order,
    OrderLine,
    Refund,
    RestockPolicy,
    ShippingLine,
)
from stockbridge.orders.specs import FulfilLine, RefundLineSpec, RefundSpec, Tracking
from stockbridge.orders.states import OrderStatus
from stockbridge.platform.errors import Conflict, StockbridgeError, ValidationErrors

from ..models import ChannelOrder, OrderPush, OrderPushKind, OrderPushState
from .context import Context

ZERO = Decimal("0")
SHIPPABLE = (OrderStatus.CONFIRMED, OrderStatus.PARTIALLY_FULFILLED)
CANCELLABLE = (OrderStatus.DRAFT, OrderStatus.CONFIRMED, OrderStatus.PARTIALLY_FULFILLED)


def _why(exc: StockbridgeError) -> str:
    if isinstance(exc, ValidationErrors):
        return "; ".join(str(e) for e in exc.errors)
    return str(exc)


def _lines(order: Order) -> dict[int, OrderLine]:
    return {line.pk: line for line in OrderLine.objects.filter(order=order)}


def fulfil(ctx: Context, order: Order, state: ChannelOrder, f: RemoteFulfilment) -> str:
    if f.status not in ("success", "") or not f.lines:
        return ""
    if Fulfilment.objects.filter(channel=ctx.origin, external_id=f.remote_id).exists():
        return ""
    order.refresh_from_db(fields=["status"])
    if order.status not in SHIPPABLE:
        return f"fulfilment {f.remote_id} not recorded: the order is {order.status}"
    lines = _lines(order)
    wanted: dict[int, int] = {}
    for item in f.lines:
        line_id = state.lines.get(item.line_remote_id)
        if line_id in lines:
            wanted[line_id] = wanted.get(line_id, 0) + item.quantity
    wanted = {k: min(q, lines[k].open_quantity) for k, q in wanted.items()}
    wanted = {k: q for k, q in wanted.items() if q > 0}
    if not wanted:
        return ""
    location_id = ctx.location_of.get(f.location_remote_id or "")
    if location_id is None:
        location_id = (
            LineAllocation.objects.filter(line__order=order)
            .order_by("id")
            .values_list("location_id", flat=True)
            .first()
        )
    if location_id is None:
        location_id = next(iter(sorted(ctx.location_of.values())), None)
    if location_id is None:
        return f"fulfilment {f.remote_id} not recorded: no hub location for it"
    try:
        orders.record_channel_fulfilment(
            order_id=order.pk,
            channel=ctx.origin,
            external_id=f.remote_id,
            location_id=location_id,
            lines=[FulfilLine(k, q) for k, q in wanted.items()],
            tracking=Tracking(
                carrier=f.carrier[:120],
                number=f.tracking_number[:255],
                url=f.tracking_url[:1024]
                if f.tracking_url.startswith(("https://", "http://"))
                else "",
                shipped_at=f.created_at,
            ),
            actor=ctx.actor,
        )
    except StockbridgeError as exc:
        return f"fulfilment {f.remote_id} not recorded: {_why(exc)}"
    return f"fulfilment {f.remote_id} recorded"


def _sent_from_here(ctx: Context, order: Order, remote_id: str) -> bool:
    """Whether the channel's refund `remote_id` is a hub refund that "sync orders" made there
    (its echo comes back by webhook or pull, and is not a second refund). While a hub refund
    of the order is still being sent, which refund the channel's is cannot be told yet: it
    waits (Conflict; the event is retried) until the send is recorded."""
    pushes = OrderPush.objects.filter(
        channel=ctx.channel, order=order, kind=OrderPushKind.REFUND
    ).values_list("state", "remote_ids")
    sending = False
    for push_state, remote_ids in pushes:
        if remote_id in (remote_ids or []):
            return True
        sending = sending or push_state == OrderPushState.PENDING
    if sending:
        raise Conflict(
            "refund",
            f"refund {remote_id} waits: a refund made here is still being sent to the channel",
        )
    return False


def refund_spec(ctx: Context, order: Order, state: ChannelOrder, r: RemoteRefund) -> RefundSpec:
    """The hub's refund of a channel refund: each channel line's units split by what the hub
    can do with them. cancel: unshipped units released; return: shipped units back to the
    refund's location (unshipped ones released); no_restock: shipped units stay with the
    customer (unshipped ones stay held, as the channel still commits them)."""
    lines = _lines(order)
    taken_open: dict[int, int] = {}
    taken_shipped: dict[int, int] = {}
    specs: list[RefundLineSpec] = []
    for rl in r.lines:
        line = lines.get(state.lines.get(rl.line_remote_id, 0))
        if line is None or rl.quantity < 1:
            continue
        open_left = line.open_quantity - taken_open.get(line.pk, 0)
        if order.status == OrderStatus.CANCELLED:
            open_left = 0
        shipped_left = (
            line.fulfilled_quantity - line.shipped_refunded_quantity - taken_shipped.get(line.pk, 0)
        )
        q = rl.quantity
        restock = rl.restock_type
        if restock in ("return", "legacy_restock") and line.variant_id is not None:
            back = min(q, shipped_left)
            if back:
                location = ctx.location_of.get(rl.location_remote_id or "")
                specs.append(RefundLineSpec(line.pk, back, RestockPolicy.RETURN, location))
                taken_shipped[line.pk] = taken_shipped.get(line.pk, 0) + back
                q -= back
            restock = "cancel"
        if restock == "cancel":
            released = min(q, open_left)
            if released:
                specs.append(RefundLineSpec(line.pk, released, RestockPolicy.CANCEL))
                taken_open[line.pk] = taken_open.get(line.pk, 0) + released
                q -= released
        kept = min(
            q,
            line.fulfilled_quantity
            - line.shipped_refunded_quantity
            - taken_shipped.get(line.pk, 0),
        )
        if kept > 0:
            specs.append(RefundLineSpec(line.pk, kept, RestockPolicy.NO_RESTOCK))
            taken_shipped[line.pk] = taken_shipped.get(line.pk, 0) + kept
    order.refresh_from_db(fields=["amount_paid", "amount_refunded"])
    refundable = Decimal(order.amount_paid) - Decimal(order.amount_refunded)
    charged = sum(ShippingLine.objects.filter(order=order).values_list("total", flat=True), ZERO)
    shipped_back = sum(
        Refund.objects.filter(order=order).values_list("shipping_amount", flat=True), ZERO
    )
    shipping = max(min(r.shipping, Decimal(charged) - Decimal(shipped_back)), ZERO)
    return RefundSpec(
        lines=tuple(specs),
        shipping_amount=shipping,
        amount=max(min(r.amount, refundable), ZERO),
        note=(r.note or f"refund {r.remote_id} on the channel")[:255],
    )


def refund(ctx: Context, order: Order, state: ChannelOrder, r: RemoteRefund) -> str:
    if Refund.objects.filter(channel=ctx.origin, external_id=r.remote_id).exists():
        return ""
    if _sent_from_here(ctx, order, r.remote_id):
        return ""
    spec = refund_spec(ctx, order, state, r)
    if not spec.lines and not spec.amount and not spec.shipping_amount:
        return ""
    try:
        orders.refund_order(
            order_id=order.pk,
            spec=spec,
            channel=ctx.origin,
            external_id=r.remote_id,
            actor=ctx.actor,
        )
    except StockbridgeError as exc:
        return f"refund {r.remote_id} not recorded: {_why(exc)}"
    return f"refund {r.remote_id} recorded"


def cancel(ctx: Context, order: Order, remote: RemoteOrder) -> str:
    if remote.cancelled_at is None:
        return ""
    order.refresh_from_db(fields=["status"])
    if order.status not in CANCELLABLE:
        return ""
    orders.cancel_order(
        order_id=order.pk,
        reason=f"cancelled on the channel ({remote.cancel_reason or 'no reason given'})"[:255],
        refund=True,
        actor=ctx.actor,
    )
    return "cancelled"


def follow(ctx: Context, order: Order, state: ChannelOrder, remote: RemoteOrder) -> list[str]:
    """Bring `order` up to what the channel holds: fulfilments, then refunds, then the
    cancellation (the channel's cancel refunds and restocks before it cancels)."""
    said = [fulfil(ctx, order, state, f) for f in remote.fulfilments]
    said += [refund(ctx, order, state, r) for r in remote.refunds]
    said.append(cancel(ctx, order, remote))
    return [s for s in said if s]
