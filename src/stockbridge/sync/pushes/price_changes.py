"""The listener of the catalog's price changes. The catalog reports the variants whose price,
compare-at price, cost or currency it changed (`platform.wakeups.changed("prices", ids)`,
inside its transaction); here, in that same transaction, one `PendingPush(aspect="price")` is
upserted per linked listing of those variants on every channel whose "sync listings" is
enabled and pushes a price field, and those channels' drains are nudged after the commit.
The pending rows commit or roll back with the change."""

from __future__ import annotations

from stockbridge.channels.models import Listing, ListingStatus
from stockbridge.platform import wakeups

from .. import listed_prices as lp
from .. import listed_quantities as lq
from .drain import nudge
from .pending import PRICE, mark_pending

TOPIC = "prices"
CHUNK = 500


def variants_repriced(variant_ids: frozenset[int]) -> None:
    """The catalog changed these variants' prices: mark their listings pending on every
    channel that pushes prices (in the catalog's transaction), nudge those drains."""
    ids = sorted(variant_ids)
    found: list[tuple[int, int]] = []
    for start in range(0, len(ids), CHUNK):
        found += Listing.objects.filter(
            variant_id__in=ids[start : start + CHUNK], status=ListingStatus.LINKED
        ).values_list("id", "channel_id")
    if not found:
        return
    pushing = {c for c in {c for _, c in found} if _pushes_prices(c)}
    pairs = [(listing_id, c) for listing_id, c in found if c in pushing]
    mark_pending(pairs, aspect=PRICE)
    for channel_id in sorted(pushing):
        nudge(channel_id)


def _pushes_prices(channel_id: int) -> bool:
    enabled, settings = lq.sync_settings(channel_id)
    return enabled and lp.pushes_prices(settings)


def install() -> None:
    """Listen to the catalog's price changes (app start-up)."""
    wakeups.listen_changes(TOPIC, variants_repriced)


def uninstall() -> None:
    wakeups.forget_changes(TOPIC, variants_repriced)
