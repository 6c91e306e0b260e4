"""FulfillmentOrder fields Shopify copies from the order it belongs to."""

from __future__ import annotations

from typing import Any

from graphql import GraphQLResolveInfo

from stockbridge_sandboxes.shopify.resolvers.registry import Context, computed
from stockbridge_sandboxes.shopify.sdl.modeled import not_supported
from stockbridge_sandboxes.shopify.store import Obj


def _from_order(ctx: Context, fo: Obj, field_name: str, order_field: str) -> Any:
    if fo.get(field_name) is not None:
        return fo[field_name]
    order = ctx.store.deref(fo.get("order"))
    value = order.get(order_field) if isinstance(order, dict) else None
    if value is None:
        raise not_supported("FulfillmentOrder", field_name)
    return value


@computed("FulfillmentOrder", "orderId")
def order_id(ctx: Context, fo: Obj, _a: dict[str, Any], _i: GraphQLResolveInfo) -> Any:
    return _from_order(ctx, fo, "orderId", "id")


@computed("FulfillmentOrder", "orderName")
def order_name(ctx: Context, fo: Obj, _a: dict[str, Any], _i: GraphQLResolveInfo) -> Any:
    return _from_order(ctx, fo, "orderName", "name")


@computed("FulfillmentOrder", "orderProcessedAt")
def order_processed_at(ctx: Context, fo: Obj, _a: dict[str, Any], _i: GraphQLResolveInfo) -> Any:
    return _from_order(ctx, fo, "orderProcessedAt", "processedAt")
