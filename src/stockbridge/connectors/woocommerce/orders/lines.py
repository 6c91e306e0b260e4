"""Which of a WooCommerce order's lines the hub's units are: matched by variant id (the
variation, or a simple product), else by SKU, never beyond what each line has open."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from stockbridge.channels.errors import Rejected
from stockbridge.channels.port_fulfilment import LineRef

from .mapping import REFUNDED_ITEM, made_here
from .values import meta, number, objects, text


@dataclass
class OrderLine:
    line_id: int
    variant: str
    sku: str
    quantity: int
    left: int  # units not shipped (or refunded) yet


def order_lines(order: Mapping[str, Any]) -> list[OrderLine]:
    found = []
    for line in objects(order, "line_items"):
        variant = number(line, "variation_id") or number(line, "product_id")
        quantity = number(line, "quantity")
        found.append(
            OrderLine(
                number(line, "id"),
                str(variant) if variant else "",
                text(line, "sku"),
                quantity,
                quantity,
            )
        )
    return found


def take(lines: Sequence[OrderLine], ref: LineRef, what: str) -> list[tuple[OrderLine, int]]:
    """`ref`'s units from the lines that have them open (lowering their `left`)."""
    wanted, taken = ref.quantity, []
    for match in (
        lambda x: bool(ref.remote_variant_id) and x.variant == ref.remote_variant_id,
        lambda x: bool(ref.sku) and x.sku == ref.sku,
    ):
        for line in lines:
            if wanted and line.left and match(line):
                units = min(wanted, line.left)
                line.left -= units
                wanted -= units
                taken.append((line, units))
    if wanted:
        raise Rejected(
            "lines",
            f"the order in WooCommerce has no line with {wanted} more units of "
            f"{ref.sku or ref.remote_variant_id} to {what}",
        )
    return taken


def less_refunded(lines: Sequence[OrderLine], refunds: Sequence[Mapping[str, Any]]) -> None:
    """Lower each line's open units by what refunds gave back (a refunded unit is never
    shipped)."""
    by_id = {line.line_id: line for line in lines}
    for refund in refunds:
        for item in objects(refund, "line_items"):
            line = by_id.get(int(meta(item, REFUNDED_ITEM) or 0))
            if line is not None:
                line.left = max(line.left - abs(number(item, "quantity")), 0)


def own_refund(refunds: Sequence[Mapping[str, Any]], key: str) -> str:
    """The id of the refund this hub made with idempotency key `key` ("" when none)."""
    for refund in refunds:
        if made_here(refund) and meta(refund, "stockbridge_refund_key") == key:
            return str(refund.get("id"))
    return ""
