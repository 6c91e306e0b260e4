"""Fields Shopify derives the same way on every type that has them."""

from __future__ import annotations

from typing import Any

from graphql import GraphQLResolveInfo

from stockbridge_sandboxes.shopify.gid import gid_number, gid_type
from stockbridge_sandboxes.shopify.resolvers.registry import Context, derived_on_every_type
from stockbridge_sandboxes.shopify.sdl.modeled import not_supported


@derived_on_every_type("legacyResourceId")
def legacy_resource_id(
    ctx: Context, source: Any, _a: dict[str, Any], info: GraphQLResolveInfo
) -> Any:
    """The REST id: the number of the object's global id (`gid://shopify/Order/42` is 42)."""
    gid = str(source.get("id") or "") if isinstance(source, dict) else ""
    number = gid_number(gid)
    if not number.isdigit():
        raise not_supported(gid_type(gid) or "Node", "legacyResourceId")
    return number


@derived_on_every_type("shop")
def payload_shop(ctx: Context, source: Any, args: dict[str, Any], info: GraphQLResolveInfo) -> Any:
    """A mutation payload's `shop` is the shop the mutation ran on."""
    from stockbridge_sandboxes.shopify.resolvers.reads import shop

    parent = info.parent_type.name if info is not None else "Node"
    if not parent.endswith("Payload"):
        raise not_supported(parent, "shop")
    return shop(ctx, None, args, info)
