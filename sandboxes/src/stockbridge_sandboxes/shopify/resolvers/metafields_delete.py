"""`metafieldsDelete` and a metafield's `owner`.

Each identifier answers the metafield it deleted (`{ownerId, namespace, key}`) or null when
there was none, an unknown owner included: Shopify reports no userErrors for either.
"""

from __future__ import annotations

from typing import Any

from graphql import GraphQLResolveInfo

from stockbridge_sandboxes.shopify.resolvers.metafields import OWNER_TYPES, metafields_of
from stockbridge_sandboxes.shopify.resolvers.registry import Context, computed, mutation
from stockbridge_sandboxes.shopify.resolvers.webhooks import app_namespace
from stockbridge_sandboxes.shopify.store import Obj, is_ref


@mutation("metafieldsDelete")
def metafields_delete(ctx: Context, _s: Any, args: dict[str, Any], _i: GraphQLResolveInfo) -> Any:
    store = ctx.store
    deleted: list[Obj | None] = []
    for row in args.get("metafields") or []:
        owner = store.get(row.get("ownerId"))
        namespace = app_namespace(ctx, str(row.get("namespace")))
        found = next(
            (
                m
                for m in (metafields_of(store, owner) if owner is not None else [])
                if m.get("namespace") == namespace and m.get("key") == row.get("key")
            ),
            None,
        )
        if owner is None or found is None:
            deleted.append(None)
            continue
        owner["metafields"] = [
            e
            for e in owner.get("metafields") or []
            if not (is_ref(e) and e["__ref"] == found.get("id")) and e is not found
        ]
        if found.get("id"):
            store.delete(found["id"])
        deleted.append({"ownerId": owner["id"], "namespace": namespace, "key": row.get("key")})
    return {"deletedMetafields": deleted, "userErrors": []}


@computed("Metafield", "owner")
def metafield_owner(ctx: Context, src: Obj, _a: dict[str, Any], _i: GraphQLResolveInfo) -> Any:
    owner = ctx.store.deref(src.get("owner")) if is_ref(src.get("owner")) else None
    if owner is not None:
        return owner
    for type_name in OWNER_TYPES:
        for candidate in ctx.store.all(type_name):
            if any(m.get("id") == src.get("id") for m in metafields_of(ctx.store, candidate)):
                return candidate
    return None
