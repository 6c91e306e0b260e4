"""Deleted here -> deleted there (Stock&Buy's table; publish setting `delete_in_channel`, on by
default): a product deleted in the hub deletes its linked product on each channel.

The catalog reports the deletion in its transaction (`wakeups.changed("products_deleted",
ids)`) before its rows go; here, in that transaction, one `PendingProductDelete` per channel
x linked remote product is written (it commits or rolls back with the deletion), and the
channel's drain is nudged after the commit. The drain deletes each in the channel and removes
its row: a product the channel no longer holds counts as deleted; a call that failed keeps
its row (attempts, last error) for the every-minute sweep to nudge again. A row exists once
per channel x product, and goes only when the product is gone there: deleted exactly once."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import Any, cast

from django.db import transaction
from django.db.models import Count
from huey.contrib.djhuey import db_task

from stockbridge.channels.access import connector_for
from stockbridge.channels.errors import AuthFailed, ChannelError, NotFound
from stockbridge.channels.models import Channel, ChannelStatus, Listing, PublishedProductState
from stockbridge.channels.port_publish_delete import ProductRemover
from stockbridge.channels.services import mark_disconnected
from stockbridge.platform import clock, wakeups

from ..jobs.publish_listings import settings_of
from ..models import PendingProductDelete
from ..nudge import after_commit

logger = logging.getLogger("stockbridge.sync.publish.deleting")
TOPIC = "products_deleted"
BATCH = 100


def products_deleted(product_ids: frozenset[int]) -> None:
    """The catalog is deleting these products: note their linked channel products to delete
    (in its transaction) and nudge those channels' drains after the commit."""
    linked = (
        Listing.objects.filter(variant__product_id__in=sorted(product_ids))
        .exclude(remote_product_id="")
        .values_list("channel_id", "remote_product_id", "variant__product__title")
        .distinct()
    )
    found: dict[tuple[int, str], str] = {}
    for channel_id, remote_id, title in linked:
        found.setdefault((channel_id, remote_id), title)
    deleting = {c for c in {c for c, _ in found} if _deletes(c)}
    now = clock.now()
    rows = [
        PendingProductDelete(
            channel_id=channel_id, remote_product_id=remote_id, title=title[:255], created_at=now
        )
        for (channel_id, remote_id), title in sorted(found.items())
        if channel_id in deleting
    ]
    if not rows:
        return
    PendingProductDelete.objects.bulk_create(rows, ignore_conflicts=True)
    for channel_id in sorted(deleting):
        nudge(channel_id)


def _deletes(channel_id: int) -> bool:
    enabled, settings = settings_of(channel_id)
    return enabled and settings.delete_in_channel


@db_task(name="delete_products_in_channel")
def delete_products_in_channel(channel_id: int) -> dict[str, Any]:
    return {"channel": channel_id, **drain(channel_id)}


def nudge(channel_id: int) -> None:
    """Have the channel's deletes sent once the current transaction commits."""
    after_commit(delete_products_in_channel, channel_id)


def drain(channel_id: int) -> dict[str, int]:
    """Delete in the channel what is pending for it; stop at the first failed call (the rest
    waits for the sweep's next nudge)."""
    done = {"deleted": 0, "already_gone": 0, "failed": 0}
    channel = Channel.objects.filter(pk=channel_id).first()
    if channel is None or channel.status != ChannelStatus.CONNECTED:
        return done
    remover = cast(ProductRemover, connector_for(channel))
    while True:
        rows = list(PendingProductDelete.objects.filter(channel_id=channel_id)[:BATCH])
        if not rows:
            return done
        for row in rows:
            try:
                remover.delete_product(row.remote_product_id)
            except NotFound:
                done["already_gone"] += 1
            except AuthFailed as exc:
                mark_disconnected(channel_id=channel_id, reason=exc.message)
                _failed(row, exc)
                done["failed"] += 1
                return done
            except ChannelError as exc:
                _failed(row, exc)
                done["failed"] += 1
                return done
            else:
                done["deleted"] += 1
            _gone(channel_id, [row])


def _gone(channel_id: int, rows: Sequence[PendingProductDelete]) -> None:
    remote_ids = [r.remote_product_id for r in rows]
    with transaction.atomic():
        PendingProductDelete.objects.filter(pk__in=[r.pk for r in rows]).delete()
        PublishedProductState.objects.filter(
            channel_id=channel_id, remote_product_id__in=remote_ids
        ).delete()


def _failed(row: PendingProductDelete, exc: ChannelError) -> None:
    logger.warning(
        "deleting %s in channel %s failed: %s", row.remote_product_id, row.channel_id, exc
    )
    PendingProductDelete.objects.filter(pk=row.pk).update(
        attempts=row.attempts + 1, last_error=exc.message[:1000]
    )


def due() -> dict[int, int]:
    """{channel id: deletes pending} of connected channels (the sweep nudges their drains)."""
    counted = (
        PendingProductDelete.objects.filter(channel__status=ChannelStatus.CONNECTED)
        .values("channel_id")
        .annotate(n=Count("id"))
        .values_list("channel_id", "n")
    )
    return dict(counted)


def install() -> None:
    """Listen to the catalog's product deletions (app start-up)."""
    wakeups.listen_changes(TOPIC, products_deleted)


def uninstall() -> None:
    wakeups.forget_changes(TOPIC, products_deleted)
