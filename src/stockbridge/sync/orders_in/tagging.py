"""Tag channel orders after import (the Get Orders setting `tag_after_import`): after the
commit, in a worker; a failure is kept on the row and retried by the next run or sweep.
Adding a tag the order already has changes nothing, so a retry is safe."""

from __future__ import annotations

from typing import Any

from huey.contrib.djhuey import db_task

from stockbridge.channels.access import connector_for
from stockbridge.channels.errors import ChannelError
from stockbridge.channels.models import Channel
from stockbridge.channels.port_orders import OrderSource
from stockbridge.platform import clock

from ..models import ChannelOrder

BATCH = 200


def pending_tags(channel_id: int) -> int:
    return (
        ChannelOrder.objects.filter(channel_id=channel_id, tagged_at__isnull=True)
        .exclude(tag="")
        .count()
    )


def tag_pending(channel_id: int) -> dict[str, int]:
    """Add each imported order's tag on the channel: counts of tagged and failed."""
    result = {"tagged": 0, "failed": 0}
    channel = Channel.objects.filter(pk=channel_id).first()
    if channel is None:
        return result
    source = connector_for(channel)
    if not isinstance(source, OrderSource):
        return result
    rows = list(
        ChannelOrder.objects.filter(channel_id=channel_id, tagged_at__isnull=True)
        .exclude(tag="")
        .order_by("id")[:BATCH]
    )
    for row in rows:
        try:
            source.tag_order(row.remote_id, [row.tag])
        except ChannelError as exc:
            ChannelOrder.objects.filter(pk=row.pk).update(tag_error=exc.message[:500])
            result["failed"] += 1
            continue
        ChannelOrder.objects.filter(pk=row.pk).update(tagged_at=clock.now(), tag_error="")
        result["tagged"] += 1
    return result


@db_task(name="tag_channel_orders")
def tag_channel_orders(channel_id: int) -> dict[str, Any]:
    return {"channel": channel_id, **tag_pending(channel_id)}
