"""The hub's lines (by the channel's variant id, else SKU) matched to an order's products:
each order product takes what it still has room for (`room`: units not yet shipped, or not
yet refunded), first the products of the same variant, then of the same SKU."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

from stockbridge.channels.errors import Rejected
from stockbridge.channels.port_fulfilment import LineRef

Doc = Mapping[str, Any]


def _matches(line: LineRef, product: Doc) -> bool:
    if line.remote_variant_id is not None and str(product.get("variant_id")) == str(
        line.remote_variant_id
    ):
        return True
    return bool(line.sku) and str(product.get("sku") or "") == line.sku


def allocate(
    lines: Sequence[LineRef], products: Sequence[Doc], room: Callable[[Doc], int]
) -> dict[int, int]:
    """Order product id -> units, for every unit of `lines`; `Rejected` naming the SKU when
    the order has no room left for some."""
    left = {int(p["id"]): room(p) for p in products}
    taken: dict[int, int] = {}
    for line in lines:
        wanted = line.quantity
        for product in products:
            if wanted <= 0:
                break
            if not _matches(line, product):
                continue
            ident = int(product["id"])
            units = min(wanted, left[ident])
            if units > 0:
                left[ident] -= units
                taken[ident] = taken.get(ident, 0) + units
                wanted -= units
        if wanted > 0:
            raise Rejected(
                "lines", f"{line.sku or line.remote_variant_id}: {wanted} more than the order has"
            )
    return taken
