"""Order state changes: confirm (reserve every line), cancel (release what is still held)
and close."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from django.db import transaction
from django.db.models import Sum

from stockbridge.platform import clock
from stockbridge.platform.bounds import check_text
from stockbridge.platform.errors import FieldError

from .. import events, rows, totals
from ..events import EventKind
from ..models import (
    Invoice,
    Order,
    OrderHistory,
    OrderLine,
    Payment,
    PaymentStatus,
    Refund,
    RestockPolicy,
    ShippingLine,
)
from ..specs import RefundLineSpec, RefundSpec
from ..states import Action, after
from . import reserving
from .billing import void_payment
from .loading import lock_order
from .refunding import refund_order

ZERO = Decimal("0")


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


def _money_back_on_cancel(order: Order, lines: Sequence[OrderLine]) -> tuple[Decimal, bool]:
    """What a cancellation owes the customer: the money paid (and not refunded) beyond what
    pays for the units that did ship and stay shipped (and their shipping), never more than
    the units and shipping cancelled cost. And whether the shipping goes back (nothing
    shipped)."""
    currency = order.currency
    open_value = ZERO
    kept_value = ZERO
    for line in lines:
        left = Decimal(line.total) - Decimal(line.refunded_amount)
        share = ZERO
        if line.open_quantity:
            share = totals.share(
                total=Decimal(line.total),
                quantity=line.quantity,
                units=line.open_quantity,
                already=Decimal(line.refunded_amount),
                already_units=line.removed_quantity + line.shipped_refunded_quantity,
                currency=currency,
            )
        open_value += share
        kept_value += left - share
    shipped = any(line.fulfilled_quantity for line in lines)
    shipping_left = _shipping_charged(order) - _shipping_refunded(order)
    shipping_back = ZERO if shipped else max(shipping_left, ZERO)
    kept_value += max(shipping_left, ZERO) - shipping_back
    held = Decimal(order.amount_paid) - Decimal(order.amount_refunded)
    owed = min(open_value + shipping_back, max(held - kept_value, ZERO))
    return totals.money(owed, currency), not shipped and shipping_back > 0


def _shipping_charged(order: Order) -> Decimal:
    return Decimal(ShippingLine.objects.filter(order=order).aggregate(s=Sum("total"))["s"] or ZERO)


def _shipping_refunded(order: Order) -> Decimal:
    return Decimal(
        Refund.objects.filter(order=order).aggregate(s=Sum("shipping_amount"))["s"] or ZERO
    )


def cancel_order(*, order_id: int, reason: str = "", refund: bool = True, actor: str = "") -> Order:
    """Cancel a draft, confirmed or partially fulfilled order: every unit still held is
    released (shipped units stay shipped) and open authorizations are voided.

    A paid order gets its money back: with `refund` (the default) a refund is recorded in the
    same transaction for what was paid beyond the units that shipped (the cancelled units at
    their price, and the shipping when nothing shipped), with restock `cancel`, and
    order.refunded is emitted before order.cancelled. With `refund=False` a paid order is
    refused (field `refund`, code `paid`) naming the amount, and nothing changes. Raises
    OrderNotFound, IllegalTransition, FieldError (reason: NUL or over 255 characters)."""
    check_text("reason", reason)
    with transaction.atomic():
        # Payments lock their invoice, then the order: take them in that order too, so a
        # payment recorded at the same instant waits instead of deadlocking.
        list(Invoice.objects.select_for_update().filter(order_id=order_id).order_by("id"))
        order = lock_order(order_id)
        status = after(order.status, Action.CANCEL, order=order.number)
        lines = list(OrderLine.objects.filter(order=order).order_by("position"))
        owed, shipping_back = _money_back_on_cancel(order, lines)
        refunded: dict[str, int] = {}
        if owed > 0:
            if not refund:
                raise FieldError(
                    "refund",
                    f"{order.number} has {owed} {order.currency} paid for what is cancelled: "
                    "cancel it with a refund, or refund it first",
                    code="paid",
                )
            cancelled = tuple(
                RefundLineSpec(line.pk, line.open_quantity, restock=RestockPolicy.CANCEL)
                for line in lines
                if line.open_quantity
            )
            for line in lines:
                if line.open_quantity:
                    refunded[line.sku] = refunded.get(line.sku, 0) + line.open_quantity
            refund_order(
                order_id=order.pk,
                spec=RefundSpec(
                    lines=cancelled,
                    shipping_amount=(
                        _shipping_charged(order) - _shipping_refunded(order)
                        if shipping_back
                        else ZERO
                    ),
                    amount=owed,
                    note=f"order cancelled{': ' + reason if reason else ''}"[:255],
                ),
                actor=actor,
                cancelling=True,
            )
            order = lock_order(order_id)
            lines = list(OrderLine.objects.filter(order=order).order_by("position"))
        for payment_id in Payment.objects.filter(
            order=order, status=PaymentStatus.AUTHORIZED
        ).values_list("pk", flat=True):
            void_payment(payment_id=payment_id, actor=actor)
            order = lock_order(order_id)
        units = reserving.release_lines([(line, None) for line in lines], actor=actor)
        released = {line.sku: units[line.pk] for line in lines if units[line.pk]}
        for sku, quantity in refunded.items():
            released[sku] = released.get(sku, 0) + quantity
        now = clock.now()
        order.status = status
        order.cancelled_at = now
        order.cancel_reason = reason
        order.updated_at = now
        order.save(update_fields=["status", "cancelled_at", "cancel_reason", "updated_at"])
        events.record(
            order,
            "cancelled",
            f"Order cancelled{': ' + reason if reason else ''}"
            + (f", {owed} {order.currency} refunded" if owed > 0 else ""),
            data={"released": released, "refunded": str(owed)},
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
