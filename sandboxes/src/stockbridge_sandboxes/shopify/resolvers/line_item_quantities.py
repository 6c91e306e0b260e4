"""An order line's quantities that Shopify derives from its fulfilments and refunds.

A line holds what was ordered (`quantity`), what is left to fulfil (`fulfillableQuantity`,
kept by fulfilments, cancelling refunds, edits and holds) and, once edited, `currentQuantity`.
A stored value (a hydrated recording, an edit) stands; otherwise the value is derived here,
as Shopify documents it.
"""

from __future__ import annotations

from typing import Any

from graphql import GraphQLResolveInfo

from stockbridge_sandboxes.shopify.resolvers.fulfillment_order_splits import fo_lines
from stockbridge_sandboxes.shopify.resolvers.registry import Context, computed
from stockbridge_sandboxes.shopify.sdl.modeled import not_supported
from stockbridge_sandboxes.shopify.store import Obj, Store


def _held(store: Store, line: Obj) -> int:
    """Units of the line on fulfillment orders that are on hold (not fulfillable, not fulfilled)."""
    units = 0
    for fo in store.all("FulfillmentOrder"):
        if fo.get("status") != "ON_HOLD":
            continue
        for fo_line in fo_lines(store, fo):
            if (fo_line.get("lineItem") or {}).get("__ref") == line.get("id"):
                units += int(fo_line.get("remainingQuantity") or 0)
    return units


def _refunded(store: Store, line: Obj) -> int:
    return sum(
        int(row.get("quantity") or 0)
        for refund in store.all("Refund")
        for row in refund.get("refundLineItems") or []
        if isinstance(row, dict) and (row.get("lineItem") or {}).get("__ref") == line.get("id")
    )


@computed("LineItem", "unfulfilledQuantity")
def unfulfilled_quantity(
    ctx: Context, line: Obj, _a: dict[str, Any], _i: GraphQLResolveInfo
) -> Any:
    """ "The number of units not yet fulfilled": those still to fulfil, held ones included
    (refunded and removed units are neither)."""
    if "unfulfilledQuantity" in line:
        return line["unfulfilledQuantity"]
    if line.get("fulfillableQuantity") is None:
        raise not_supported("LineItem", "unfulfilledQuantity")
    return int(line["fulfillableQuantity"]) + _held(ctx.store, line)


def _current(ctx: Context, line: Obj, field_name: str) -> int:
    """ "The number of units ordered, excluding refunded and removed units"."""
    if line.get("currentQuantity") is not None:
        return int(line["currentQuantity"])
    if line.get("quantity") is None:
        raise not_supported("LineItem", field_name)
    return max(0, int(line["quantity"]) - _refunded(ctx.store, line))


@computed("LineItem", "currentQuantity")
def current_quantity(ctx: Context, line: Obj, _a: dict[str, Any], _i: GraphQLResolveInfo) -> Any:
    return _current(ctx, line, "currentQuantity")


@computed("LineItem", "refundableQuantity")
def refundable_quantity(ctx: Context, line: Obj, _a: dict[str, Any], _i: GraphQLResolveInfo) -> Any:
    """Shopify documents it as currentQuantity's twin: units ordered less refunded and removed."""
    if "refundableQuantity" in line:
        return line["refundableQuantity"]
    return _current(ctx, line, "refundableQuantity")
