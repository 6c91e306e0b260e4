"""The write service of "push stock by date": what was sent of each listing at each warehouse
(the fingerprint of its rows), recorded in one transaction after the channel confirmed it."""

from __future__ import annotations

from collections.abc import Sequence

from django.db import transaction

from stockbridge.platform import clock

from .models import DatedStockPush


def remember_pushed(*, pushes: Sequence[tuple[int, str, str]]) -> None:
    """`pushes`: (listing id, warehouse id, fingerprint) each."""
    now = clock.now()
    with transaction.atomic():
        for listing_id, warehouse_id, fingerprint in pushes:
            DatedStockPush.objects.update_or_create(
                listing_id=listing_id,
                warehouse_id=warehouse_id,
                defaults={"fingerprint": fingerprint, "pushed_at": now},
            )
