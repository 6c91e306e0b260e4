"""Order state changes: confirm (reserve every line), cancel (release what is still held)
and close."""

from __future__ import annotations

from collections.abc import Sequence

from django.db import transaction

from stockbridge.platform import clock
from stockbridge.platform.errors import FieldError

from .. import events, rows
from ..events import EventKind
from ..models import Order, OrderHistory, OrderLine
from ..states import Action, after
from . import reserving
from .loading import lock_order


def confirm_order(*, order_id: int, actor: str = "") -> Order:
    """Confirm a draft: every line's units are reserved through the inventory service (at the
    requested location when the order names one). Raises OrderNotFound, IllegalTransition,
    FieldError (customer_id: the draft still waits for its customer), InsufficientStock
    naming `lines[i].quantity` — then nothing is reserved and the order stays a draft."""
    with transaction.atomic():
        return confirm_locked(lock_order(order_id), actor=actor)


def confirm_locked(
    order: Order,
    *,
    lines: Sequence[OrderLine] | None = None,
    history: Sequence[OrderHistory] = (),
    save_also: Sequence[str] = (),
    actor: str = "",
) -> Order:
    """`confirm_order` for an order this transaction already holds (locked or just created),
    with its lines when the caller has them. Every line is reserved by one inventory call.
    `history` (timeline entries not saved yet) and the `save_also` fields of the order are
    saved with the confirmation."""
    status = after(order.status, Action.CONFIRM, order=order.number)
    if order.awaiting_customer:
        raise FieldError("customer_id", "the draft waits for its customer: complete it first")
    if lines is None:
        lines = list(OrderLine.objects.filter(order=order).order_by("position"))
    allocations = reserving.hold_lines(
        lines,
        fields=[f"lines[{i}].quantity" for i in range(len(lines))],
        location_id=order.requested_location_id,
        actor=actor,
    )
    sku = {line.pk: line.sku for line in lines}
    held: dict[str, dict[int, int]] = {line.sku: {} for line in lines}
    for a in allocations:
        held[sku[a.line_id]][a.location_id] = a.quantity
    now = clock.now()
    order.status = status
    order.confirmed_at = now
    order.updated_at = now
    rows.update([order], ["status", "confirmed_at", "updated_at", *save_also])
    events.record_all(
        [
            *history,
            events.entry(
                order, "confirmed", "Order confirmed, stock reserved", data=held, actor=actor
            ),
        ]
    )
    return order


def cancel_order(*, order_id: int, reason: str = "", actor: str = "") -> Order:
    """Cancel a draft, confirmed or partially fulfilled order: every unit still held is
    released (shipped units stay shipped). Raises OrderNotFound, IllegalTransition. Emits
    order.cancelled."""
    with transaction.atomic():
        order = lock_order(order_id)
        status = after(order.status, Action.CANCEL, order=order.number)
        lines = list(OrderLine.objects.filter(order=order).order_by("position"))
        units = reserving.release_lines([(line, None) for line in lines], actor=actor)
        released = {line.sku: units[line.pk] for line in lines if units[line.pk]}
        now = clock.now()
        order.status = status
        order.cancelled_at = now
        order.cancel_reason = reason[:255]
        order.updated_at = now
        order.save(update_fields=["status", "cancelled_at", "cancel_reason", "updated_at"])
        events.record(
            order,
            "cancelled",
            f"Order cancelled{': ' + reason if reason else ''}",
            data={"released": released},
            actor=actor,
        )
        events.emit(order, EventKind.CANCELLED, {"reason": reason, "released": released})
        return order


def close_order(*, order_id: int, actor: str = "") -> Order:
    """Close a fulfilled order. Raises OrderNotFound, IllegalTransition."""
    with transaction.atomic():
        order = lock_order(order_id)
        order.status = after(order.status, Action.CLOSE, order=order.number)
        now = clock.now()
        order.closed_at = now
        order.updated_at = now
        order.save(update_fields=["status", "closed_at", "updated_at"])
        events.record(order, "closed", "Order closed", actor=actor)
        return order
