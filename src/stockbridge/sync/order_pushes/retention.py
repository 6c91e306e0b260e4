"""PII retention per channel ("sync orders" setting `pii_retention`): with "purge", the
personal data of the channel's finished orders goes `pii_purge_days` days after they shipped
in full (the last fulfilment) or were cancelled, and with it that of the customers known only
from this channel whose every order is purged. "indefinitely" keeps everything.

What goes and what stays is the domains' rule (`orders.services.privacy`,
`customers.services.purge_personal_data`): names, addresses, e-mail, phone go; order and
stock facts stay (lines, quantities, money, fulfilments and tracking, refunds, stock
movements, the addresses' country and region). Idempotent: a purged order is recorded in its
timeline and never purged again; a run finds only what is newly due.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.db.models import Exists, Max, OuterRef, Q

from stockbridge.channels.models import Channel
from stockbridge.channels.order_sync_settings import PURGE
from stockbridge.customers import services as customers
from stockbridge.customers.models import Customer
from stockbridge.orders import services as orders
from stockbridge.orders.models import Order
from stockbridge.orders.services.privacy import unpurged
from stockbridge.orders.states import OrderStatus
from stockbridge.platform import clock
from stockbridge.platform.errors import FieldError

from .intake import settings_of

BATCH = 500
FINISHED = (OrderStatus.FULFILLED, OrderStatus.CLOSED, OrderStatus.CANCELLED)


def due_orders(channel: Channel, days: int) -> list[int]:
    """Ids of the channel's finished orders past the retention whose data is still there."""
    cutoff = clock.now() - timedelta(days=days)
    rows = (
        unpurged(Order.objects.filter(channel=channel.name, status__in=FINISHED))
        .annotate(last_shipped=Max("fulfilments__shipped_at"))
        .filter(
            Q(last_shipped__lte=cutoff) | Q(last_shipped__isnull=True, cancelled_at__lte=cutoff)
        )
    )
    return list(rows.order_by("pk").values_list("pk", flat=True))


def _customers_only_from(channel: Channel, customer_ids: set[int]) -> list[int]:
    """Of these customers, those the channel brought whose every order is this channel's and
    purged."""
    other = Order.objects.filter(customer=OuterRef("pk")).filter(~Q(channel=channel.name))
    kept = unpurged(Order.objects.filter(customer=OuterRef("pk"), channel=channel.name))
    rows = Customer.objects.filter(pk__in=customer_ids, channel=channel.name).filter(
        ~Exists(other), ~Exists(kept)
    )
    return list(rows.values_list("pk", flat=True))


def purge_channel(channel: Channel, *, actor: str = "retention") -> dict[str, Any]:
    """Purge what the channel's retention makes due now; what was purged."""
    _enabled, settings = settings_of(channel.pk)
    if settings.pii_retention != PURGE:
        return {"channel": channel.name, "retention": settings.pii_retention, "orders": 0}
    due = due_orders(channel, settings.pii_purge_days)
    purged: list[int] = []
    for start in range(0, len(due), BATCH):
        purged += orders.purge_personal_data(
            order_ids=due[start : start + BATCH],
            reason=f"{channel.name}: {settings.pii_purge_days} days after shipment",
            actor=actor,
        )
    customer_ids = set(
        Order.objects.filter(pk__in=purged, customer__isnull=False).values_list(
            "customer_id", flat=True
        )
    )
    people = customers.purge_personal_data(customer_ids=_customers_only_from(channel, customer_ids))
    return {
        "channel": channel.name,
        "retention": f"purge after {settings.pii_purge_days} days",
        "orders": len(purged),
        "customers": len(people),
    }


def purge(*, channel_name: str | None = None, actor: str = "retention") -> list[dict[str, Any]]:
    """Run the retention of one channel (by name) or of every channel."""
    channels = Channel.objects.order_by("name")
    if channel_name is not None:
        channels = channels.filter(name=channel_name)
        if not channels.exists():
            raise FieldError("channel", f"no channel named {channel_name!r}", code="not_found")
    return [purge_channel(channel, actor=actor) for channel in channels]
