"""`tagsAdd` / `tagsRemove`."""

from __future__ import annotations

from typing import Any

from graphql import GraphQLResolveInfo

from stockbridge.sandboxes.shopify.gid import gid_type
from stockbridge.sandboxes.shopify.resolvers.payloads import (
    normalize_tags,
    user_error,
)
from stockbridge.sandboxes.shopify.resolvers.registry import Context, mutation


def _tags(ctx: Context, args: dict[str, Any], add: bool) -> Any:
    obj = ctx.store.get(args.get("id"))
    if obj is None or gid_type(args.get("id")) not in (
        "Product",
        "Order",
        "Customer",
        "DraftOrder",
        "Article",
    ):
        return {"node": None, "userErrors": [user_error(["id"], "Object does not exist")]}
    incoming = normalize_tags(args.get("tags"))
    current = list(obj.get("tags") or [])
    if add:
        obj["tags"] = normalize_tags(current + incoming)
    else:
        drop = {t.lower() for t in incoming}
        obj["tags"] = [t for t in current if t.lower() not in drop]
    obj["updatedAt"] = ctx.store.now()
    return {"node": obj, "userErrors": []}


@mutation("tagsAdd")
def tags_add(ctx: Context, _s: Any, args: dict[str, Any], _i: GraphQLResolveInfo) -> Any:
    return _tags(ctx, args, add=True)


@mutation("tagsRemove")
def tags_remove(ctx: Context, _s: Any, args: dict[str, Any], _i: GraphQLResolveInfo) -> Any:
    return _tags(ctx, args, add=False)
