"""Pausing a channel's listings of some products (the seeds' "pause listing"): a paused
listing keeps its link to the store but gets no pushes (quantities, prices) until it is
resumed. Only linked listings pause and only paused ones resume; others (an error, removed)
are left as they are. One transaction, keyword-only arguments, typed errors."""

from __future__ import annotations

from collections.abc import Sequence

from django.db import transaction

from stockbridge.platform import clock
from stockbridge.platform.errors import FieldError, NotFound

from .models import Channel, Listing, ListingStatus

MAX_PRODUCTS = 500  # a bulk action's products at once (ten pages of the catalog list)


def set_paused(*, channel_id: int, product_ids: Sequence[int], paused: bool) -> list[int]:
    """Pause (or resume, `paused=False`) the channel's listings of the products' variants;
    the ids of the listings changed. Raises FieldError (no product, too many, a non-id),
    NotFound (`channel_id`); nothing is written then."""
    ids = _product_ids(product_ids)
    if not Channel.objects.filter(pk=channel_id).exists():
        raise NotFound("channel_id", f"no channel {channel_id}")
    before, after = (
        (ListingStatus.LINKED, ListingStatus.PAUSED)
        if paused
        else (ListingStatus.PAUSED, ListingStatus.LINKED)
    )
    with transaction.atomic():
        rows = Listing.objects.select_for_update().filter(
            channel_id=channel_id, variant__product_id__in=ids, status=before
        )
        changed = list(rows.order_by("id").values_list("id", flat=True))
        Listing.objects.filter(pk__in=changed).update(status=after, updated_at=clock.now())
    return changed


def _product_ids(values: Sequence[int]) -> list[int]:
    if not values:
        raise FieldError("product_ids", "name at least one product")
    if len(values) > MAX_PRODUCTS:
        raise FieldError("product_ids", f"at most {MAX_PRODUCTS} products at once")
    if not all(isinstance(v, int) and not isinstance(v, bool) and v > 0 for v in values):
        raise FieldError("product_ids", "must be product ids (positive integers)")
    return sorted(set(values))
