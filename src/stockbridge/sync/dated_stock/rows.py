"""The rows one size shows at one warehouse (pure): the `additions()` of the promises of the hub
locations feeding that warehouse, summed by date; today's row first (immediate, possibly 0),
then each later date that adds something (future)."""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Iterable
from datetime import date

from stockbridge.channels.port_stock_by_date import DatedQuantity
from stockbridge.inventory.promise import Promise


def rows_of(promises: Iterable[Promise], *, today: date) -> tuple[DatedQuantity, ...]:
    by_date: dict[date, int] = defaultdict(int)
    by_date[today] += 0
    for promise in promises:
        for on, units in promise.additions():
            by_date[max(on, today)] += units
    return tuple(
        DatedQuantity(on=on, quantity=by_date[on], immediate=on == today) for on in sorted(by_date)
    )


def fingerprint(rows: tuple[DatedQuantity, ...]) -> str:
    text = ";".join(f"{r.on.isoformat()}={r.quantity}{'i' if r.immediate else 'f'}" for r in rows)
    return hashlib.sha256(text.encode()).hexdigest()[:32]
