"""Tracking changed after shipment: a fulfilment's carrier, number or URL corrected. The
order's channel hears of it through the outbox (order.tracking_updated)."""

from __future__ import annotations

from django.db import transaction

from stockbridge.platform import clock
from stockbridge.platform.bounds import check_text
from stockbridge.platform.errors import FieldError, NotFound

from .. import events
from ..events import EventKind
from ..models import Fulfilment
from ..specs import Tracking
from .loading import lock_order

CARRIER_MAX = Fulfilment._meta.get_field("carrier").max_length or 120
NUMBER_MAX = Fulfilment._meta.get_field("tracking_number").max_length or 255
URL_MAX = Fulfilment._meta.get_field("tracking_url").max_length or 1024


def update_tracking(*, fulfilment_id: int, tracking: Tracking, actor: str = "") -> Fulfilment:
    """Replace a fulfilment's carrier, tracking number and URL (and whether the customer is
    told). The same values again change nothing and emit nothing. Raises NotFound
    (fulfilment_id), FieldError (tracking_carrier, tracking_number, tracking_url)."""
    check_text("tracking_carrier", tracking.carrier, limit=CARRIER_MAX)
    check_text("tracking_number", tracking.number, limit=NUMBER_MAX)
    check_text("tracking_url", tracking.url, limit=URL_MAX)
    if tracking.url and not tracking.url.startswith(("https://", "http://")):
        raise FieldError("tracking_url", "must be an http(s) URL")
    order_id = Fulfilment.objects.filter(pk=fulfilment_id).values_list("order_id", flat=True)
    found = order_id.first()
    if found is None:
        raise NotFound("fulfilment_id", f"no fulfilment with id {fulfilment_id}")
    with transaction.atomic():
        order = lock_order(found)
        fulfilment = Fulfilment.objects.get(pk=fulfilment_id)
        before = (fulfilment.carrier, fulfilment.tracking_number, fulfilment.tracking_url)
        after = (tracking.carrier, tracking.number, tracking.url)
        if before == after and fulfilment.notify_customer == tracking.notify_customer:
            return fulfilment
        fulfilment.carrier, fulfilment.tracking_number, fulfilment.tracking_url = after
        fulfilment.notify_customer = tracking.notify_customer
        fulfilment.save(
            update_fields=["carrier", "tracking_number", "tracking_url", "notify_customer"]
        )
        payload = {
            "fulfilment_id": fulfilment.pk,
            "carrier": tracking.carrier,
            "tracking_number": tracking.number,
            "tracking_url": tracking.url,
            "notify_customer": tracking.notify_customer,
            "before": {"carrier": before[0], "tracking_number": before[1]},
        }
        events.record(
            order,
            "tracking_updated",
            f"Tracking of fulfilment {fulfilment.pk} changed to "
            f"{tracking.carrier or '-'} {tracking.number or '-'}",
            data=payload,
            actor=actor,
            at=clock.now(),
        )
        events.emit(order, EventKind.TRACKING_UPDATED, payload)
        return fulfilment
