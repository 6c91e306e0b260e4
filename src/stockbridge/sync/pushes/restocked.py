"""Units a refund or a cancellation sent from here restocked in the channel.

The channel moved its own figure by those units while the hub's push carries the same units
(the hub's refund or cancellation changed its stock too): whichever lands second would count
them twice. The hub is the system of record, so once the channel has taken the restock the
listings' figures there are forgotten and written again, without comparing, as the hub's.
The channel's lock is held while they are forgotten: a drain in flight has confirmed what it
wrote before, and every later drain writes unconditionally."""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction

from stockbridge.channels.models import Listing, ListingLevel, ListingStatus

from .. import listed_quantities as lq
from .drain import channel_lock, nudge
from .pending import mark_pending


def write_again(channel_id: int, variant_ids: Iterable[int | None]) -> int:
    """Have the hub's figures of `variant_ids` written over the channel's; how many listings
    (none when the channel does not take our quantities)."""
    enabled, settings = lq.sync_settings(channel_id)
    if not (enabled and settings.quantity):
        return 0
    listing_ids = list(
        Listing.objects.filter(
            channel_id=channel_id,
            variant_id__in={v for v in variant_ids if v is not None},
            status=ListingStatus.LINKED,
        ).values_list("id", flat=True)
    )
    if not listing_ids:
        return 0
    with channel_lock(channel_id), transaction.atomic():
        ListingLevel.objects.filter(listing_id__in=listing_ids).update(
            confirmed=None, confirmed_at=None
        )
        mark_pending([(listing_id, channel_id) for listing_id in listing_ids])
    nudge(channel_id)  # outside the lock: an immediate queue drains at once
    return len(listing_ids)
