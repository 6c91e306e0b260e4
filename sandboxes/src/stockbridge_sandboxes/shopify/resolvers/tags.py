"""`tagsAdd` / `tagsRemove`."""

from __future__ import annotations

from typing import Any

from graphql import GraphQLError, GraphQLResolveInfo

from stockbridge_sandboxes.shopify.gid import gid_type
from stockbridge_sandboxes.shopify.resolvers.payloads import (
    normalize_tags,
    user_error,
)
from stockbridge_sandboxes.shopify.resolvers.registry import Context, mutation

TAGGABLE = ("Product", "Order", "Customer", "DraftOrder", "Article")
# Removal matches tags case-insensitively on products and customers, exactly on the others;
# a customer's added tags are stored lowercased (existing spellings stay). As recorded.
EXACT_REMOVAL = {"Order", "DraftOrder", "Article"}
LOWERCASED_ADDS = {"Customer"}


def _tags(ctx: Context, args: dict[str, Any], add: bool) -> Any:
    kind = gid_type(args.get("id"))
    if kind not in TAGGABLE:
        raise GraphQLError("invalid id", extensions={"code": "RESOURCE_NOT_FOUND"})
    obj = ctx.store.get(args.get("id"))
    if obj is None:
        return {"node": None, "userErrors": [user_error(["id"], "Object does not exist")]}
    incoming = normalize_tags(args.get("tags"))
    current = list(obj.get("tags") or [])
    if add:
        if kind in LOWERCASED_ADDS:
            incoming = [t.lower() for t in incoming]
        obj["tags"] = normalize_tags(current + incoming)
    elif kind in EXACT_REMOVAL:
        obj["tags"] = [t for t in current if t not in set(incoming)]
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
