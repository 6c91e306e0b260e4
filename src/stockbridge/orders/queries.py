"""Order reads: the filtered list, one order with everything loaded, and the timeline (every
state change and ledger effect, newest first)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db.models import QuerySet

from stockbridge.inventory.models import Movement

from .models import Order, OrderHistory


def orders(
    *,
    status: str | None = None,
    financial_status: str | None = None,
    channel: str | None = None,
    customer_id: int | None = None,
    since: datetime | None = None,
    until: datetime | None = None,
    tag: str | None = None,
    number: str | None = None,
) -> QuerySet[Order]:
    """Orders matching every filter given (placed_at in [since, until)), with lines, tags and
    shipping lines loaded. A text filter holding a NUL character matches nothing (no stored
    text holds one)."""
    qs = Order.objects.prefetch_related("lines", "tags", "shipping_lines")
    texts = (status, financial_status, channel, tag, number)
    if any("\x00" in (value or "") for value in texts):
        return qs.none()
    if status:
        qs = qs.filter(status=status)
    if financial_status:
        qs = qs.filter(financial_status=financial_status)
    if channel is not None:
        qs = qs.filter(channel=channel)
    if customer_id is not None:
        qs = qs.filter(customer_id=customer_id)
    if since:
        qs = qs.filter(placed_at__gte=since)
    if until:
        qs = qs.filter(placed_at__lt=until)
    if tag:
        qs = qs.filter(tags__name=tag)
    if number:
        qs = qs.filter(number=number)
    return qs.distinct()


def order(order_id: int) -> Order | None:
    """One order with lines, shipping, fulfilments, refunds, invoices and payments loaded."""
    return (
        Order.objects.prefetch_related(
            "lines",
            "tags",
            "shipping_lines",
            "fulfilments__lines",
            "fulfilments__location",
            "refunds__lines",
            "invoices__lines",
            "payments",
        )
        .filter(pk=order_id)
        .first()
    )


@dataclass(frozen=True, slots=True)
class TimelineEntry:
    at: datetime
    kind: str
    message: str
    data: dict[str, Any]
    actor: str


def _movement_entry(m: Movement) -> TimelineEntry:
    parts = []
    if m.on_hand_delta:
        parts.append(f"on_hand {m.on_hand_delta:+d}")
    if m.committed_delta:
        parts.append(f"committed {m.committed_delta:+d}")
    return TimelineEntry(
        at=m.created_at,
        kind=f"stock.{m.reason}",
        message=f"{m.variant.sku} at {m.location.code}: {', '.join(parts) or 'no change'}",
        data={
            "sku": m.variant.sku,
            "location": m.location.code,
            "on_hand_delta": m.on_hand_delta,
            "committed_delta": m.committed_delta,
            "reference": m.reference,
        },
        actor=m.actor,
    )


def timeline(order_id: int) -> list[TimelineEntry]:
    """Every state change (history) and every ledger movement the order caused, newest first.
    Ledger rows are found by reference: `order:<id>:...`."""
    history = [
        (h.created_at, 1, h.pk, TimelineEntry(h.created_at, h.kind, h.message, h.data, h.actor))
        for h in OrderHistory.objects.filter(order_id=order_id)
    ]
    moves = [
        (m.created_at, 0, m.pk, _movement_entry(m))
        for m in Movement.objects.select_related("variant", "location").filter(
            reference__startswith=f"order:{order_id}:"
        )
    ]
    merged = sorted(history + moves, key=lambda x: (x[0], x[1], x[2]), reverse=True)
    return [entry for *_, entry in merged]
