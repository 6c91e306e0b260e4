"""What a drain does with a batch's rows once the channel answered, whatever the aspect: the
rows done are deleted if nobody changed them meanwhile, the failed ones wait with a backoff,
the listings gone from the channel are marked removed (their pending rows go), and an error
that stopped a whole call stops the drain (a refused token disconnects the channel)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import datetime, timedelta

from stockbridge.channels.errors import AuthFailed, ChannelError
from stockbridge.channels.models import Channel, ChannelStatus, Listing, ListingStatus

from ..models import PendingPush
from .state import DrainState

BACKOFF_BASE = 5.0  # seconds; doubled per attempt
BACKOFF_MAX = 900.0


def settle_rows(
    state: DrainState,
    now: datetime,
    *,
    done: Iterable[PendingPush],
    waiting: Iterable[tuple[PendingPush, str]],
    removed: dict[int, str],
) -> None:
    """Inside the batch's transaction: `removed` = {listing id: the channel's reason}."""
    for listing_id, reason in removed.items():
        Listing.objects.filter(pk=listing_id).update(
            status=ListingStatus.REMOVED,
            status_reason=f"removed from the channel: {reason}"[:500],
            updated_at=now,
        )
        PendingPush.objects.filter(listing_id=listing_id).delete()
        state.result.removed += 1
    by_version: dict[int, list[int]] = defaultdict(list)
    for row in done:
        by_version[row.version].append(row.pk)
    for version, ids in by_version.items():  # only rows nobody changed meanwhile
        PendingPush.objects.filter(pk__in=ids, version=version).delete()
    for row, reason in waiting:
        delay = min(BACKOFF_BASE * 2**row.attempts, BACKOFF_MAX)
        PendingPush.objects.filter(pk=row.pk).update(
            not_before=now + timedelta(seconds=delay),
            attempts=row.attempts + 1,
            last_error=reason[:1000],
        )
        state.result.waiting += 1


def went_on(state: DrainState, stopped: ChannelError | None) -> bool:
    """After the batch's commit: True when nothing stopped it; else the drain stops, and a
    refused token disconnects the channel with the reason."""
    if stopped is None:
        return True
    state.result.stopped = stopped.message
    if isinstance(stopped, AuthFailed):
        Channel.objects.filter(pk=state.channel.pk).update(
            status=ChannelStatus.DISCONNECTED, status_reason=stopped.message[:500]
        )
    return False
