"""Writing prices: `regular_price` and `sale_price` in batch updates of up to 100 (`batches`).

WooCommerce's pair maps onto the port's price and compare-at price: with a compare-at price,
the regular price is the compare-at price and the sale price the price (the store shows the
regular one struck through); a compare-at price cleared clears the sale price and the price
becomes the regular price; a price alone sets the regular price. Amounts are strings with the
currency's minor units, rounded half up; absolute, so sending twice changes nothing more.
WooCommerce's REST API has no cost: a cost to set or clear is a failed item (Rejected)."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from stockbridge.channels.errors import Rejected
from stockbridge.channels.port import ItemResult, Outcome, PriceWrite
from stockbridge.platform.bounds import CURRENCY_PLACES

from . import batches
from .client import WooClient
from .errors import excerpt, item_error


def amount(value: Decimal, currency: str) -> str:
    places = CURRENCY_PLACES.get(currency, 2)
    return str(value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP))


def row(write: PriceWrite, remote_id: str) -> dict[str, Any]:
    out: dict[str, Any] = {"id": int(remote_id)}
    if write.compare_at_price is not None:
        out["regular_price"] = amount(write.compare_at_price, write.currency)
        if write.price is not None:
            out["sale_price"] = amount(write.price, write.currency)
    elif write.price is not None:
        out["regular_price"] = amount(write.price, write.currency)
        if "compare_at_price" in write.cleared:
            out["sale_price"] = ""
    elif "compare_at_price" in write.cleared:
        out["sale_price"] = ""
    return out


def set_prices(client: WooClient, writes: Sequence[PriceWrite]) -> Iterator[ItemResult]:
    costly = [w for w in writes if w.cost is not None or "cost" in w.cleared]
    for write in costly:
        yield ItemResult(
            ref=write.ref,
            outcome=Outcome.FAILED,
            error_kind=Rejected.__name__,
            message="WooCommerce's REST API has no cost price: turn cost off in this "
            "channel's sync listings settings",
        )
    rest = [w for w in writes if w.cost is None and "cost" not in w.cleared]
    for path, pairs in batches.group(rest, lambda w: w.inventory_item_id).items():
        rows = [row(w, remote_id) for w, remote_id in pairs]
        sent = {id(r): w for r, (w, _) in zip(rows, pairs, strict=True)}
        for sent_row, item, _gone in batches.update(client, path, rows):
            write = sent[id(sent_row)]
            if item is None or "error" in item:
                error = (item or {}).get("error")
                kind, message = item_error(error if isinstance(error, dict) else {})
                yield ItemResult(
                    ref=write.ref,
                    outcome=Outcome.FAILED,
                    error_kind=kind,
                    message=message,
                    request_excerpt=excerpt(sent_row),
                    response_excerpt=excerpt(item),
                )
            else:
                yield ItemResult(ref=write.ref, outcome=Outcome.UPDATED)
