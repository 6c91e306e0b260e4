"""A channel's fulfilment recorded exactly once: a redelivered fulfilment (same channel and
external id) returns the one already recorded and ships nothing again."""

from __future__ import annotations

from collections.abc import Sequence

from django.db import transaction

from stockbridge.platform.bounds import check_text
from stockbridge.platform.errors import Conflict, FieldError

from ..models import Fulfilment
from ..specs import FulfilLine, Tracking
from .fulfilling import fulfil_order
from .loading import check_source, lock_order

CARRIER_MAX = Fulfilment._meta.get_field("carrier").max_length or 120
URL_MAX = Fulfilment._meta.get_field("tracking_url").max_length or 1024


def record_channel_fulfilment(
    *,
    order_id: int,
    channel: str,
    external_id: str,
    location_id: int,
    lines: Sequence[FulfilLine] | None = None,
    tracking: Tracking | None = None,
    actor: str = "",
) -> tuple[Fulfilment, bool]:
    """Ship what a channel says it shipped, once: (fulfilment, created). The order is locked
    first, so a redelivery at the same instant waits and then finds the first one. Raises
    FieldError (channel, external_id, tracking text), Conflict (the channel's fulfilment
    belongs to another order) and what `fulfil_order` raises; nothing changes then."""
    if not channel or not external_id:
        field = "channel" if not channel else "external_id"
        raise FieldError(field, "is required to record a channel fulfilment")
    check_source(channel, external_id)
    tracking = tracking or Tracking()
    check_text("tracking_carrier", tracking.carrier, limit=CARRIER_MAX)
    check_text("tracking_number", tracking.number)
    check_text("tracking_url", tracking.url, limit=URL_MAX)
    with transaction.atomic():
        order = lock_order(order_id, only=("id",))
        existing = Fulfilment.objects.filter(channel=channel, external_id=external_id).first()
        if existing is not None:
            if existing.order_id != order.pk:
                raise Conflict(
                    "external_id",
                    f"fulfilment {external_id!r} of {channel!r} belongs to another order",
                )
            return existing, False
        fulfilment = fulfil_order(
            order_id=order_id,
            location_id=location_id,
            lines=lines,
            tracking=tracking,
            actor=actor,
        )
        fulfilment.channel = channel
        fulfilment.external_id = external_id
        fulfilment.save(update_fields=["channel", "external_id"])
        return fulfilment, True


def link_sent_fulfilment(*, fulfilment_id: int, channel: str, external_id: str) -> bool:
    """Name a fulfilment made in the hub by the id the channel gave it when it was sent there,
    so that the channel's own report of it (a webhook, a poll) finds it recorded instead of
    shipping it twice. True when linked now; a fulfilment already linked, or an id another
    fulfilment holds, is left as it is. Raises FieldError (channel, external_id)."""
    check_source(channel, external_id)
    if not channel:
        raise FieldError("channel", "is required to link a fulfilment")
    with transaction.atomic():
        if Fulfilment.objects.filter(channel=channel, external_id=external_id).exists():
            return False
        return bool(
            Fulfilment.objects.filter(pk=fulfilment_id, external_id="").update(
                channel=channel, external_id=external_id
            )
        )
