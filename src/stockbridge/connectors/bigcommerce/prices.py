"""Prices: `PUT /v3/catalog/variants`, 50 variants a call. The hub's price is the variant's
`price`, its compare-at price BigCommerce's `retail_price` (MSRP, shown struck through), its
cost `cost_price`; a cleared optional amount is written as 0 (BigCommerce's "none").

A refused batch is sent again variant by variant, so one refusal never sinks the others."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

from stockbridge.channels.errors import NotFound, Rejected
from stockbridge.channels.port import ItemResult, Outcome, PriceWrite

from .client import BigCommerceClient

BATCH = 50
FIELDS = {"price": "price", "compare_at_price": "retail_price", "cost": "cost_price"}


def _entry(write: PriceWrite) -> dict[str, Any]:
    entry: dict[str, Any] = {"id": int(write.variant_id)}
    for ours, theirs in FIELDS.items():
        value = getattr(write, ours)
        if value is not None:
            entry[theirs] = float(value)
        elif ours in write.cleared:
            entry[theirs] = 0
    return entry


def set_prices(client: BigCommerceClient, writes: Sequence[PriceWrite]) -> Iterator[ItemResult]:
    for start in range(0, len(writes), BATCH):
        yield from _batch(client, writes[start : start + BATCH])


def _batch(client: BigCommerceClient, writes: Sequence[PriceWrite]) -> Iterator[ItemResult]:
    try:
        client.call("PUT", "/catalog/variants", body=[_entry(w) for w in writes])
    except (Rejected, NotFound) as exc:
        if len(writes) == 1:
            kind = "NotFound" if "no variant" in str(exc) else type(exc).__name__
            yield ItemResult(
                ref=writes[0].ref,
                outcome=Outcome.FAILED,
                error_kind=kind,
                message=f"BigCommerce refused the prices: {exc}",
            )
            return
        for write in writes:
            yield from _batch(client, [write])
        return
    for write in writes:
        yield ItemResult(ref=write.ref, outcome=Outcome.UPDATED)
