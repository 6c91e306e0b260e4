"""Pausing and resuming a channel's listings of some products (the catalog's bulk actions). A
resumed listing catches up at once: its quantity is marked pending in the same transaction
and the channel's drain is nudged after the commit (a price change made while it was paused
goes with the next price push or "Run now" of sync listings)."""

from __future__ import annotations

from collections.abc import Sequence

from django.db import transaction

from stockbridge.channels import listing_pause

from .pushes.drain import nudge
from .pushes.pending import mark_pending


def pause_listings(*, channel_id: int, product_ids: Sequence[int]) -> int:
    """Pause the channel's linked listings of the products; how many were paused."""
    changed = listing_pause.set_paused(channel_id=channel_id, product_ids=product_ids, paused=True)
    return len(changed)


def resume_listings(*, channel_id: int, product_ids: Sequence[int]) -> int:
    """Resume the channel's paused listings of the products and push their quantities; how
    many were resumed."""
    with transaction.atomic():
        changed = listing_pause.set_paused(
            channel_id=channel_id, product_ids=product_ids, paused=False
        )
        if changed:
            mark_pending((listing_id, channel_id) for listing_id in changed)
            nudge(channel_id)
    return len(changed)
