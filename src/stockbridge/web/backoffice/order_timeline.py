"""An order's life as a merchant reads it, oldest first: created, confirmed (with what was
allocated where, per line), each fulfilment with its tracking, invoices, payments, refunds,
cancellation, closing. Built from the order's rows, loaded once (`load`)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from django.db.models import Prefetch

from stockbridge.orders.models import LineAllocation, Order, OrderLine
from stockbridge.platform.money_display import format_money


@dataclass(frozen=True, slots=True)
class Step:
    at: datetime
    title: str
    details: list[str] = field(default_factory=list)


def load(order_id: int) -> Order | None:
    """The order with everything its page shows, in a fixed number of queries."""
    return (
        Order.objects.select_related("customer", "requested_location")
        .prefetch_related(
            Prefetch(
                "lines",
                queryset=OrderLine.objects.order_by("position", "id").prefetch_related(
                    Prefetch(
                        "allocations",
                        queryset=LineAllocation.objects.select_related("location").order_by("id"),
                    )
                ),
            ),
            "shipping_lines",
            "fulfilments__lines__line",
            "fulfilments__location",
            "refunds__lines__line",
            "refunds__lines__location",
            "invoices",
            "payments__invoice",
        )
        .filter(pk=order_id)
        .first()
    )


def _lines(n: int) -> str:
    return "1 line" if n == 1 else f"{n} lines"


def steps(order: Order) -> list[Step]:
    money = order.currency
    out = [
        Step(
            order.placed_at,
            "Created",
            [f"{format_money(order.total, money)} for {_lines(len(order.lines.all()))}"]
            + ([f"from {order.channel} ({order.external_name})"] if order.channel else []),
        )
    ]
    if order.confirmed_at:
        allocated = [
            f"{line.sku}: {a.quantity} allocated at {a.location.code}"
            for line in order.lines.all()
            for a in line.allocations.all()
        ]
        out.append(Step(order.confirmed_at, "Confirmed", allocated))
    for f in order.fulfilments.all():
        details = [f"{fl.line.sku} x {fl.quantity}" for fl in f.lines.all()]
        tracking = " ".join(x for x in (f.carrier, f.tracking_number) if x)
        if tracking:
            details.append(f"tracking {tracking}")
        out.append(Step(f.shipped_at, f"Fulfilled from {f.location.code}", details))
    for invoice in order.invoices.all():
        out.append(
            Step(
                invoice.issued_at,
                f"Invoiced {invoice.number}",
                [format_money(invoice.total, invoice.currency)],
            )
        )
    for payment in order.payments.all():
        out.append(
            Step(
                payment.created_at,
                f"Payment {payment.get_status_display().lower()}",
                [
                    f"{format_money(payment.amount, money)} on {payment.invoice.number}",
                    *([f"by {payment.gateway}"] if payment.gateway else []),
                ],
            )
        )
    for refund in order.refunds.all():
        details = [
            f"{rl.line.sku} x {rl.quantity}: {rl.get_restock_display()}"
            + (f" at {rl.location.code}" if rl.location else "")
            + (" (damaged)" if rl.damaged else "")
            for rl in refund.lines.all()
        ]
        if refund.note:
            details.append(refund.note)
        out.append(
            Step(refund.created_at, f"Refunded {format_money(refund.amount, money)}", details)
        )
    if order.cancelled_at:
        out.append(
            Step(
                order.cancelled_at,
                "Cancelled",
                [order.cancel_reason] if order.cancel_reason else [],
            )
        )
    if order.closed_at:
        out.append(Step(order.closed_at, "Closed"))
    return sorted(out, key=lambda s: s.at)
