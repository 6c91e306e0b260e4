"""Personal data of finished channel orders purged after the channel's retention.

What goes: the order's e-mail, and from its billing and shipping addresses the name, company,
street lines, city, postal code and phone. What stays (order and stock facts): number,
channel and external id, lines, quantities, prices, taxes, totals, payments, refunds,
fulfilments with carrier and tracking, stock movements, and the addresses' country and region
(what taxes were worked out from). The order's timeline records the purge (`pii_purged`),
which is also how a purge already made is known: purging twice changes nothing.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.db.models import Exists, OuterRef, QuerySet

from stockbridge.platform import clock

from .. import events
from ..models import Order, OrderHistory

PURGED = "pii_purged"
KEPT_ADDRESS_FIELDS = ("country_code", "region")


def unpurged(orders: QuerySet[Order]) -> QuerySet[Order]:
    """The orders of `orders` whose personal data is still there."""
    done = OrderHistory.objects.filter(order=OuterRef("pk"), kind=PURGED)
    return orders.filter(~Exists(done))


def _kept(address: Any) -> dict[str, Any]:
    if not isinstance(address, dict):
        return {}
    return {k: address[k] for k in KEPT_ADDRESS_FIELDS if address.get(k)}


def purge_personal_data(*, order_ids: Iterable[int], reason: str, actor: str = "") -> list[int]:
    """Replace the personal data of these orders (see the module); the ids purged now (those
    purged before are left as they are). One transaction."""
    ids = sorted(set(order_ids))
    with transaction.atomic():
        orders = list(unpurged(Order.objects.select_for_update().filter(pk__in=ids)).order_by("pk"))
        now = clock.now()
        for order in orders:
            order.email = ""
            order.billing_address = _kept(order.billing_address)
            order.shipping_address = _kept(order.shipping_address)
            order.updated_at = now
        Order.objects.bulk_update(
            orders, ["email", "billing_address", "shipping_address", "updated_at"]
        )
        events.record_all(
            events.entry(order, PURGED, f"Personal data purged ({reason})", actor=actor, at=now)
            for order in orders
        )
        return [order.pk for order in orders]
